// The model of the environment: what the task's side steps (capacity, ENI,
// targets, Cloud Map, containers) and its users may do next, read off the task's
// mirror of what it knows. The task machine refuses no event by validity, so
// path generation offers only what a real child could send at that moment;
// this file is where "could" is decided. Every fault and action the scenario
// format knows is one of these choices.
import type { SpotStopCode, TaskStatus } from '../../../machines/status.ts';
import { scalingReason } from '../../../machines/service.rules.ts';
import { unhealthyReason } from '../service/task-phase.ts';
import { spotInterruptible } from '../scenario/consistency.ts';
import type { LaunchType, Scenario } from '../scenario/types.ts';
import { DEFAULT_STOP_TIMEOUT_S, pullErrorFor, SPOT_RECLAIM_MS } from '../timings.ts';
import { secretNotFoundError } from '../secrets.ts';
import { containerActorId, targetActorId } from '../../../machines/task.rules.ts';
import { DEPENDENCY_ERROR_EXIT_CODE } from '../../../machines/dependency-error.ts';
import type { ContainerOutput, TaskContext, TaskEvent, TaskShape } from '../../../machines/task.types.ts';
import { firstDeploymentId, taskOrigin } from '../ids.ts';

/** An event the world sends the task; `done` events carry their child's output. */
export type WorldEvent = TaskEvent;

const done = (id: string, output?: ContainerOutput): WorldEvent => ({ type: `xstate.done.actor.${id}`, output });

/**
 * The exit codes worth telling apart when a container ends by itself: 0 matters
 * to a container waiting for it (dependsOn SUCCESS, or COMPLETE: an init job
 * done is the path everyone expects, and its fixture), and, when endings are
 * told apart, an essential container that ends with 0 is a job done (the
 * commonest end of a RunTask) rather than a crash; anything else is "failed".
 */
function runExitCodes(c: TaskContext, spec: TaskShape['containers'][number], options: WorldOptions): number[] {
  const crashes = options.crashExitCodes?.[spec.name] ?? [1];
  return awaitedJob(c.shape, spec.name) || (options.cleanExits && spec.essential) ? [...new Set([...crashes, 0])] : crashes;
}

/** A container another waits on to end (dependsOn SUCCESS or COMPLETE): a job, whose exit with 0 is no mishap. */
export const awaitedJob = (shape: TaskShape, name: string) =>
  shape.containers.some((s) => s.dependsOn.some((d) => d.containerName === name && (d.condition === 'SUCCESS' || d.condition === 'COMPLETE')));

const firstEssential = (shape: TaskShape) => shape.containers.find((s) => s.essential);

/**
 * The codes each container exits with by itself, when the scenario says: each
 * RunContainer fault (by container, or by image for every container running
 * it) and each ContainerExit, in the order given (a segfault's 139, say). All
 * of them: which one acts depends on the moment (a ContainerExit before the
 * container started is ignored, a later one wins over a fault that would act
 * later still), and the listing must hold the ending `run` gives.
 */
function crashExitCodes(s: Scenario): Record<string, number[]> {
  const codes: Record<string, number[]> = {};
  const give = (name: string, code: number) => void ((codes[name] ??= []).includes(code) || codes[name].push(code));
  for (const f of s.faults) {
    if (f.step !== 'RunContainer') continue;
    for (const c of s.taskDefinition.containerDefinitions) if (f.container === c.name || (f.container === null && (f.image ?? null) === c.image)) give(c.name, f.exitCode);
  }
  for (const a of s.timeline) if (a.action === 'ContainerExit' && (a.task ?? null) === null) give(a.container, a.exitCode);
  return codes;
}

/** What the configuration allows beyond the task's shape. */
export interface WorldOptions {
  /** Fargate: the capacity may be reclaimed (Fargate Spot). EC2 tasks never get that notice. */
  spot: boolean;
  /**
   * After a Spot notice every container has ended before any drain does: no
   * drain ends before the reclaim, two minutes on (a deregistration delay of
   * at least that), and the reclaim kills what still runs before it ends the
   * drains; or the delay is longer than the slowest stop (a container killed
   * at its stopTimeout, after those that depend on it). Otherwise a drain may
   * end first: a container ignoring SIGTERM, or one waiting its turn behind a
   * dependsOn chain, still runs.
   */
  spotDrainOutlastsStops: boolean;
  /**
   * An essential container's exit starts the drain and the others' SIGTERM in
   * the same instant (the agent stops them itself): every container has ended
   * before the drain does when the deregistration delay is longer than the
   * slowest stop.
   */
  drainOutlastsStops: boolean;
  /**
   * 'service': a service's task (the scenario has a `service`): its scheduler
   * may stop it at any time (scale-in, deployment, failed health checks).
   * 'health': a task with a load balancer or a registry and no `service`,
   * as a service named after its family runs it (taskOrigin): only its
   * failed health checks stop it, once it is RUNNING, as `run` plays it.
   * null: a standalone task, which nothing replaces.
   */
  scheduler: 'service' | 'health' | null;
  /** for the scheduler's reasons */
  targetGroupArns: string[];
  /** each container's image, for the reason a failed pull gives (worded by the launch type) */
  images: Record<string, string>;
  launchType: LaunchType;
  /** the deployment that started a service's task, as a run of the scenario names it */
  deploymentId: string;
  /**
   * `--distinct outcomes`: an essential container may also end by itself with
   * 0, the first one, SIGTERMed, may fail by itself with 1 before its stopTimeout,
   * and a Spot notice may reach a task already stopping (it is SIGTERMed at
   * once, its drains cut short at the reclaim)
   */
  cleanExits?: boolean;
  /** a container's exit code on SIGTERM when a StopContainer fault gives one (else 0) */
  sigtermExitCodes: Record<string, number>;
  /** the exit codes a container's own exit gives, as the scenario's RunContainer faults and ContainerExits name them (else 1) */
  crashExitCodes?: Record<string, number[]>;
  /** the reason a StopTask gives, as the scenario's first StopTask with one words it (else ECS's default) */
  stopReason?: string | null;
  /** each secret named (its valueFrom) with the reason the task fails with when it is not there (none: it names none) */
  secretsErrors: { secret: string; reason: string }[];
  /** the stop code a Spot interruption gives */
  spotStopCode: SpotStopCode;
  /** each container's stopTimeout (ms): SIGKILLs adding up to two minutes or more after a Spot notice come with the reclaim */
  stopTimeoutsMs: Record<string, number>;
}

/** The options of a scenario's configuration. */
export const worldOptions = (s: Scenario): WorldOptions => ({
  spot: spotInterruptible(s).ok,
  spotDrainOutlastsStops: s.settings.deregistrationDelaySeconds * 1000 >= SPOT_RECLAIM_MS || s.settings.deregistrationDelaySeconds > slowestStopSeconds(s.taskDefinition.containerDefinitions),
  drainOutlastsStops: s.settings.deregistrationDelaySeconds > slowestStopSeconds(s.taskDefinition.containerDefinitions),
  scheduler: s.service !== null ? 'service' : taskOrigin(s).startedBy !== null ? 'health' : null,
  targetGroupArns: s.loadBalancers.map((lb) => lb.targetGroupArn),
  images: Object.fromEntries(s.taskDefinition.containerDefinitions.map((c) => [c.name, c.image])),
  launchType: s.launchType,
  deploymentId: s.service ? firstDeploymentId(s) : '',
  sigtermExitCodes: Object.fromEntries(s.faults.flatMap((f) => (f.step === 'StopContainer' && f.exitCode !== null ? [[f.container, f.exitCode]] : []))),
  crashExitCodes: crashExitCodes(s),
  // fixtures for a rule that matches the caller's reason (a deploy tool's words) carry it
  stopReason: s.timeline.flatMap((a) => (a.action === 'StopTask' && a.reason !== null && (a.task ?? null) === null ? [a.reason] : []))[0] ?? null,
  spotStopCode: s.settings.spotStopCode ?? 'SpotInterruption',
  stopTimeoutsMs: Object.fromEntries(s.taskDefinition.containerDefinitions.map((c) => [c.name, (c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S) * 1000])),
  // every secret named may be the one that is not there (each words its reason)
  secretsErrors: [...new Map(s.taskDefinition.containerDefinitions.flatMap((c) => c.secrets.map((x) => [x.valueFrom, secretNotFoundError(x.valueFrom, s.launchType, s.settings.region)] as const))).entries()].map(([secret, reason]) => ({ secret, reason })),
});

/**
 * The longest a stop can take, in seconds: a container gets SIGTERM once the
 * containers depending on it have stopped (reverse dependsOn), and may take
 * its whole stopTimeout before SIGKILL.
 */
function slowestStopSeconds(defs: Scenario['taskDefinition']['containerDefinitions']): number {
  const memo = new Map<string, number>();
  const stop = (name: string, seen: Set<string>): number => {
    if (memo.has(name)) return memo.get(name)!;
    if (seen.has(name)) return 0; // a cycle: refused by the loader, never here
    const own = defs.find((d) => d.name === name)?.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
    const after = Math.max(0, ...defs.filter((d) => d.dependsOn.some((x) => x.containerName === name)).map((d) => stop(d.name, new Set([...seen, name]))));
    memo.set(name, own + after);
    return own + after;
  };
  return Math.max(0, ...defs.map((d) => stop(d.name, new Set())));
}

/** A target failed its checks, or an essential container its own: what the scheduler replaces a task for (phaseOf's rule). */
const unhealthy = (c: TaskContext) => c.targets.includes('unhealthy') || c.shape.containers.some((s) => s.essential && c.containers[s.name]!.healthStatus === 'UNHEALTHY');

/** Why the scheduler stops this task now (facts §3): its failed health checks, else a scaling activity. */
function schedulerStop(c: TaskContext, options: WorldOptions): WorldEvent {
  const reason = unhealthy(c) ? unhealthyReason(c.targets, options.targetGroupArns) : scalingReason(options.deploymentId);
  return { type: 'task.stopRequested', stopCode: 'ServiceSchedulerInitiated', reason };
}

/**
 * Everything that may happen next. `visited` is the list of task states so
 * far: pulls are requested on entering PENDING, so a container can fail its
 * pull only after that.
 */
export function worldEvents(c: TaskContext, visited: readonly TaskStatus[], options: WorldOptions): WorldEvent[] {
  const out: WorldEvent[] = [];
  if (c.desiredStatus === 'RUNNING') {
    out.push(options.stopReason ? { type: 'task.stopRequested', reason: options.stopReason } : { type: 'task.stopRequested' });
    if (options.spot) out.push({ type: 'task.spotInterrupted' });
    if (options.scheduler === 'service' || (options.scheduler === 'health' && visited.at(-1) === 'RUNNING' && unhealthy(c))) out.push(schedulerStop(c, options));
  } else if (options.spot && options.cleanExits && c.spot === 'NONE' && c.targets.includes('draining') && anyContainerRunning(c))
    // a Spot notice while a target drains: SIGTERM at once, the drain cut short (later it changes nothing a consumer sees)
    out.push({ type: 'task.spotInterrupted' });

  // Capacity: an instance with room arrives, or ECS gives up.
  if (c.capacity === 'WAITING') out.push({ type: 'capacity.placed' }, { type: 'capacity.unavailable' });

  // ENI: attaches or times out until its delete is requested; then it is deleted.
  // (not before the task is placed: the interface is created for its instance)
  if (c.eni === 'PRECREATED' && (c.capacity === null || c.capacity === 'PLACED')) out.push({ type: 'eni.attached' }, { type: 'eni.failed' });
  if (c.eni === 'DETACHING') out.push(done('eni'));

  c.targets.forEach((t, index) => {
    if (t === 'registering') out.push({ type: 'target.registered', index }, { type: 'target.failed', index });
    if (t === 'initial') out.push({ type: 'target.healthy', index }, { type: 'target.unhealthy', index });
    if (t === 'draining' && !(anyContainerRunning(c) && drainHolds(c, options))) out.push(done(targetActorId(index)));
  });

  if (c.registry === 'REGISTERING') out.push({ type: 'registry.registered' }, { type: 'registry.failed' });
  if (c.registry === 'DEREGISTERING') out.push(done('registry'));

  const pullsRequested = visited.includes('PENDING');
  // A secret that is not there fails the task before any container is created
  // (the retrieval ends before the shortest pull): no container has started or ended
  const untouched = Object.values(c.containers).every((v) => v.lastStatus === 'PENDING' && !v.started);
  if (c.desiredStatus === 'RUNNING' && visited.at(-1) === 'PENDING' && untouched)
    for (const { secret, reason } of options.secretsErrors) out.push({ type: 'task.secretsFailed', reason, secret });
  for (const spec of c.shape.containers) {
    const v = c.containers[spec.name]!;
    const id = containerActorId(spec.name);
    // a container with dependsOn is pulled only once they hold (it is then permitted)
    if (v.lastStatus === 'PENDING' && !v.stopRequested && pullsRequested && (v.permitted || spec.dependsOn.length === 0)) {
      out.push(done(id, { exitCode: null, reason: pullErrorFor(options.images[spec.name] ?? spec.name, options.launchType), started: false }));
      if (v.permitted) out.push({ type: 'container.started', name: spec.name });
    }
    if (v.lastStatus !== 'RUNNING') continue;
    if (!v.stopRequested) {
      for (const exitCode of runExitCodes(c, spec, options)) out.push(done(id, { exitCode, reason: null, started: true }));
      if (spec.hasHealthCheck && v.healthStatus === 'UNKNOWN')
        out.push({ type: 'container.healthy', name: spec.name }, { type: 'container.unhealthy', name: spec.name });
      // its startTimeout can pass while a container still waits on it
      if (spec.hasStartTimeout && !v.startTimedOut && hasWaitingDependant(c, spec.name)) out.push({ type: 'container.startTimedOut', name: spec.name });
    } else {
      // SIGTERM sent: it exits (0, or the code a StopContainer fault gives), or is killed after stopTimeout (137);
      // telling outcomes apart, the first essential container may also fail on its own while it shuts down
      // (1, or each code the scenario's crashes give it), as a ContainerExit can make it: only the first
      // essential container (on every container the endings would multiply)
      const onSigterm = options.sigtermExitCodes[spec.name] ?? 0;
      const crashes = options.crashExitCodes?.[spec.name] ?? [1];
      const codes = reclaimed(c, options) ? [137] : options.cleanExits && spec === firstEssential(c.shape) ? [...new Set([onSigterm, 137, ...crashes])] : [onSigterm, 137];
      for (const exitCode of codes) out.push(done(id, { exitCode, reason: null, started: true }));
    }
  }
  return out;
}

/**
 * The drain cannot end yet while a container still runs: after a Spot notice
 * (see spotDrainOutlastsStops), or when the drain began with the essential
 * container's exit (the task's first stop reason), which SIGTERMed the rest.
 */
const drainHolds = (c: TaskContext, options: WorldOptions) =>
  (c.spot !== 'NONE' && options.spotDrainOutlastsStops) || (c.spot === 'NONE' && c.stopCode === 'EssentialContainerExited' && options.drainOutlastsStops);

/**
 * The capacity is gone already: the Spot notice stopped the task, and a
 * container was killed at least two minutes after it, so at or after the
 * reclaim. What still runs is killed with it (137): it cannot exit on a
 * SIGTERM it gets only now (the walk has no clock; `run` has the reclaim first).
 */
const reclaimed = (c: TaskContext, options: WorldOptions) =>
  c.spot !== 'NONE' &&
  c.stopCode === options.spotStopCode &&
  c.shape.containers.some((s) => stoppedAfterMs(c, options, s.name) >= SPOT_RECLAIM_MS);

/**
 * The least time after the Spot notice at which a SIGTERMed container had
 * stopped (0 for one not SIGTERMed). It got its SIGTERM only once every
 * container depending on it had stopped (the reverse of dependsOn); a kill
 * (137) takes its whole stopTimeout, a clean exit may take no time at all. So
 * a chain of kills adds up: two 90 s stopTimeouts end past the reclaim together.
 */
function stoppedAfterMs(c: TaskContext, options: WorldOptions, name: string): number {
  const v = c.containers[name]!;
  if (v.lastStatus !== 'STOPPED' || !v.stopRequested) return 0;
  const dependants = c.shape.containers.filter((o) => o.dependsOn.some((d) => d.containerName === name));
  const sigtermAfter = Math.max(0, ...dependants.map((o) => stoppedAfterMs(c, options, o.name)));
  return sigtermAfter + (v.exitCode === 137 && v.started ? (options.stopTimeoutsMs[name] ?? 0) : 0);
}

const anyContainerRunning = (c: TaskContext) => Object.values(c.containers).some((v) => v.lastStatus === 'RUNNING');

/** A container that has not started yet waits on `name` (dependsOn COMPLETE, SUCCESS or HEALTHY). */
function hasWaitingDependant(c: TaskContext, name: string): boolean {
  return c.shape.containers.some(
    (s) => !c.containers[s.name]!.started && c.containers[s.name]!.lastStatus === 'PENDING' && s.dependsOn.some((d) => d.containerName === name && d.condition !== 'START'),
  );
}

/**
 * What children answer in the same instant, before anything else can happen:
 * a container that never started stops at once when asked (no signal) or
 * when it gives up on a dependency, a target that failed to register is
 * finished (a Cloud Map instance whose registration failed is FAILED for
 * good: the task reads its status, it needs no end). Computed from the
 * mirror before and after one event.
 */
export function instantReplies(before: TaskContext, after: TaskContext, event: WorldEvent): WorldEvent[] {
  const out: WorldEvent[] = [];
  if (event.type === 'target.failed') out.push(done(targetActorId((event as { index: number }).index)));
  for (const [name, v] of Object.entries(after.containers)) {
    const was = before.containers[name]!;
    if (v.stopRequested && !was.stopRequested && !v.started && v.lastStatus !== 'STOPPED')
      out.push(done(containerActorId(name), { exitCode: null, reason: null, started: false }));
    // gave up on a dependency that can never hold: stopped at once, as the agent does
    if (v.dependencyError !== null && was.dependencyError === null)
      out.push(done(containerActorId(name), { exitCode: DEPENDENCY_ERROR_EXIT_CODE, reason: v.dependencyError, started: false }));
  }
  return out;
}
