// The task's decisions, as pure functions of what it knows (its context).
// Kept apart from the statechart so the table of effects (task.machine.ts)
// stays readable, in the manner of the ECS agent's task_manager decisions.
import { rank, TASK_STATUSES, type RegistryState, type TargetState, type TaskStatus } from './status.ts';
import type { BrokenDependency, ContainerDependency, ContainerView, DependencyBreak, TaskContext, TaskShape } from './task.types.ts';

type Ctx = Pick<TaskContext, 'shape' | 'containers' | 'targets' | 'registry' | 'eni' | 'capacity' | 'desiredStatus' | 'ran'>;

export const isStopping = (c: Ctx) => c.desiredStatus === 'STOPPED';

// These run on every microstep of every task (10,000s in a service): plain
// loops, no arrays or closures made per call.
function someContainer(c: Ctx, test: (v: ContainerView) => boolean): boolean {
  for (const name in c.containers) if (test(c.containers[name]!)) return true;
  return false;
}
const isRunning = (v: ContainerView) => v.lastStatus === 'RUNNING';
const isNotStopped = (v: ContainerView) => v.lastStatus !== 'STOPPED';
const isWaitingToStart = (v: ContainerView) => !v.started && v.lastStatus !== 'STOPPED';

export const hasRunningContainers = (c: Ctx) => someContainer(c, isRunning);
export const allContainersStopped = (c: Ctx) => !someContainer(c, isNotStopped);
const isTouched = (v: ContainerView) => v.started || v.lastStatus !== 'PENDING';
/** No container has started or ended yet (its pull may be under way). */
export const noContainerTouched = (c: Ctx) => !someContainer(c, isTouched);
/**
 * Every container has started (some may have exited since: init containers,
 * non-essential jobs), or given up on a dependency: a non-essential one that
 * gave up does not hold the task back (the agent lets it start).
 */
export const allContainersStarted = (c: Ctx) => !someContainer(c, isWaitingToStart);

export const hasEni = (c: Ctx) => c.eni !== null && c.eni !== 'DELETED';
export const eniDeleted = (c: Ctx) => c.eni === null || c.eni === 'DELETED';

/** PROVISIONING is done: the task has a place to run (if it had to wait for one) and its ENI is attached (awsvpc). */
export const provisioned = (c: Ctx) => (c.capacity === null || c.capacity === 'PLACED') && (c.eni === null || c.eni === 'ATTACHED');

/** The configuration registers the task somewhere (load balancer or Cloud Map): ACTIVATING/DEACTIVATING exist. */
export const needsRegistration = (c: Ctx) => c.shape.targets > 0 || c.shape.registry;

/** A target that is registered, or being registered: it must be drained. */
export const isTargetLive = (t: TargetState) => t !== 'notRegistered' && t !== 'unused';
/** A Cloud Map instance that exists, or is being created: it must be removed (one whose registration failed does not exist). */
export const isRegistryLive = (r: RegistryState | null) => r !== null && r !== 'NOT_REGISTERED' && r !== 'DEREGISTERED' && r !== 'FAILED';

/** Something is registered, or being registered, that must be undone in DEACTIVATING. */
export const hasRegistration = (c: Ctx) => c.targets.some(isTargetLive) || isRegistryLive(c.registry);

export const allRegistered = (c: Ctx) =>
  c.targets.every((t) => t === 'initial' || t === 'healthy' || t === 'unhealthy') &&
  (c.registry === null || c.registry === 'REGISTERED');

/**
 * Whether a dependency holds, as the agent's dependency graph decides it
 * (containerOrderingDependenciesIsResolved): a container that has STOPPED
 * with an exit code counts as started for START whether or not it ran (one
 * that gave up has 143); COMPLETE needs it STOPPED with an exit code, SUCCESS
 * with exit code 0; HEALTHY, its health checks passing. One whose pull failed
 * has no exit code: it never holds (see neverCreated).
 */
function dependencyHolds(c: Ctx, dep: ContainerDependency): boolean {
  const d = c.containers[dep.containerName];
  if (!d) return true; // validated away by the scenario loader; a missing container cannot block
  switch (dep.condition) {
    case 'START':
      return d.started || (d.lastStatus === 'STOPPED' && d.exitCode !== null);
    case 'COMPLETE':
      return d.lastStatus === 'STOPPED' && d.exitCode !== null;
    case 'SUCCESS':
      return d.lastStatus === 'STOPPED' && d.exitCode === 0;
    case 'HEALTHY':
      return d.healthStatus === 'HEALTHY';
  }
}

/**
 * Why a dependency can never hold now, or null, in the cases the agent calls
 * a terminal dependency error (dependencygraph/graph.go), in its order: the
 * dependency's startTimeout passed while it still runs (checked first, for a
 * dependant not yet created, whether or not the condition holds: a dependant
 * still pulling its image times out all the same); it stopped with an exit
 * code other than 0 (SUCCESS); it will never start: told to give up in the
 * same pass (not yet STOPPED), or its pull failed (neverCreated). Nothing
 * else: a HEALTHY dependency whose checks fail keeps its dependant waiting,
 * until that startTimeout or for ever.
 */
function dependencyBroken(c: Ctx, dep: ContainerDependency): DependencyBreak | null {
  const d = c.containers[dep.containerName];
  if (!d) return null;
  const stopped = d.lastStatus === 'STOPPED';
  if (dep.condition !== 'START' && d.startTimedOut && !stopped) return 'timedOut';
  if (neverCreated(d)) return 'willNeverStart';
  if (dep.condition === 'SUCCESS' && stopped && d.exitCode !== 0) return 'didNotSucceed';
  if (!stopped && d.dependencyError !== null) return 'willNeverStart';
  return null;
}

/**
 * Its pull failed and the task runs on (a non-essential container on EC2):
 * the agent tried to create it anyway, failed, and holds it at PULLED, desired
 * STOPPED, until the containers depending on it have stopped (its shutdown
 * order): to them it will never start, whatever their condition. One that
 * never started for a stop has no dependant left waiting: the task stops.
 */
export const neverCreated = (d: ContainerView) => d.lastStatus === 'STOPPED' && !d.started && d.exitCode === null && d.dependencyError === null;

type Spec = TaskContext['shape']['containers'][number];

function readyToStart(c: Ctx, spec: Spec): boolean {
  const v = c.containers[spec.name];
  if (!v || v.permitted || v.lastStatus !== 'PENDING' || v.dependencyError !== null) return false;
  for (const d of spec.dependsOn) if (!dependencyHolds(c, d)) return false;
  return true;
}

/**
 * Its image is pulled only once it may start: a container with dependsOn (the
 * agent holds back a dependant's pull until its dependencies hold, unless
 * ECS_PULL_DEPENDENT_CONTAINERS_UPFRONT is set; its README says so).
 */
export const pulledWhenPermitted = (shape: TaskShape, name: string) => (shape.containers.find((s) => s.name === name)?.dependsOn.length ?? 0) > 0;

/** Containers whose dependsOn conditions now hold and that were not yet allowed to start. */
export function containersReadyToStart(c: Ctx): string[] {
  return c.shape.containers.filter((s) => readyToStart(c, s)).map((s) => s.name);
}
export function anyReadyToStart(c: Ctx): boolean {
  for (const s of c.shape.containers) if (readyToStart(c, s)) return true;
  return false;
}

/**
 * The first dependency of a container not yet started that can never hold
 * now, and why, or null: it must give up (the agent stops it without starting
 * it). Not one already told to give up or to stop.
 */
export function brokenDependencyOf(c: Ctx, spec: Spec): BrokenDependency | null {
  const v = c.containers[spec.name];
  if (!v || v.lastStatus !== 'PENDING' || v.started || v.stopRequested || v.dependencyError !== null) return null;
  for (const d of spec.dependsOn) {
    const why = dependencyBroken(c, d);
    if (why) return { name: spec.name, dependency: d, why };
  }
  return null;
}

/**
 * Running containers that may receive SIGTERM now: stop order is the reverse
 * of dependsOn, so a container waits until every container depending on it
 * has stopped.
 */
export function containersReadyToSignal(c: Ctx): string[] {
  return c.shape.containers.filter((s) => readyToSignal(c, s)).map((s) => s.name);
}
export function anyReadyToSignal(c: Ctx): boolean {
  for (const s of c.shape.containers) if (readyToSignal(c, s)) return true;
  return false;
}

function readyToSignal(c: Ctx, spec: Spec): boolean {
  const v = c.containers[spec.name];
  if (!v || v.lastStatus !== 'RUNNING' || v.stopRequested) return false;
  for (const other of c.shape.containers) {
    if (c.containers[other.name]?.lastStatus === 'STOPPED') continue;
    for (const d of other.dependsOn) if (d.containerName === spec.name) return false;
  }
  return true;
}

/**
 * An essential container has exited: the agent itself then stops every other
 * container (its task's desired status "must be stopped if any essential
 * container is stopped"), without waiting for ECS to drain the task's targets.
 */
export function essentialExited(c: Ctx): boolean {
  for (const spec of c.shape.containers) {
    const v = c.containers[spec.name];
    if (spec.essential && v && v.started && v.lastStatus === 'STOPPED') return true;
  }
  return false;
}

/** Containers that never started and are not yet told to stop: they stop without a signal. */
export const containersNeverStarted = (c: Ctx) =>
  Object.entries(c.containers)
    .filter(([, v]) => !v.started && !v.stopRequested && v.dependencyError === null && v.lastStatus !== 'STOPPED')
    .map(([name]) => name);

export const containerActorId = (name: string) => `container-${name}`;
export const targetActorId = (index: number) => `target-${index}`;

const ORDER = TASK_STATUSES;
type Status = TaskStatus;
const DEACTIVATING = ORDER.indexOf('DEACTIVATING');
const STOPPING = ORDER.indexOf('STOPPING');
const DEPROVISIONING = ORDER.indexOf('DEPROVISIONING');

/**
 * Where the stop path goes next from `from`, or null to stay: the first later
 * state that still has work (a task "passes only through the states that have
 * work for its configuration"). DEACTIVATING waits for every target to drain
 * and STOPPING for every container to stop.
 */
export function nextStopState(from: Status, c: Ctx): Status | null {
  const at = ORDER.indexOf(from);
  if (at <= ORDER.indexOf('RUNNING') && !isStopping(c)) return null;
  if (from === 'DEACTIVATING' && hasRegistration(c)) return null;
  if (from === 'STOPPING' && !allContainersStopped(c)) return null;
  if (at < DEACTIVATING && hasRegistration(c)) return 'DEACTIVATING';
  // Once RUNNING, AWS documents the stop path through STOPPING even when no
  // container runs any more (an essential container exited alone, a Spot
  // notice's SIGTERM stopped them all): only a task that never ran skips it.
  if (at < STOPPING && (c.ran || hasRunningContainers(c))) return 'STOPPING';
  const stopped = allContainersStopped(c);
  if (at < DEPROVISIONING && stopped && hasEni(c)) return 'DEPROVISIONING';
  if (stopped && eniDeleted(c)) return 'STOPPED';
  return null;
}

/**
 * Which of a stop route's parts are our model (facts §2). AWS documents
 * PENDING → STOPPED, and PROVISIONING → DEPROVISIONING for an interface that
 * timed out: any other route out before RUNNING `undoes` only what was done.
 * From RUNNING on it documents (DEACTIVATING) → STOPPING → (DEPROVISIONING):
 * going from DEACTIVATING past STOPPING `skipsStopping` (no container runs).
 */
export function stopRouteModel(from: TaskStatus, to: TaskStatus): { undoes: boolean; skipsStopping: boolean } {
  const r = (s: TaskStatus) => rank(TASK_STATUSES, s);
  const beforeRunning = r(from) < r('RUNNING');
  return {
    undoes: beforeRunning && to !== 'STOPPED' && !(from === 'PROVISIONING' && to === 'DEPROVISIONING'),
    skipsStopping: !beforeRunning && r(from) < r('STOPPING') && r(to) > r('STOPPING'),
  };
}
