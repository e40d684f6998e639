// The lifecycle's invariants (issue 3 §1), as functions that return what is
// wrong (an empty list when nothing is). They read only the task's mirror of
// what it knows, so they hold the machine to what ECS shows the outside world.
import { TASK_STATUSES, rank, type TaskStatus } from '../../../machines/status.ts';
import type { TaskContext, TaskShape } from '../../../machines/task.types.ts';
import type { Micro, WorldState } from '../../../src/sim/paths/explore.ts';
import type { Lifecycle } from '../../../src/sim/paths/lifecycles.ts';
import { allowedStates } from './configs.ts';

const r = (s: TaskStatus) => rank(TASK_STATUSES, s);
/** A Cloud Map instance clients can still find (or are about to): written apart from the machine's own rules. */
const discoverable = (registry: TaskContext['registry']) => registry === 'REGISTERING' || registry === 'REGISTERED' || registry === 'DEREGISTERING';
const ctx = (s: WorldState) => s.task.context as TaskContext;

/** Statuses strictly forward, only states §1–§2 allow, starting where the configuration starts. */
export function statusViolations(shape: TaskShape, statuses: readonly TaskStatus[]): string[] {
  const v: string[] = [];
  const allowed = allowedStates(shape);
  statuses.forEach((s, i) => {
    if (!allowed.has(s)) v.push(`${s} is not a state this configuration has`);
    if (i > 0 && r(s) <= r(statuses[i - 1]!)) v.push(`went back from ${statuses[i - 1]} to ${s}`);
  });
  if (statuses[0] !== (shape.eni || shape.capacity ? 'PROVISIONING' : 'PENDING')) v.push(`starts in ${statuses[0]}`);
  return v;
}

/** What must hold of one step from `a` to `b`, including every microstep in between. */
export function stepViolations(a: WorldState, b: WorldState): string[] {
  const v: string[] = [];
  const ca = ctx(a);
  if (b.visited.slice(0, a.visited.length).join() !== a.visited.join()) v.push('the visited states were rewritten');
  let prev: Micro = { value: a.task.value as TaskStatus, context: ca };
  for (const m of b.micro) {
    const p = prev.context;
    const c = m.context;
    if (r(m.value) < r(prev.value)) v.push(`lastStatus went back from ${prev.value} to ${m.value}`);
    if (p.desiredStatus === 'STOPPED' && c.desiredStatus !== 'STOPPED') v.push('desiredStatus went back to RUNNING');
    if ((c.desiredStatus === 'STOPPED') !== (c.stopCode !== null && c.stoppedReason !== null)) v.push('stopCode/stoppedReason not set exactly when desiredStatus is STOPPED');
    if (p.stopCode !== null && (c.stopCode !== p.stopCode || c.stoppedReason !== p.stoppedReason)) v.push(`stopCode changed from ${p.stopCode} to ${c.stopCode}`);
    v.push(...containerOrderViolations(p, c));
    v.push(...stopCodeViolations(p, c));
    for (const [name, cv] of Object.entries(c.containers)) {
      const pv = p.containers[name]!;
      if (!cv.stopRequested || pv.stopRequested) continue;
      // A stop request to a started container is a SIGTERM: only once nothing is registered any more;
      // after a Fargate Spot notice, whose warning comes with SIGTERM (DG-FSPOT), once the targets
      // are deregistered (AWS's announcement of 2023; draining: they drain on, our model); and once an
      // essential container has exited, as the agent stops the others itself (AGENT task.go)
      const spot = c.spot !== 'NONE';
      const essentialGone = c.shape.containers.some((s) => s.essential && c.containers[s.name]!.started && c.containers[s.name]!.lastStatus === 'STOPPED');
      const early = spot || essentialGone;
      const stillIn = (t: string) => t !== 'notRegistered' && t !== 'unused' && !(early && t === 'draining');
      if (cv.started && (c.targets.some(stillIn) || (!early && discoverable(c.registry))))
        v.push(`SIGTERM to ${name} while targets are ${c.targets.join('/')} and registry ${c.registry}${spot ? ' (Spot notice)' : essentialGone ? ' (essential container exited)' : ''}`);
    }
    prev = m;
  }
  // Never a signal to a container that never started: it stops at once, without an exit code.
  for (const [name, cv] of Object.entries(ctx(b).containers)) {
    const was = ca.containers[name]!;
    if (cv.stopRequested && !was.stopRequested && !cv.started && (cv.lastStatus !== 'STOPPED' || cv.exitCode !== null))
      v.push(`never-started container ${name} was not stopped without a signal`);
  }
  return v;
}

/** A dependsOn condition, as the task definition parameters describe it (DG-TDP), written here apart from the machine's rules. */
function conditionMet(c: TaskContext, dep: { containerName: string; condition: string }): boolean {
  const d = c.containers[dep.containerName]!;
  if (dep.condition === 'START') return d.started;
  if (dep.condition === 'COMPLETE') return d.started && d.lastStatus === 'STOPPED';
  if (dep.condition === 'SUCCESS') return d.started && d.lastStatus === 'STOPPED' && d.exitCode === 0;
  return d.healthStatus === 'HEALTHY';
}

/**
 * Facts §4: a container starts only once its dependsOn conditions hold, and
 * the stop order is the reverse of dependsOn: no SIGTERM to a container while
 * one that depends on it still runs.
 */
function containerOrderViolations(p: TaskContext, c: TaskContext): string[] {
  const v: string[] = [];
  for (const spec of c.shape.containers) {
    const was = p.containers[spec.name]!;
    const now = c.containers[spec.name]!;
    if (now.permitted && !was.permitted)
      for (const dep of spec.dependsOn) if (!conditionMet(c, dep)) v.push(`${spec.name} allowed to start before ${dep.containerName} met ${dep.condition}`);
    if (now.stopRequested && !was.stopRequested && now.started)
      for (const other of c.shape.containers)
        if (other.dependsOn.some((d) => d.containerName === spec.name) && c.containers[other.name]!.lastStatus !== 'STOPPED')
          v.push(`SIGTERM to ${spec.name} while ${other.name}, which depends on it, is ${c.containers[other.name]!.lastStatus}`);
  }
  return v;
}

/** Facts §3: what each stop code means, checked when it is set. */
function stopCodeViolations(p: TaskContext, c: TaskContext): string[] {
  if (p.stopCode !== null || c.stopCode === null) return [];
  if (c.stopCode === 'EssentialContainerExited' && !c.shape.containers.some((s) => s.essential && c.containers[s.name]!.lastStatus === 'STOPPED' && c.containers[s.name]!.started))
    return ['EssentialContainerExited with no essential container exited'];
  if (c.stopCode === 'TaskFailedToStart' && c.ran) return ['TaskFailedToStart for a task that was RUNNING'];
  // a non-essential container's exit stops nothing: the task stays as it was (§3)
  const exited = c.shape.containers.filter((s) => c.containers[s.name]!.lastStatus === 'STOPPED' && p.containers[s.name]!.lastStatus !== 'STOPPED');
  if (exited.length > 0 && exited.every((s) => !s.essential) && c.stopCode === 'EssentialContainerExited') return [`stopped for ${exited.map((s) => s.name).join(', ')}, which ${exited.length > 1 ? 'are' : 'is'} not essential`];
  return [];
}

/** Everything acquired is released by STOPPED. */
export function releasedViolations(s: WorldState): string[] {
  const c = ctx(s);
  const v: string[] = [];
  if (s.task.value !== 'STOPPED') v.push(`ended in ${String(s.task.value)}`);
  if (c.eni !== null && c.eni !== 'DELETED') v.push(`ENI ${c.eni}`);
  c.targets.forEach((t, i) => t !== 'unused' && t !== 'notRegistered' && v.push(`target ${i} ${t}`));
  // (a failed registration created no instance: there is nothing to remove)
  if (c.registry !== null && c.registry !== 'DEREGISTERED' && c.registry !== 'NOT_REGISTERED' && c.registry !== 'FAILED') v.push(`registry ${c.registry}`);
  for (const [name, cv] of Object.entries(c.containers)) if (cv.lastStatus !== 'STOPPED') v.push(`container ${name} ${cv.lastStatus}`);
  return v;
}

/** Path-level rules of §2: undo only what was done, and what was done must be undone. */
export function lifecycleViolations(shape: TaskShape, l: Lifecycle): string[] {
  const v = statusViolations(shape, l.statuses);
  const has = (s: TaskStatus) => l.statuses.includes(s);
  if (l.statuses.at(-1) !== 'STOPPED') v.push('does not end in STOPPED');
  // an ENI is released in DEPROVISIONING, unless the task was never placed (its ENI was never begun)
  const end = l.states.at(-1)!.task.context as TaskContext;
  const neverPlaced = end.capacity !== null && end.capacity !== 'PLACED';
  if (shape.eni && !has('DEPROVISIONING') && !neverPlaced) v.push('has an ENI but no DEPROVISIONING');
  if (neverPlaced && l.statuses.join() !== 'PROVISIONING,STOPPED') v.push(`never placed, yet went ${l.statuses.join(' → ')} (facts §2: PROVISIONING → STOPPED)`);
  // Registered somewhere ⇒ deregistered; only a failed registration leaves nothing to undo.
  if (has('ACTIVATING') && !has('DEACTIVATING') && l.stopCode !== 'TaskFailedToStart') v.push('ACTIVATING without DEACTIVATING');
  // …and DEACTIVATING only to undo something: a target in its group or a Cloud Map instance, registered or being registered, just before (§2, undo only what was done)
  // (what the event entering it reports failed was never registered: a target not in its group, no Cloud Map instance)
  const k = l.states.findIndex((s) => s.task.value === 'DEACTIVATING');
  if (k > 0) {
    const before = l.states[k - 1]!.task.context as TaskContext;
    const event = l.events[k - 1]!;
    const failed = (i: number) => event.type === 'target.failed' && (event as { index: number }).index === i;
    const targets = before.targets.filter((t, i) => t !== 'notRegistered' && t !== 'unused' && !failed(i));
    const instance = (before.registry === 'REGISTERING' || before.registry === 'REGISTERED') && event.type !== 'registry.failed';
    if (targets.length === 0 && !instance) v.push(`DEACTIVATING with nothing to remove, entered on ${event.type} (targets ${before.targets.join('/') || 'none'}, registry ${before.registry})`);
  }
  if (has('RUNNING') && (shape.targets > 0 || shape.registry) && !has('ACTIVATING')) v.push('RUNNING without ACTIVATING');
  if (l.stopCode === 'TaskFailedToStart' && has('RUNNING')) v.push('TaskFailedToStart after RUNNING');
  // §2: once RUNNING, the stop path always passes through STOPPING (even with nothing left to signal)
  if (has('RUNNING') && !has('STOPPING')) v.push('RUNNING but never STOPPING');
  if (l.stopCode === null) v.push('no stopCode');
  v.push(...releasedViolations(l.states.at(-1)!));
  for (let i = 1; i < l.states.length; i++) v.push(...stepViolations(l.states[i - 1]!, l.states[i]!));
  return v;
}
