// A service simulation as the driver and the controls see it: a virtual
// clock that steps, and the three things a person does to a service (scale,
// deploy, crash a task), each applied as an action at the current time.
import type { InspectionEvent } from 'xstate';
import type { Deployment, ServiceContext } from '../../../machines/service.types.ts';
import type { Action, Fault, Scenario, TaskDefinition } from '../../sim/scenario/types.ts';
import { createRandom, mixSeed, type Random } from '../../sim/random.ts';
import { noChecksOn } from '../../sim/stops-answering.ts';
import { ServiceSimulation } from '../../sim/service/service-simulation.ts';
import type { ServiceTask } from '../../sim/service/service-task.ts';
import { msOfSeconds } from '../../sim/clock.ts';
import type { Clocked } from '../sim.driver.ts';
import type { PageAction } from '../page-actions.ts';

/**
 * What a person pausing at a deployment's milestones wants to stop at: it
 * began, completed, failed, its tasks keep failing to start, or the next one
 * finds no room (said once per shortage: a Spot service running short for
 * twenty minutes must not pass by unseen at max speed).
 */
const DEPLOYMENT_MOMENTS: ReadonlySet<string> = new Set(['SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_DEPLOYMENT_FAILED', 'SERVICE_TASK_START_IMPAIRED', 'SERVICE_TASK_PLACEMENT_FAILURE']);

export class ServiceRun implements Clocked {
  readonly sim: ServiceSimulation;
  /**
   * Every deployment the scheduler has listed, as it last listed it, in the
   * order they appeared. Recorded at each scheduler step, not when a frame is
   * painted: at "max" one frame covers many steps, and a deployment dropped
   * meanwhile (drained, INACTIVE) must still show its final rollout state and
   * failed tasks.
   */
  readonly deployments = new Map<string, Deployment>();
  /**
   * What the page did to the service, each at the time it did it, with the
   * fault a broken deploy adds: added to the scenario, it replays the same.
   */
  readonly performed: PageAction[] = [];
  /** which RUNNING task "Crash a task" picks */
  private readonly crashes: Random;
  /** …and which "Fail a task's checks" picks (a stream of its own: the crashes stay where they were) */
  private readonly failures: Random;
  /** deploymentMoments: how far the run's occurrences were read, what they held */
  private momentsRead = 0;
  private moments = { count: 0, last: '' };

  constructor(scenario: Scenario, inspect?: (ev: InspectionEvent, virtualMs: number) => void) {
    const record = (ev: InspectionEvent, virtualMs: number) => {
      // only the scheduler is inspected here: its tasks are not its children
      if (ev.type === '@xstate.snapshot' && ev.actorRef.sessionId === ev.rootId)
        for (const d of (ev.snapshot as Partial<{ context: ServiceContext }>).context?.deployments ?? []) this.deployments.set(d.id, d);
      inspect?.(ev, virtualMs);
    };
    // the broken-image fault is appended to the scenario's faults, and the timeline's revisions may
    // be renumbered (deploy): keep the editor's scenario untouched
    const timeline = scenario.timeline.map((a) => (a.action === 'UpdateService' && a.taskDefinition ? { ...a, taskDefinition: { ...a.taskDefinition } } : a));
    this.sim = new ServiceSimulation({ ...scenario, faults: [...scenario.faults], timeline }, { inspect: record });
    this.crashes = createRandom(scenario.seed);
    this.failures = createRandom(mixSeed(scenario.seed, 1));
  }

  now(): number {
    return this.sim.clock.now();
  }

  /**
   * What a person can see change, counted: a task's move on the board (its
   * lastStatus or desiredStatus; a container's own change shows only in the
   * opened task, and its event in the download), a service or instance event,
   * an action or a world note, a line of the scheduler's log, and a look of
   * the scheduler whose counts or rollout differ from the one before (the
   * counts and the deployments table). Step stops at each; Step back goes
   * back by them.
   */
  changes(): number {
    const rows = this.sim.rows;
    for (; this.rowsRead < rows.length; this.rowsRead++) {
      const r = rows[this.rowsRead]!;
      const key = JSON.stringify([r.state, r.desiredCount, r.deployments]);
      if (key !== this.lastRow) (this.seen++, (this.lastRow = key));
    }
    const occurrences = this.sim.occurrences;
    for (; this.occurrencesRead < occurrences.length; this.occurrencesRead++) {
      const o = occurrences[this.occurrencesRead]!;
      const was = o.kind === 'task' ? o.task.frames[o.frame - 1] : undefined;
      const now = o.kind === 'task' ? o.task.frames[o.frame]! : undefined;
      if (!now || !was || was.lastStatus !== now.lastStatus || was.context.desiredStatus !== now.context.desiredStatus) this.seen++;
    }
    return this.seen + this.sim.notes.length + this.sim.messages.version;
  }
  private rowsRead = 0;
  private occurrencesRead = 0;
  /** distinct looks of the scheduler and occurrences a person sees, counted so far */
  private seen = 0;
  private lastRow = '';

  nextAt(): number | null {
    return this.sim.clock.nextAt();
  }

  advanceTo(ms: number): void {
    this.sim.clock.advanceTo(ms);
  }

  step(): boolean {
    const next = this.sim.clock.nextAt();
    if (next === null) return false;
    // a repeat on the way (six hours after a lasting message) is a change of its own: stop there
    const repeat = this.sim.clock.nextPassiveAt();
    this.sim.clock.advanceTo(repeat !== null && repeat < next ? repeat : next);
    return true;
  }

  /** A service runs until it is deleted (it waits, steady, for the next change), or until a run would start too many tasks. */
  isStopped(): boolean {
    return this.sim.halted !== null;
  }

  stop(): void {
    // nothing to release: its timers live on its own clock, dropped with it
  }

  /**
   * The deployment's moments so far, counted, with the last one's event name:
   * what "Pause at each deployment event" watches. Read on from where the last
   * call stopped (a run of thousands of tasks has many occurrences).
   */
  deploymentMoments(): string {
    const occurred = this.sim.occurrences;
    // all those of one move, in order: a failed deployment's rollback starts in the instant it fails,
    // and the pause is for the FAILED a learner waits for as much as for the rollback
    const fresh: string[] = [];
    for (; this.momentsRead < occurred.length; this.momentsRead++) {
      const o = occurred[this.momentsRead]!;
      if (o.kind === 'service' && DEPLOYMENT_MOMENTS.has(o.notice.eventName)) fresh.push(o.notice.eventName);
    }
    if (fresh.length) this.moments = { count: this.moments.count + fresh.length, last: fresh.join(', then ') };
    return `${this.moments.count} ${this.moments.last}`;
  }

  setDesiredCount(n: number): void {
    this.perform({ at: this.now() / 1000, action: 'UpdateService', desiredCount: n, taskDefinition: null, forceNewDeployment: false });
  }

  /** UpdateService with a deploymentConfiguration: these two limits, the circuit breaker as it is. */
  setLimits(minimumHealthyPercent: number, maximumPercent: number): void {
    const deploymentConfiguration = { minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker: null };
    this.perform({ at: this.now() / 1000, action: 'UpdateService', desiredCount: null, taskDefinition: null, forceNewDeployment: false, deploymentConfiguration });
  }

  private perform(action: Action, more: Omit<PageAction, 'action'> = {}): void {
    const ignored = this.sim.ignoredActions.length;
    this.sim.act(action);
    if (this.sim.ignoredActions.length === ignored) this.performed.push({ action, ...more });
  }

  /** UpdateService with forceNewDeployment: the revision the service runs, deployed again. */
  forceNewDeployment(): void {
    this.perform({ at: this.now() / 1000, action: 'UpdateService', desiredCount: null, taskDefinition: null, forceNewDeployment: true });
  }

  /**
   * Register and deploy the next revision: the scenario's containers, or with
   * `broken` the first essential container on an image that cannot be pulled
   * (a PullImage fault by image, read when each task of it is created).
   */
  deploy(broken: boolean): TaskDefinition {
    const base = this.lastGoodRevision();
    // ECS numbers revisions as they are registered: this one comes next, and those the timeline
    // registers later move up one (their numbers were given when the file was read)
    const revision = Math.max(...[...this.sim.revisions.values()].filter((td) => td.family === base.family).map((td) => td.revision)) + 1;
    for (const a of this.sim.scenario.timeline)
      if (a.action === 'UpdateService' && a.taskDefinition && msOfSeconds(a.at) > this.now() && a.taskDefinition.family === base.family && a.taskDefinition.revision >= revision) a.taskDefinition.revision++;
    const essential = base.containerDefinitions.find((c) => c.essential) ?? base.containerDefinitions[0]!;
    const image = `${essential.image.replace(/:[^:/]*$/, '')}:broken-r${revision}`;
    const td: TaskDefinition = {
      ...base,
      revision,
      containerDefinitions: base.containerDefinitions.map((c) => (broken && c === essential ? { ...c, image } : c)),
    };
    const fault: Fault = { step: 'PullImage', container: null, image };
    if (broken) this.sim.scenario.faults.push(fault);
    this.perform({ at: this.now() / 1000, action: 'UpdateService', desiredCount: null, taskDefinition: td, forceNewDeployment: false }, {
      ...(broken ? { fault } : {}),
      deployed: {
        from: `${base.family}:${base.revision}`,
        // a revision the timeline registered: the file's words for it are in that entry
        timelineIndex: this.sim.scenario.timeline.findIndex((a) => a.action === 'UpdateService' && a.taskDefinition === base),
        image: broken ? { container: essential.name, image } : null,
      },
    });
    return td;
  }

  /**
   * The last revision registered (not the highest number: one deployed from
   * the page may outnumber one the timeline deploys later) none of whose
   * images is known to fail to pull: the base of the next one.
   */
  private lastGoodRevision(): TaskDefinition {
    const faulted = new Set(this.sim.scenario.faults.flatMap((f) => (f.step === 'PullImage' && f.image ? [f.image] : [])));
    const good = [...this.sim.revisions.values()].filter((td) => td.containerDefinitions.every((c) => !faulted.has(c.image)));
    return good.at(-1) ?? this.sim.scenario.taskDefinition;
  }

  /** An essential container of a RUNNING task exits with code 1; the task's index, or null when none runs. */
  crashTask(): number | null {
    const running = this.sim.tasks.filter((t) => t.lastStatus === 'RUNNING' && t.view.desiredStatus === 'RUNNING');
    if (running.length === 0) return null;
    // seeded, like the rest of the run: the same scenario and clicks crash the same tasks
    const task = running[this.crashes.between(0, running.length - 1)]!;
    const container = task.taskDefinition.containerDefinitions.find((c) => c.essential)?.name ?? task.taskDefinition.containerDefinitions[0]!.name;
    this.perform({ at: this.now() / 1000, action: 'ContainerExit', task: task.index, container, exitCode: 1 });
    return task.index;
  }

  /**
   * The app of a task stops answering its health checks (HealthChecksFail):
   * task `index` (its panel's button), or a RUNNING task whose app still
   * answers, picked as Crash a task picks one. The task's index, the
   * container, why nothing changed, the words of its lanes, and whether its
   * scheduler replaces it; null when no task can be failed (failChecksOff).
   */
  failTaskChecks(index: number | null = null): { index: number; container: string; ignored: string | null; said: readonly string[]; replaced: boolean } | null {
    const open = this.sim.tasks.filter((t) => (index === null ? t.lastStatus === 'RUNNING' : t.index === index) && failChecksOff(t) === null);
    if (open.length === 0) return null;
    const task = index === null ? open[this.failures.between(0, open.length - 1)]! : open[0]!;
    const container = checkedContainer(task)!;
    const before = this.sim.ignoredActions.length;
    this.perform({ at: this.now() / 1000, action: 'HealthChecksFail', task: task.index, container });
    const ignored = this.sim.ignoredActions.length > before ? this.sim.ignoredActions.at(-1)!.why : null;
    // the scheduler replaces the task for a target's verdict or an essential container's, not a sidecar's
    const s = task.scenario;
    const replaced = s.loadBalancers.some((lb) => lb.containerName === container) || s.taskDefinition.containerDefinitions.some((c) => c.name === container && c.essential);
    return { index: task.index, container, ignored, said: ignored ? [] : task.world.stopSaid, replaced };
  }
}

/**
 * The container whose checks failing matters most: the one the load balancer
 * sends to, else one with a healthCheck, an essential one first (a sidecar's
 * failing leaves the task healthy). Null when none has a check.
 */
export function checkedContainer(task: ServiceTask): string | null {
  const s = task.scenario;
  const named = s.loadBalancers[0]?.containerName;
  const withCheck = [...s.taskDefinition.containerDefinitions].sort((a, b) => Number(b.essential) - Number(a.essential)).find((c) => c.healthCheck !== null)?.name;
  const container = named ?? withCheck;
  return container !== undefined && noChecksOn(s, container) === null ? container : null;
}

/** Why the app of `task` cannot be made to stop answering now (stopping, no check, stopped answering already), or null. */
export function failChecksOff(task: ServiceTask): string | null {
  const v = task.view;
  if (v.lastStatus === 'STOPPED') return `Task ${task.index} is STOPPED`;
  if (v.desiredStatus === 'STOPPED') return `Task ${task.index} is stopping: its health checks no longer count`;
  const container = checkedContainer(task);
  if (container === null) return `Task ${task.index} has no health check to fail: no load balancer sends to it, and no container of it has a healthCheck`;
  if (task.world.stoppedAnswering(task.scenario, container)) return `The app in container ${container} of task ${task.index} stopped answering already`;
  return null;
}

