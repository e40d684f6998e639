// How the scheduler sees one of its tasks (§6 of the facts): pending until
// RUNNING; healthy 40 s after RUNNING when nothing checks it, else when its
// load balancer targets and essential container health checks pass; unhealthy
// when a check fails after healthCheckGracePeriodSeconds; out of the count
// once its desiredStatus is STOPPED.
import type { TaskContext } from '../../../machines/task.types.ts';
import type { DeploymentCounts } from '../../../machines/service.types.ts';
import type { TargetState, TaskStatus } from '../../../machines/status.ts';

export type Phase = 'pending' | 'running' | 'healthy' | 'unhealthy' | 'stopping' | 'stopped';

/** Without any health check a new task counts as healthy this long after RUNNING (DG-ROLL). */
export const UNCHECKED_HEALTHY_AFTER_MS = 40_000;

export interface PhaseInput {
  status: TaskStatus;
  context: TaskContext;
  /** The load balancer's view of the task's targets: the scheduler asks ELB, not the task. */
  targets: readonly TargetState[];
  /** virtual ms the task reached RUNNING, or null */
  runningSince: number | null;
  now: number;
  gracePeriodMs: number;
}

export function phaseOf(p: PhaseInput): Phase {
  const c = p.context;
  if (p.status === 'STOPPED') return 'stopped';
  if (c.desiredStatus === 'STOPPED') return 'stopping';
  if (p.status !== 'RUNNING' || p.runningSince === null) return 'pending';
  // Called on every step of every task: loops, no arrays made.
  let checked = p.targets.length;
  let failing = p.targets.includes('unhealthy');
  let passing = p.targets.every((t) => t === 'healthy');
  for (const s of c.shape.containers) {
    if (!s.essential || !s.hasHealthCheck) continue;
    const h = c.containers[s.name]!.healthStatus;
    checked++;
    failing ||= h === 'UNHEALTHY';
    passing &&= h === 'HEALTHY';
  }
  if (failing) return p.now - p.runningSince >= p.gracePeriodMs ? 'unhealthy' : 'running';
  if (checked === 0) return p.now - p.runningSince >= UNCHECKED_HEALTHY_AFTER_MS ? 'healthy' : 'running';
  return passing ? 'healthy' : 'running';
}

/** Why the scheduler replaces an unhealthy task (stoppedReason). */
export function unhealthyReason(targets: readonly TargetState[], targetGroupArns: string[]): string {
  const i = targets.indexOf('unhealthy');
  return i >= 0 ? `Task failed ELB health checks in (target-group ${targetGroupArns[i]})` : 'Task failed container health checks';
}

/** A deployment's counts before any of its tasks: the scheduler's starting point. */
export const emptyCounts = (): DeploymentCounts => ({ pending: 0, running: 0, healthy: 0, unhealthy: 0, stopping: 0, newlyFailed: 0, newlyFailedAfterRunning: 0, newlyRunning: 0, newlyHealthy: 0 });

/**
 * The counts as the scheduler reads them at a look (copies), each deployment's
 * "newly" counts then starting again from none for the next look.
 */
export function takeLook(counts: ReadonlyMap<string, DeploymentCounts>): Record<string, DeploymentCounts> {
  const seen: Record<string, DeploymentCounts> = {};
  for (const [id, k] of counts) {
    seen[id] = { ...k };
    k.newlyFailed = 0;
    k.newlyFailedAfterRunning = 0;
    k.newlyRunning = 0;
    k.newlyHealthy = 0;
  }
  return seen;
}

/** A task in phase `p` counted in (`d` = +1) or out (-1) of its deployment's counts: running counts the healthy and unhealthy too. */
export function countPhase(k: DeploymentCounts, p: Phase, d: number): void {
  if (p === 'pending') k.pending += d;
  else if (p === 'running') k.running += d;
  else if (p === 'healthy') (k.running += d), (k.healthy += d);
  else if (p === 'unhealthy') (k.running += d), (k.unhealthy += d);
  else if (p === 'stopping') k.stopping += d;
}

/** The phases the scheduler counts as a task of the deployment (its desiredStatus is RUNNING). */
export const isActive = (p: Phase) => p === 'pending' || p === 'running' || p === 'healthy' || p === 'unhealthy';
