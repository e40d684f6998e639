// One sentence per change, for the trace: what happened and why. The table
// printer and the web timeline show these.
import type { TaskContext } from '../../machines/task.types.ts';
import { stopRouteModel } from '../../machines/task.rules.ts';
import { CAPACITY_GAVE_UP_REASON, ENI_TIMEOUT_REASON } from '../../machines/stop.teaching.ts';
import { DEPENDENCY_ERROR_PREFIX } from '../../machines/dependency-error.ts';
import type { TaskStatus } from '../../machines/status.ts';
import { SPOT_RECLAIM_MS } from './timings.ts';

type Ctx = Pick<TaskContext, 'stopCode' | 'stoppedReason' | 'capacity' | 'eni' | 'targets' | 'containers' | 'spot' | 'registry'> & {
  input?: Pick<TaskContext['input'], 'secretsError' | 'secretsBeforePulls'>;
};

/**
 * Who creates the task: RunTask, or, for one registered with a load balancer
 * or Cloud Map (RunTask takes neither), a service: this one task as a service
 * would start it (a single-task run has no scheduler to replace it).
 */
const creator = (c: Ctx) => (c.targets.length > 0 || c.registry !== null ? 'Started as a service would start it' : 'RunTask');

const why = (c: Ctx) => (c.stopCode ? `${c.stopCode}: ${c.stoppedReason}` : '');

/**
 * A target turning draining says for how long: the question a deploy waiting
 * in DEACTIVATING raises. Under a Fargate Spot notice the capacity goes first.
 */
export function drainNote(delaySeconds: number, spot: boolean): string {
  if (spot && delaySeconds * 1000 > SPOT_RECLAIM_MS)
    return `deregistered; draining in-flight requests until Fargate Spot reclaims the capacity (${SPOT_RECLAIM_MS / 1000} s after its notice), short of the ${delaySeconds} s deregistration delay`;
  return delaySeconds === 0 ? 'deregistered; the deregistration delay is 0 s, so nothing drains' : `deregistered; draining in-flight requests for the ${delaySeconds} s deregistration delay`;
}

/** `eniNow`: the interface's own status as last seen (the task's view already says DETACHING once it asks for the release). */
export function taskNote(from: string | null, to: string, c: Ctx, delaySeconds: number, eniNow: string | null = c.eni): string {
  // only a stop takes a stop route: the way forward (PENDING → RUNNING) is documented
  return stateNote(from, to, c, delaySeconds, eniNow) + (from && c.stopCode ? routeMark(from as TaskStatus, to as TaskStatus, c.stoppedReason) : '');
}

/** A stop route AWS does not document says so where it is taken, as the chart's dashed edge does. */
function routeMark(from: TaskStatus, to: TaskStatus, reason: string | null): string {
  const ours = stopRouteOurs(from, to, reason);
  return ours ? ` [our model: ${ours}]` : '';
}

/** What is our model in a step of a stop route (null: AWS documents it); `reason` is the task's stoppedReason. */
export function stopRouteOurs(from: TaskStatus, to: TaskStatus, reason: string | null): string | null {
  const { undoes, skipsStopping } = stopRouteModel(from, to);
  if (undoes) return 'a task stopped before RUNNING undoes only what was done; AWS documents PENDING → STOPPED';
  if (skipsStopping) return 'STOPPING skipped, as the task never ran and no container runs any more';
  // one edge in the chart, two causes in the trace: AWS documents each route out of PROVISIONING for one failure
  if (from === 'PROVISIONING' && to === 'DEPROVISIONING' && reason !== ENI_TIMEOUT_REASON) return 'AWS documents this route for an interface that timed out, not for this stop';
  if (from === 'PROVISIONING' && to === 'STOPPED' && reason !== CAPACITY_GAVE_UP_REASON) return 'AWS documents this route for a capacity wait that gives up, not for this stop';
  return null;
}

/** Statuses a task enters only once it is stopping. */
const STOP_STATUSES: ReadonlySet<TaskStatus> = new Set(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);

/** The steps of a lifecycle's stop route that are our model, each as `FROM → TO: why`. */
export function stopRoutesOurs(statuses: readonly TaskStatus[], reason: string | null): string[] {
  return statuses.slice(1).flatMap((to, i) => {
    const from = statuses[i]!;
    const ours = STOP_STATUSES.has(to) ? stopRouteOurs(from, to, reason) : null;
    return ours ? [`${from} → ${to}: ${ours}`] : [];
  });
}

function stateNote(from: string | null, to: string, c: Ctx, delaySeconds: number, eniNow: string | null): string {
  switch (to) {
    case 'PROVISIONING':
      return c.capacity === 'WAITING'
        ? `${creator(c)}: the task is created, but no instance has room: it waits for capacity`
        : `${creator(c)}: the task is created; ECS creates and attaches its network interface`;
    case 'PENDING': {
      // a secret that is not there (RetrieveSecrets): say what the agent does first, or the wait before the failure is unexplained
      const work = !c.input?.secretsError
        ? 'the agent pulls images and starts containers'
        : c.input.secretsBeforePulls
          ? 'once the task’s agent is up, it retrieves the secrets with the execution role, before any image pull'
          : 'the agent retrieves the secrets with the execution role while it pulls the images';
      return from ? `${c.eni === null ? 'placed on an instance' : 'network interface attached'}; ${work}` : `${creator(c)}: the task is placed; ${work}`;
    }
    case 'ACTIVATING':
      return `every container has started; registering the task with ${registeredWith(c)}`;
    case 'RUNNING':
      if (from !== 'ACTIVATING') return 'every container has started';
      return c.targets.length > 0 ? 'registered everywhere; the load balancer sends traffic once its health checks pass' : 'registered in Cloud Map: clients can discover the task';
    case 'DEACTIVATING':
      // a target whose registration failed (or that never began) has nothing to drain
      if (!c.targets.some((t) => t !== 'notRegistered' && t !== 'unused')) return 'deregistering the Cloud Map instance; no load balancer target to drain';
      if (c.spot !== 'NONE') return 'deregistering; a Spot warning brings SIGTERM at once, and (our model) no drain outlives its two minutes';
      // the agent stops the other containers itself: it does not wait for ECS's drain
      if (c.stopCode === 'EssentialContainerExited')
        return Object.values(c.containers).some((v) => v.lastStatus === 'RUNNING')
          ? `deregistering; targets drain for the deregistration delay (${delaySeconds} s), but an essential container exited: the agent stops the others now`
          : `deregistering; targets drain for the deregistration delay (${delaySeconds} s); no container runs any more`;
      return `deregistering; targets drain for the deregistration delay (${delaySeconds} s) before any SIGTERM`;
    case 'STOPPING':
      return Object.values(c.containers).some((v) => v.lastStatus === 'RUNNING')
        ? 'stopping containers: SIGTERM, SIGKILL after stopTimeout (reverse dependsOn order)'
        : 'every container has already stopped: nothing to signal';
    case 'DEPROVISIONING':
      // an interface still being created, or whose attachment timed out, has nothing to detach
      return eniNow === 'PRECREATED' || eniNow === 'CREATED' || eniNow === 'FAILED'
        ? 'no container runs; deleting the network interface, which was never attached'
        : 'no container runs; detaching and deleting the network interface';
    case 'STOPPED':
      return `stopped (${why(c)})`;
    default:
      return '';
  }
}

const CHILD_NOTES: Record<string, Record<string, string>> = {
  capacity: {
    WAITING: 'no instance has room: waiting for the capacity provider to scale out',
    PLACED: 'an instance with room joined: the task is placed',
    UNAVAILABLE: 'no capacity in time: ECS gives up',
    CANCELLED: 'stopped while waiting: nothing was placed',
  },
  eni: {
    PRECREATED: 'subnet chosen; the interface is created next',
    CREATED: 'network interface created',
    ATTACHING: 'attaching to the host',
    ATTACHED: 'attached: the task has its private IP',
    FAILED: 'attachment timed out (its 3-minute deadline is our model)',
    DETACHING: 'detaching',
    DETACHED: 'detached; deleting',
    DELETED: 'deleted',
  },
  target: {
    notRegistered: 'not registered yet',
    registering: 'RegisterTargets',
    initial: 'registered; first health checks running',
    healthy: 'passed its health checks',
    // a task with a target is a service's task: what its scheduler does is said next
    unhealthy: 'failed its health checks: the load balancer sends it no new requests while its group has a healthy target (with none, it fails open and sends to all)',
    draining: 'deregistered; draining in-flight requests',
    unused: 'out of the target group',
  },
  registry: {
    NOT_REGISTERED: 'no Cloud Map instance yet',
    REGISTERING: 'RegisterInstance',
    REGISTERED: 'discoverable',
    FAILED: 'RegisterInstance failed',
    DEREGISTERING: 'DeregisterInstance',
    DEREGISTERED: 'instance removed',
  },
  container: {
    NONE: 'not started yet: the agent has not begun its image pull (the task waits for its network interface or an instance, for the agent to receive it, or, on Fargate, for its agent to come up)',
    PULLING: 'pulling the image',
    PULLED: 'image pulled',
    CREATED: 'created; starting',
    RUNNING: 'running',
    STOPPING: 'SIGTERM sent',
    STOPPED: 'stopped',
  },
};

/** A trace entry as a sentence: an action or a change in the world says what it was; an actor's change, from → to (why). */
export function entrySentence(e: { actor: string; from: string | null; to: string; note: string }): string {
  if (e.actor === 'user' || e.actor === 'world') return e.note.startsWith(e.to) ? e.note : `${e.to}: ${e.note}`;
  return `${e.actor}: ${e.from ?? '∅'} → ${e.to} (${e.note})`;
}

export function childNote(
  actorId: string,
  to: string,
  extra?: { exitCode: number | null; reason: string | null; signals: string[]; releaseBlocked?: boolean; reclaimed?: boolean; byAgent?: boolean },
  from: string | null = null,
): string {
  const kind = actorId.startsWith('target-') ? 'target' : actorId.startsWith('container-') ? 'container' : actorId;
  // an interface stopped while being created, or whose attachment timed out, was never on the host
  const base =
    kind === 'eni' && to === 'DETACHED' && (from === 'PRECREATED' || from === 'FAILED')
      ? 'never attached; deleting'
      : // a registration that never began left no instance to remove
        kind === 'registry' && to === 'DEREGISTERED' && from === 'NOT_REGISTERED'
        ? 'nothing to remove: no instance was registered'
        : (CHILD_NOTES[kind]?.[to] ?? to);
  if (kind === 'eni' && extra?.releaseBlocked && (to === 'DETACHING' || to === 'DETACHED'))
    return `${base}: held while a deleted IAM role, or its permissions, are missing (ReleaseEni; that the interface is what waits is our model)`;
  if (kind === 'container' && to === 'STOPPING' && extra?.byAgent) return 'SIGTERM sent by the agent: an essential container exited, and (our reading of its code) it does not wait for the drain';
  if (kind !== 'container' || to !== 'STOPPED' || !extra) return base;
  // a container that gave up on its dependsOn: the agent's 143, though no signal was sent
  if (extra.reason?.startsWith(DEPENDENCY_ERROR_PREFIX)) return `gave up on its dependsOn: exit code ${extra.exitCode}, no signal sent: ${extra.reason}`;
  if (extra.reason) return `stopped: ${extra.reason}`;
  if (extra.exitCode === null) return 'stopped before it started (no signal)';
  if (extra.reclaimed) return `exited with code ${extra.exitCode} after SIGKILL (Fargate Spot reclaimed the capacity)`;
  if (extra.signals.includes('SIGKILL')) return `exited with code ${extra.exitCode} after SIGKILL (stopTimeout reached)`;
  const meaning = exitCodeMeaning(extra.exitCode);
  return `exited with code ${extra.exitCode}${meaning ? ` = ${meaning}` : ''}`;
}

/**
 * What an exit code says, where it says more than "failed": above 128 it is
 * 128 + the number of the signal that ended the process (a shell's and
 * Docker's convention), which newcomers meet as 137 and 139 without a key.
 */
export function exitCodeMeaning(code: number): string | null {
  const signal = SIGNALS[code - 128];
  if (signal) return `128 + ${code - 128}: ended by ${signal}`;
  return code === 126 ? 'the command could not be run' : code === 127 ? 'the command was not found' : null;
}

const SIGNALS: Record<number, string> = {
  2: 'SIGINT',
  6: 'SIGABRT, the process aborted',
  9: 'SIGKILL, often the kernel’s out-of-memory killer',
  11: 'SIGSEGV, a crash',
  15: 'SIGTERM (a JVM exits with it after a clean shutdown too)',
};

/** What ACTIVATING registers the task with, naming only what it has (the table reads "/" as "or"). */
function registeredWith(c: Ctx): string {
  const parts: string[] = [];
  if (c.targets.length > 0) parts.push(c.targets.length > 1 ? 'its load balancer targets' : 'its load balancer target');
  if (c.registry !== null) parts.push('Cloud Map');
  return parts.join(' and ') || 'nothing: no load balancer or Cloud Map registry';
}
