// Step and Step back: on to the next change a person can see, or back to
// the moment before the last one (a replay of the run from its start), each
// said for a screen reader as the eyes see it. createControls wires the
// buttons (and their keys) to these.
import type { Simulation } from '../sim/types.ts';
import type { ServiceSimulation } from '../sim/service/service-simulation.ts';
import { serviceMessages } from '../sim/service/service-output.ts';
import { deploymentStalled, failedDeploymentSaid } from '../sim/service/service-log.ts';
import { sayAloud } from './dom.ts';
import type { ServiceRun } from './service/service.run.ts';
import { MAX_REPLAY_MS, type Clocked, type Driver } from './sim.driver.ts';
import { idleHint } from './status.view.ts';
import { serviceBackSaid, serviceStepSaid, taskBackSaid, taskStepSaid, type TaskSeen } from './step.said.ts';
import { formatSeconds } from './time.ts';

/** A Step back that will take longer than this (real ms, a replay) says so before it starts. */
const SAY_REPLAY_MS = 150;
/** Which simulation the page drives: one task, or a service of tasks. */
export type Mode = 'task' | 'service';

export const ENDED: Record<Mode, string> = {
  task: 'The task is STOPPED, and a stopped task never runs again: Run task runs the scenario afresh, as a new RunTask (the same seed gives the same task ID and timings: change "seed" in the JSON for another draw).',
  service: 'This run of the service has ended: Run service starts it again from the scenario.',
};

export interface SteppingDeps {
  drivers: { task: Driver<Simulation>; service: Driver<Clocked> };
  /** the driver of the view shown */
  active(): Driver<Clocked>;
  what(): Mode;
  /** write the notice */
  say(text: string): void;
  /** the live region Step speaks in */
  said: HTMLElement;
  /** a fresh task or service from the scenario, paused; false when the scenario is invalid */
  startTask(thenPlay: boolean): boolean;
}

export function createStepping({ drivers, active, what, say, said, startTask }: SteppingDeps) {
  const driver = drivers.task;

  function stepForward(): void {
    const d = active();
    // The end of a run stays on screen: a new one starts only when asked for.
    if (d.sim?.isStopped()) return void say(ENDED[what()]);
    if (!d.sim) {
      if (!startTask(false)) return;
      say((pausedNotice = `A new ${what()} is created, paused: Step moves it to its next change.`));
      return void d.touch();
    }
    // stepping is for looking closely: a run still playing would carry on past the change it shows
    // (said first: Play's label changes out of sight of someone listening to Step)
    const paused = d.playing ? 'Paused. ' : '';
    if (paused) d.pause();
    const before = what() === 'service' ? serviceStatuses() : null;
    const seen = driver.sim?.trace.length ?? 0;
    const service = (drivers.service.sim as ServiceRun | null)?.sim;
    const notesSeen = service?.notes.length ?? 0;
    const eventsSeen = service?.occurrences.length ?? 0;
    const rowsSeen = service?.rows.length ?? 0;
    const logSeen = new Set(service?.scenario.service ? serviceMessages(service).map((m) => m.id) : []);
    if (stepVisibly(d)) {
      say('');
      // what the scheduler noted (an action applied), the service events it emitted, the lines
      // of its log and its counts when they changed (a Step may stop for those alone)
      const occurred = service?.occurrences.slice(eventsSeen) ?? [];
      const logged = () => serviceMessages(service!).filter((m) => !logSeen.has(m.id)).reverse().map((m) => m.message);
      const notes = () => [
        ...service!.notes.slice(notesSeen).map((n) => n.note),
        ...occurred.flatMap((o) => (o.kind === 'service' ? [o.notice.eventName] : [])),
        ...logged(),
      ];
      // tasks with an event of their own in the step (a container's change shows only there)
      const touched = new Set(occurred.flatMap((o) => (o.kind === 'task' ? [o.task.index] : [])));
      sayAloud(said, paused + (before ? serviceStepSaid(d.sim!.now(), before, serviceStatusList(), notes(), touched, countsSaid(service!.rows, rowsSeen)) : taskStepSaid(driver.sim!.now(), driver.sim!.trace.slice(seen))));
    } else if (what() === 'service') say(`Nothing is scheduled: ${idleServiceHint(service!)}`);
    else say(`Nothing is scheduled: ${idleHint(driver.sim!.view())}.`);
  }
  /** The scheduler's counts after a step, per deployment, when its looks since `from` changed them. */
  function countsSaid(rows: ServiceSimulation['rows'], from: number): string | null {
    const last = rows.at(-1);
    const was = rows[from - 1];
    if (!last || rows.length === from) return null;
    const said = (r: typeof last) => r.deployments.map((x) => `${x.taskDefinition} ${x.pending} pending, ${x.running} running, ${x.healthy} healthy, ${x.stopping} stopping`).join('; ');
    return was && said(was) === said(last) ? null : `counts ${said(last)}`;
  }
  /** The service's tasks still alive (and so able to change), by index, with their status. */
  function serviceStatusList(): TaskSeen[] {
    const run = drivers.service.sim as ServiceRun | null;
    if (run !== stopped.run) stopped = { run, tasks: new Set() };
    return (run?.sim.tasks ?? []).filter((t) => !stopped.tasks.has(t.index)).map((t) => ({ index: t.index, status: t.lastStatus, desiredStatus: t.view.desiredStatus }));
  }
  /** the run's tasks STOPPED before this step: nothing more can happen to them (a thousand-task service is not walked whole) */
  let stopped: { run: ServiceRun | null; tasks: Set<number> } = { run: null, tasks: new Set() };
  function serviceStatuses(): Map<number, TaskSeen> {
    const now = serviceStatusList();
    for (const t of now) if (t.status === 'STOPPED') stopped.tasks.add(t.index);
    return new Map(now.map((t) => [t.index, t]));
  }

  /**
   * Step to the next change a person can see: a timer that changes nothing (a
   * detach retried while the IAM role is missing, a check that finds nothing new, a
   * service's scheduler finding all as it should be) would otherwise move only
   * the clock. The task's trace says what changed; a service's occurrences (an
   * event of a task, the scheduler's or an instance's) and the scheduler's notes.
   */
  function stepVisibly(d: Driver<Clocked>): boolean {
    // the same count of changes Step back goes back by
    const seen = d.changes();
    let moved = false;
    for (let i = 0; i < 1000 && d.step(); i++) {
      moved = true;
      if (d.changes() !== seen || d.sim?.isStopped()) break;
    }
    return moved;
  }

  function backPressed(): void {
    const d = active();
    if (!d.sim) return void say(`No ${what()} yet: nothing to step back from.`);
    // a press while a replay is announced: one more to do after it
    if (replaying) return void (queued++, say(`Stepping back ${queued + 1} changes: replaying the run from its start…`));
    const paused = d.playing ? 'Paused. ' : '';
    if (paused) d.pause();
    // a replay that takes a moment (a big service) says so first, or the page just seems stuck
    if (d.backCost < SAY_REPLAY_MS) return stepBack(d, paused);
    say('Stepping back: replaying the run from its start…');
    replaying = d.sim;
    queued = 0;
    window.setTimeout(() => {
      // a Reset, another run or another scenario meanwhile: that run is not the one to take back
      const still = replaying === d.sim;
      replaying = null;
      if (!still) return;
      stepBack(d, paused);
      for (; queued > 0 && d.canGoBack; queued--) stepBack(d, paused);
      queued = 0;
    }, 40);
  }
  /**
   * The run a Step back is about to replay (after saying so), and the presses
   * made meanwhile: each is done after it. The button stays enabled, so the
   * keyboard focus stays on it.
   */
  let replaying: Clocked | null = null;
  let queued = 0;
  /** what the last Step back said, cleared by Play */
  let backNotice: string | null = null;
  /** what the first Step said of the run it created */
  let pausedNotice: string | null = null;
  function stepBack(d: Driver<Clocked>, paused: string): void {
    const was = d.sim;
    const changesBefore = d.changes();
    const result = d.back();
    if (result === 'start') return void say(`${paused}This is the start of the run: there is nothing before it to go back to.`);
    if (result === 'long') return void say(`${paused}Step back replays the run from its start, and this run took too long to compute to replay it at once (over ${MAX_REPLAY_MS / 1000} s): Reset and run it again to look at an earlier moment.`);
    if (result === 'differs') return void say(`${paused}Step back could not rebuild this run as it was, so it stays as it is.`);
    const now = d.sim!.now();
    // an action of yours taken back is not done again by Step: say so, and how to redo it
    const yours = d.undone.length ? ` Taken back too: your ${d.undone.join(', then ')}; Step goes on without it (press it again to redo it).` : ' Step goes forward to it again.';
    const where = d.canGoBack ? ', before the last change.' : ': nothing earlier to go back to.';
    say((backNotice = `${paused}Back to t = ${formatSeconds(now, true)}${where}${d.undone.length ? yours : d.canGoBack ? yours : ''}`));
    if (what() === 'task') sayAloud(said, taskBackSaid((was as Simulation).trace.slice(driver.sim!.trace.length)));
    else sayAloud(said, serviceBackSaid(changesBefore - d.changes()));
  }

  return {
    step: stepForward,
    back: backPressed,
    /** a Step back said and not done yet: its button stays enabled for the presses meanwhile */
    get replaying(): Clocked | null {
      return replaying;
    },
    /** What is said of a paused moment ("Back to t = …", a run created paused): stale once the run plays. */
    isPausedNotice(text: string | null): boolean {
      return text !== null && (text === backNotice || text === pausedNotice);
    },
  };
}

/** Why a service has nothing scheduled, and what would move it. */
function idleServiceHint(service: ServiceSimulation): string {
  const cfg = service.serviceSnapshot.context.settings;
  if (deploymentStalled(service.serviceSnapshot.context))
    return `the deployment is stuck: minimumHealthyPercent ${cfg.minimumHealthyPercent} and maximumPercent ${cfg.maximumPercent} leave no room to start a new task or stop an old one. Only other limits move it: an UpdateService with a deploymentConfiguration in the scenario's timeline (or new limits in the JSON, which starts the run over).`;
  const failed = failedDeploymentSaid(service.serviceSnapshot.context);
  if (failed) return failed;
  const failure = service.placementFailure;
  if (failure === 'RESOURCE:FARGATE') return 'the service is short of tasks: Fargate Spot has no capacity for the next one (the “No Fargate Spot capacity” fault: PlaceTask in the JSON), and ECS does not fall back to FARGATE.';
  if (failure) return `the service is short of tasks: no instance has room for the next one (${failure}), and the scheduler tries again when its tasks change (Desired count, Deploy new revision, Crash a task).`;
  return 'the service is steady until you change it (Desired count, Deploy new revision, Crash a task).';
}
