// How the scheduler sees one of its tasks (§6 of the facts): pending until
// RUNNING; healthy 40 s after RUNNING when nothing checks it, else when its
// load balancer targets and essential container health checks pass; unhealthy
// when a check fails after healthCheckGracePeriodSeconds; out of the count
// once its desiredStatus is STOPPED.
import type { TaskContext } from '../../../machines/task.types.ts';
import type { TaskStatus } from '../../../machines/status.ts';

export type Phase = 'pending' | 'running' | 'healthy' | 'unhealthy' | 'stopping' | 'stopped';

/** Without any health check a new task counts as healthy this long after RUNNING (DG-ROLL). */
export const UNCHECKED_HEALTHY_AFTER_MS = 40_000;

export interface PhaseInput {
  status: TaskStatus;
  context: TaskContext;
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
  const essentialChecked = c.shape.containers.filter((s) => s.essential && s.hasHealthCheck).map((s) => c.containers[s.name]!);
  const failing = c.targets.includes('unhealthy') || essentialChecked.some((v) => v.healthStatus === 'UNHEALTHY');
  if (failing) return p.now - p.runningSince >= p.gracePeriodMs ? 'unhealthy' : 'running';
  if (c.targets.length === 0 && essentialChecked.length === 0)
    return p.now - p.runningSince >= UNCHECKED_HEALTHY_AFTER_MS ? 'healthy' : 'running';
  const passing = c.targets.every((t) => t === 'healthy') && essentialChecked.every((v) => v.healthStatus === 'HEALTHY');
  return passing ? 'healthy' : 'running';
}

/** Why the scheduler replaces an unhealthy task (stoppedReason). */
export function unhealthyReason(c: TaskContext, targetGroupArns: string[]): string {
  const i = c.targets.indexOf('unhealthy');
  return i >= 0 ? `Task failed ELB health checks in (target-group ${targetGroupArns[i]})` : 'Task failed container health checks';
}
