// The simulated world of a service: the scheduler statechart (one actor)
// and its tasks (each the task statechart, side steps played by the world),
// on one virtual clock. The world keeps per-deployment counts up to date as
// tasks change and wakes the scheduler once per virtual second when they did
// (inferred cadence: ECS's scheduler reconciles periodically, not per event).
import { createActor, type InspectionEvent } from 'xstate';
import { serviceMachine } from '../../../machines/service.machine.ts';
import type { Deployment, Launch, ServiceContext, ServiceNotice, ServiceSettings, Stop } from '../../../machines/service.types.ts';
import { circuitBreakerThreshold, deploymentWanted, limits } from '../../../machines/service.rules.ts';
import type { CountsRow, Occurrence } from './service-occurrences.ts';
import { msOfSeconds, VirtualClock } from '../clock.ts';
import { mixSeed } from '../random.ts';
import { deploymentIds as deploymentIdsOf, drawDeploymentId, textHash } from '../ids.ts';
import type { Action, Scenario, TaskDefinition } from '../scenario/types.ts';
import { ServiceTask, type TaskChange, type TaskHost } from './service-task.ts';
import { unhealthyReason, type Phase } from './task-phase.ts';
import { releaseRestoredAtMs } from '../timings.ts';
import type { ContainerInstanceFleet, Placed } from './container-instances.ts';
import { ServicePlacement } from './placement.ts';
import { ZONE_COUNT } from '../scenario/placement-rules.ts';
import { spotShortage } from '../scenario/capacity.ts';
import { capacityProviderArn } from './service-events.ts';
import { ServiceLog } from './service-log.ts';
import { DeploymentBook } from './deployment-book.ts';
import { MessageRepeats } from './message-repeats.ts';
import { SpotShortage } from './spot-shortage.ts';
import { chooseStops } from './stop-choice.ts';
import { applyToTask, configurationUpdate, describeAction } from './action-notes.ts';

/** What the scheduler is at, for views (ServiceSimulation.view()). */
export interface ServiceView {
  /** its state: RECONCILING, STEADY, … */
  scheduler: string;
  desiredCount: number;
  /** the deployments DescribeServices lists now, PRIMARY among them */
  deployments: readonly Deployment[];
  settings: ServiceSettings;
  /** virtual ms before which the launch throttle starts no task, and whether the service was said to be impaired */
  launchNotBefore: number;
  impairedNoticed: boolean;
}

const TICK_MS = 1000;
/** Tasks one run may start in all (about 30 KB each): replacements and deployments count too. */
export const MAX_TASKS_STARTED = 50_000;
// the zones instances and tasks sit in (placement-rules.ts reads memberOf against them)
const AZ_COUNT = ZONE_COUNT;

export type { CountsRow, InstanceChange, Occurrence } from './service-occurrences.ts';


export class ServiceSimulation implements TaskHost {
  readonly clock = new VirtualClock();
  readonly tasks: ServiceTask[] = [];
  readonly rows: CountsRow[] = [];
  readonly occurrences: Occurrence[] = [];
  /** registered task definitions by `family:revision` */
  readonly revisions = new Map<string, TaskDefinition>();
  /**
   * timeline actions as applied (or why not), and what changes in the world
   * around the service (`by: 'world'`); `after`: how many occurrences came
   * before it, so a list of both keeps the order they happened in, ties
   * included (an action taken after events of the same millisecond)
   */
  readonly notes: { t: number; note: string; by?: 'world' | 'scheduler'; after: number }[] = [];
  /** the stall at the last look, by what its note says (desired count and limits), or '' (its note is written once per stall) */
  private stallNoted = '';
  /** the scheduler's event log, as DescribeServices gives it (`events`) */
  private readonly log: ServiceLog;
  /** timeline actions that changed nothing, and why (also in `notes`) */
  readonly ignoredActions: { t: number; why: string }[] = [];
  /** each deployment's counts, active tasks by zone and provider split */
  private readonly book: DeploymentBook<ServiceTask>;
  private tickAt: number | null = null;
  /** lasting messages said again after six hours */
  private readonly repeats: MessageRepeats;
  /** the scheduler's calls for when launch back-offs end */
  private readonly wakeTimers = new Set<number>();
  private readonly service;
  private pendingNotices: ServiceNotice[] = [];
  private readonly maxTasksStarted: number;
  /** when the run stopped before its end (too many tasks; virtual ms), and why, for a page that words the time its own way */
  haltedAt: number | null = null;
  haltReason: string | null = null;
  /** why the run stopped before its end, in one sentence, or null */
  get halted(): string | null {
    return this.haltedAt === null ? null : `the run stopped at ${this.haltedAt / 1000} s: ${this.haltReason}`;
  }
  /** placement on the cluster's EC2 container instances, when the scenario gives them */
  readonly placement: ServicePlacement | null;
  /** Fargate Spot running out (a PlaceTask fault on a service using FARGATE_SPOT), or null */
  private readonly spot: SpotShortage | null;

  /** `inspect`: an inspection observer for the service actor (its tasks are not actors' children, so this stays small). */
  constructor(
    readonly scenario: Scenario,
    options: { inspect?: (ev: InspectionEvent, virtualMs: number) => void; maxTasksStarted?: number } = {},
  ) {
    this.maxTasksStarted = options.maxTasksStarted ?? MAX_TASKS_STARTED;
    const svc = scenario.service!;
    this.revisions.set(revisionKey(scenario.taskDefinition), scenario.taskDefinition);
    // One per deployment: the first, one per UpdateService revision and one
    // per rollback, drawn from their own stream (what the service is). At least 64: a deployment made on the page draws the next
    // one (below), and the same seed keeps giving it the id it always had.
    const deployments = 1 + scenario.timeline.filter((a) => a.action === 'UpdateService' && (a.taskDefinition !== null || a.forceNewDeployment)).length;
    const named = (this.namedIds = deploymentIdsOf(scenario));
    const deploymentIds = Array.from({ length: Math.max(64, deployments) }, () => drawDeploymentId(named));
    this.service = createActor(serviceMachine, {
      ...(options.inspect ? { inspect: (ev: InspectionEvent) => options.inspect!(ev, this.clock.now()) } : {}),
      clock: this.clock,
      input: {
        settings: {
          serviceName: svc.serviceName,
          minimumHealthyPercent: svc.deploymentConfiguration.minimumHealthyPercent,
          maximumPercent: svc.deploymentConfiguration.maximumPercent,
          circuitBreaker: svc.deploymentConfiguration.deploymentCircuitBreaker,
        },
        desiredCount: svc.desiredCount,
        deploymentIds,
      },
    });
    this.book = new DeploymentBook(AZ_COUNT, (svc.capacityProviderStrategy?.length ?? 0) > 1 ? svc.capacityProviderStrategy : null);
    this.placement = scenario.containerInstances
      ? new ServicePlacement(scenario, AZ_COUNT, {
          note: (text) => this.notes.push({ t: this.now(), note: text, by: 'world', after: this.occurrences.length }),
          notice: (n) => this.notice(n),
          instanceChanged: (i) =>
            this.occurrences.push({ kind: 'instance', t: this.now(), change: { instance: i, version: i.version, remaining: this.placement!.fleet.remaining(i) } }),
        })
      : null;
    this.log = new ServiceLog(scenario, () => this.now());
    this.repeats = new MessageRepeats({ clock: this.clock, messages: this.log.messages, lookNow: () => void (this.tickAt === null && this.tick()), notice: (n) => this.notice(n) });
    const shortage = spotShortage(scenario);
    this.spot = shortage
      ? new SpotShortage(shortage, {
          now: () => this.now(),
          setTimeout: (fn, ms) => void this.clock.setTimeout(fn, ms),
          note: (text) => this.notes.push({ t: this.now(), note: text, by: 'world', after: this.occurrences.length }),
          placementFailed: () =>
            this.notice({ eventName: 'SERVICE_TASK_PLACEMENT_FAILURE', eventType: 'ERROR', reason: 'RESOURCE:FARGATE', capacityProviderArns: [capacityProviderArn(scenario, 'FARGATE_SPOT')] }),
          wake: () => this.markDirty(),
        })
      : null;
    this.service.on('service.launch', (e) => e.launches.forEach((l) => this.launch(l)));
    this.service.on('service.stop', (e) => e.stops.forEach((s) => this.stopTasks(s)));
    this.service.on('service.notice', (e) => e.notices.forEach((n) => this.notice(n)));
    this.service.start();
    this.service.send({ type: 'service.updated', taskDefinition: revisionKey(scenario.taskDefinition) });
    for (const a of scenario.timeline) this.clock.setTimeoutLast(() => this.act(a), msOfSeconds(a.at));
    const restoredAt = releaseRestoredAtMs(scenario);
    if (restoredAt !== null)
      this.clock.setTimeout(() => {
        this.notes.push({ t: this.now(), note: 'IAM role restored: network interfaces can be detached and deleted again (the ReleaseEni fault ends)', by: 'world', after: this.occurrences.length });
        for (const t of this.tasks) t.world.releaseRestored();
      }, restoredAt);
    this.markDirty();
  }

  get serviceSnapshot() {
    return this.service.getSnapshot();
  }

  /** The scheduler as the page and the CLI show it: a projection, not its machine's context. */
  view(): ServiceView {
    const { value, context: c } = this.service.getSnapshot();
    return { scheduler: String(value), desiredCount: c.desiredCount, deployments: c.deployments, settings: c.settings, launchNotBefore: c.launchNotBefore, impairedNoticed: c.impairedNoticed };
  }

  now(): number {
    return this.clock.now();
  }

  /** Run to `ms`, or until nothing more is scheduled (a steady service waits for nobody): virtual time stops there. */
  runUntil(ms: number): void {
    this.clock.advanceTo(ms, true);
  }

  act(a: Action): void {
    // read before the update changes it: does it start a deployment?
    const deploys = a.action === 'UpdateService' && this.deploymentFor(a) !== null;
    // listed before what it causes (events the update emits at once)
    const after = this.occurrences.length;
    const ignored = this.apply(a);
    // an app that stops answering changes nothing at once: say when its verdicts fall, as a task run alone does
    const said = a.action === 'HealthChecksFail' && !ignored ? `task ${a.task ?? 0}: ${this.tasks[a.task ?? 0]!.world.stopSaid.join('; ')}` : null;
    const note = said ?? describeAction(a, deploys);
    this.notes.push({ t: this.now(), note: ignored ?? note, after });
    if (ignored) this.ignoredActions.push({ t: this.now(), why: ignored });
    // what was done, and when, names the run's events (another click, another run: other ids)
    else this.actionsSalt = mixSeed(this.actionsSalt, textHash(JSON.stringify(a)), this.now());
  }
  /** The task definition an UpdateService would deploy now, or null when it starts no deployment (the scheduler's rule). */
  private deploymentFor(a: Extract<Action, { action: 'UpdateService' }>): string | null {
    const update = { forceNewDeployment: a.forceNewDeployment, ...(a.taskDefinition ? { taskDefinition: revisionKey(a.taskDefinition) } : {}) };
    return deploymentWanted(this.service.getSnapshot().context.deployments, update);
  }
  /** The stream the deployment ids are drawn from (what the service is), for those past the first ones. */
  private namedIds: ReturnType<typeof deploymentIdsOf>;
  /** Every action applied so far, mixed: the service's event ids mix it in (service-output.ts). */
  actionsSalt = 0;

  private apply(a: Action): string | null {
    if (this.halted) return `${a.action} ignored: ${this.halted}`;
    if (a.action === 'UpdateService') {
      if (a.taskDefinition && a.desiredCount === null && !a.deploymentConfiguration && this.deploymentFor(a) === null)
        return `UpdateService changes nothing: the service already runs ${revisionKey(a.taskDefinition)} (forceNewDeployment: true deploys it again)`;
      if (a.taskDefinition) this.revisions.set(revisionKey(a.taskDefinition), a.taskDefinition);
      const { deploymentIds, deploymentsMade } = this.service.getSnapshot().context;
      this.service.send({
        type: 'service.updated',
        // the scenario's ids are spent (deployments asked for on the page): the same stream names the next
        ...(deploymentsMade >= deploymentIds.length ? { deploymentId: drawDeploymentId(this.namedIds) } : {}),
        ...(a.desiredCount !== null ? { desiredCount: a.desiredCount } : {}),
        ...(a.taskDefinition ? { taskDefinition: revisionKey(a.taskDefinition) } : {}),
        ...(a.forceNewDeployment ? { forceNewDeployment: true } : {}),
        ...(a.deploymentConfiguration ? { configuration: configurationUpdate(a.deploymentConfiguration) } : {}),
      });
      this.markDirty();
      return null;
    }
    return applyToTask(this.tasks[a.task ?? 0], a, this.book.strategy !== null);
  }

  // TaskHost: called by a task after each of its steps.
  taskChanged(task: ServiceTask, from: Phase, to: Phase, change: TaskChange): void {
    if (task.placed && from !== to) this.placement!.taskMoved(task.placed, to);
    const k = this.book.countsFor(task.deploymentId);
    const { startedRunning, turnedHealthy, failed } = change;
    if (startedRunning) k.newlyRunning++;
    if (turnedHealthy) k.newlyHealthy++;
    if (failed === 'toStart') k.newlyFailed++;
    if (failed === 'afterRunning') k.newlyFailedAfterRunning++;
    if (from !== to) {
      this.log.taskPhase(task, from, to);
      this.book.moved(task, from, to, task.scenario.capacityProviderName);
    }
    if (from !== to || startedRunning || failed) this.markDirty();
  }

  deploymentFailed(deploymentId: string): boolean {
    return this.service.getSnapshot().context.deployments.some((d) => d.id === deploymentId && d.rolloutState === 'FAILED');
  }

  admit(task: ServiceTask, start: () => void): boolean {
    return this.placement!.admit(task.placed!, start);
  }

  /** The cluster's container instances (null: always room). */
  get fleet(): ContainerInstanceFleet | null {
    return this.placement?.fleet ?? null;
  }

  /** Why placing failed last (RESOURCE:CPU, or RESOURCE:FARGATE when Fargate Spot ran out), or null. */
  get placementFailure(): string | null {
    if (this.spot?.failing) return 'RESOURCE:FARGATE';
    return this.placement?.failing ? this.placement.lastFailure : null;
  }

  taskOccurred(task: ServiceTask, frame: number): void {
    this.occurrences.push({ kind: 'task', task, frame });
    this.log.taskFrame(task, frame);
  }

  /** The scheduler's event log (DescribeServices `events`, as facts). */
  get messages() {
    return this.log.messages;
  }
  private markDirty() {
    if (this.tickAt !== null) return;
    this.tickAt = Math.floor(this.now() / TICK_MS) * TICK_MS + (this.now() === 0 ? 0 : TICK_MS);
    this.clock.setTimeout(() => this.tick(), this.tickAt - this.now());
  }

  private tick() {
    this.tickAt = null;
    this.log.lookStarted();
    this.placement?.lookStarted();
    this.service.send({ type: 'scheduler.tick', now: this.now(), counts: this.book.look() });
    this.placement?.lookEnded();
    const s = this.service.getSnapshot();
    this.repeats.sayDue(String(s.value));
    this.book.forgetGone(s.context.deployments);
    // a stall is silent in the counts (nothing moves): the table says when it began, once until it ends
    // (and again when new limits, or a new desired count, still leave it stuck: the note's numbers changed)
    const { desiredCount, settings } = s.context;
    const stalled = this.log.lookEnded(s.context) ? `${desiredCount}/${settings.minimumHealthyPercent}/${settings.maximumPercent}` : '';
    if (stalled && stalled !== this.stallNoted) this.notes.push({ t: this.now(), note: stallNote(s.context), by: 'scheduler', after: this.occurrences.length });
    this.stallNoted = stalled;
    // A throttled launch needs the scheduler again when the back-off ends;
    // a steady service wants no launch, so nothing is left waiting for it.
    const wake = s.context.launchNotBefore - this.now();
    if (s.value === 'STEADY') {
      // nothing is wanted any more: no launch is failing for want of Spot
      this.spot?.settled();
      for (const id of this.wakeTimers) this.clock.clearTimeout(id);
      this.wakeTimers.clear();
    } else if (wake > 0) {
      const id = this.clock.setTimeout(() => {
        this.wakeTimers.delete(id);
        this.markDirty();
      }, wake);
      this.wakeTimers.add(id);
    }
    const breaker = s.context.settings.circuitBreaker;
    this.rows.push({
      t: this.now(),
      desiredCount: s.context.desiredCount,
      state: String(s.value),
      deployments: this.book.rows(s.context.deployments),
      failedThreshold: breaker.enable ? circuitBreakerThreshold(s.context.desiredCount, breaker.thresholdConfiguration) : null,
      notices: this.pendingNotices,
    });
    this.pendingNotices = [];
  }

  /**
   * Too many tasks for one run (a service whose tasks keep failing, without a
   * circuit breaker, relaunches for ever): the run stops here, with what it
   * has, rather than run out of memory.
   */
  private halt() {
    this.haltedAt = this.now();
    this.haltReason = `the service would start more than ${this.maxTasksStarted.toLocaleString('en-US')} tasks, the simulator's limit for one run`;
    this.notes.push({ t: this.now(), note: this.halted!, by: 'world', after: this.occurrences.length });
    this.clock.halt();
  }

  private notice(n: ServiceNotice) {
    this.occurrences.push({ kind: 'service', t: this.now(), notice: n });
    this.pendingNotices.push(n);
    this.log.notice(n, this.placement?.lastFailure ?? null);
    // Each capacity provider of the strategy is steady with the service (AWS's
    // list of INFO events; that the two come together is our model).
    const strategy = this.scenario.service!.capacityProviderStrategy;
    if (n.eventName === 'SERVICE_STEADY_STATE' && strategy)
      this.notice({ eventName: 'CAPACITY_PROVIDER_STEADY_STATE', eventType: 'INFO', capacityProviderArns: strategy.map((p) => capacityProviderArn(this.scenario, p.capacityProvider)) });
  }

  private launch(l: Launch) {
    if (this.tasks.length + l.count > this.maxTasksStarted) return this.halt();
    const def = this.revisions.get(l.taskDefinition)!;
    const started: number[] = [];
    const split = this.book.splitFor(l.deploymentId);
    for (let i = 0; i < l.count; i++) {
      const provider = split?.place() ?? null;
      // on Fargate Spot with no capacity: not launched, and not put on FARGATE instead
      if (this.spot && !this.spot.places(provider ?? this.scenario.capacityProviderName)) continue;
      const zones = this.book.zonesFor(l.deploymentId);
      let az = zones[0]!;
      let placed: Placed | null = null;
      if (this.placement) {
        placed = this.placement.place(def, zones, `task ${this.tasks.length}`);
        // Not launched: the scheduler tries again on its next look (the counts stay short).
        if (!placed) break;
        az = placed.instance.az;
      }
      const task = new ServiceTask(this, this.tasks.length, l.deploymentId, def, az, placed, provider);
      this.tasks.push(task);
      this.book.launched(task);
      started.push(task.index);
      task.start();
    }
    this.log.started(started);
    this.spot?.launchEnded(split);
  }

  /** Stop `count` tasks of a deployment (which ones: stop-choice.ts). */
  private stopTasks(s: Stop) {
    const split = s.prefer === 'unhealthy' ? undefined : this.book.splitOf(s.deploymentId);
    const chosen = chooseStops(this.book.activeSet(s.deploymentId), s, this.book.load, this.placement, split && { quotas: split.stopQuotas(s.count), aboveBase: (p) => split.aboveBase(p) });
    const arns = this.scenario.loadBalancers.map((lb) => lb.targetGroupArn);
    // the log says what it stops before the tasks start to drain
    this.log.stopped([...chosen].map((t) => t.index));
    for (const t of chosen) {
      const reason = s.prefer === 'unhealthy' ? unhealthyReason(t.world.targets, arns) : s.reason;
      t.world.send({ type: 'task.stopRequested', stopCode: s.stopCode, reason });
    }
  }
}

/** How a task definition is named: `family:revision`, as in its ARN. */
export const revisionKey = (td: TaskDefinition) => `${td.family}:${td.revision}`;

/** A deployment held still by its limits, with the counts they round to (75/125 of 2 tasks is 2 and 2). */
function stallNote(c: ServiceContext): string {
  const { minimumHealthyPercent: min, maximumPercent: max } = c.settings;
  const { minHealthy, maxTotal } = limits(c.desiredCount, min, max);
  return `deployment stuck: of ${c.desiredCount} tasks, minimumHealthyPercent ${min} keeps ${minHealthy} healthy and maximumPercent ${max} allows ${maxTotal} in all, so no old task can stop and no new one start ("was unable to stop or start tasks during a deployment because of the service deployment configuration."); an UpdateService with other limits moves it`;
}
