// The service scheduler's decisions as pure functions (DG-SVC, DG-ROLL,
// DG-CB, DG-THR): what to launch, what to stop, how deployments move on.
// Kept apart from service.machine.ts, as task.rules.ts is from the task.
import type { CircuitBreaker, Deployment, DeploymentCounts, Launch, ServiceContext, ServiceNotice, Stop } from './service.types.ts';

const ZERO: DeploymentCounts = { pending: 0, running: 0, healthy: 0, unhealthy: 0, stopping: 0, newlyFailed: 0, newlyFailedAfterRunning: 0, newlyRunning: 0, newlyHealthy: 0 };
const countsOf = (c: Pick<ServiceContext, 'counts'>, id: string) => c.counts[id] ?? ZERO;
const active = (k: DeploymentCounts) => k.pending + k.running;

/** maximumPercent bounds RUNNING+PENDING (rounded down), minimumHealthyPercent healthy RUNNING (rounded up). */
/** Where a failed count is against the threshold: the breaker checks the primary deployment in progress only (tripCircuitBreaker); a failed one keeps the count that failed it. */
export const breakerCounts = (d: { status: string; rolloutState: string }): boolean => (d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS') || d.rolloutState === 'FAILED';

export function limits(desiredCount: number, minPct: number, maxPct: number) {
  return { maxTotal: Math.floor((desiredCount * maxPct) / 100), minHealthy: Math.ceil((desiredCount * minPct) / 100) };
}

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

/**
 * The circuit breaker's failure threshold. Without a thresholdConfiguration,
 * the facts file's rule: clamp(ceil(desiredCount / 2), 10, 200) (DG-CB). With
 * one, the API Reference's (July 2026): COUNT is the value itself; a percentage
 * of the desired count is bounded to 3-200 (BOUNDED_PERCENT) or not at all
 * (UNBOUNDED_PERCENT). Rounding up, and at least one failure, are ours.
 */
export function circuitBreakerThreshold(desiredCount: number, config: CircuitBreaker['thresholdConfiguration'] = null): number {
  if (!config) return clamp(Math.ceil(desiredCount / 2), 10, 200);
  if (config.type === 'COUNT') return config.value;
  const share = Math.ceil((desiredCount * config.value) / 100);
  return config.type === 'BOUNDED_PERCENT' ? clamp(share, 3, 200) : Math.max(1, share);
}

/**
 * Delay between launch attempts after `n` consecutive failed starts: none
 * after one (DG-THR throttles tasks that "repeatedly" fail), then 10 s,
 * doubling, at most 15 min (the curve is inferred).
 */
export const launchBackoffMs = (n: number) => (n <= 1 ? 0 : Math.min(900, 10 * 2 ** (n - 2)) * 1000);

export const scalingReason = (deploymentId: string) => `Scaling activity initiated by (deployment ${deploymentId})`;

export interface Plan {
  deployments: Deployment[];
  launches: Launch[];
  stops: Stop[];
  notices: ServiceNotice[];
  consecutiveFailures: number;
  launchNotBefore: number;
  impairedNoticed: boolean;
  /** deployments made so far: a rollback is one more */
  deploymentsMade: number;
  /** nothing to do and nothing in flight: the service has reached a steady state */
  steady: boolean;
}

/** The launch throttle lifted: a new task definition (an update or a rollback) starts with no back-off. */
export const UNTHROTTLED = { consecutiveFailures: 0, launchNotBefore: 0, impairedNoticed: false } as const;

/** One pass of the scheduler over the latest counts (a reconciliation, as ECS's scheduler runs). */
export function reconcile(c: ServiceContext): Plan {
  const notices: ServiceNotice[] = [];
  // failedTasks counts consecutive failures (the API's Deployment.failedTasks):
  // with resetOnHealthyTask, a task turning healthy sets it back to 0. Within
  // one look the order is lost: the reset comes first, our choice.
  const reset = c.settings.circuitBreaker.resetOnHealthyTask;
  let deployments = c.deployments.map((d) => {
    // a failed deployment keeps the count that failed it: the breaker has done with it (its tasks may still fail)
    if (d.rolloutState === 'FAILED') return d;
    const k = countsOf(c, d.id);
    const kept = reset && k.newlyHealthy > 0 ? 0 : d.failedTasks;
    return { ...d, failedTasks: kept + k.newlyFailed + k.newlyFailedAfterRunning };
  });
  // Only tasks that never reached RUNNING slow the launches down (DG-THR).
  const failed = deployments.reduce((n, d) => n + countsOf(c, d.id).newlyFailed, 0);
  const started = deployments.some((d) => countsOf(c, d.id).newlyRunning > 0);
  let consecutiveFailures = started ? 0 : c.consecutiveFailures;
  consecutiveFailures += failed;
  let launchNotBefore = failed > 0 ? c.now + launchBackoffMs(consecutiveFailures) : c.launchNotBefore;
  let impairedNoticed = started ? false : c.impairedNoticed;

  const tripped = tripCircuitBreaker(c, deployments, notices);
  deployments = tripped.deployments;
  const primary = deployments.find((d) => d.status === 'PRIMARY')!;
  // A rollback deploys the last good task definition: no longer throttled, as any new task definition (DG-THR)
  if (primary.id !== c.deployments.find((d) => d.status === 'PRIMARY')?.id) ({ consecutiveFailures, launchNotBefore, impairedNoticed } = UNTHROTTLED);
  const old = deployments.filter((d) => d.status === 'ACTIVE');
  const D = c.desiredCount;
  const { maxTotal, minHealthy } = limits(D, c.settings.minimumHealthyPercent, c.settings.maximumPercent);
  const p = countsOf(c, primary.id);
  const stops: Stop[] = [];
  // A deployment scaling down names itself in its tasks' stoppedReason.
  const stop = (d: Deployment, count: number, prefer: Stop['prefer'], reason = scalingReason(d.id)) => {
    if (count > 0) stops.push({ deploymentId: d.id, count, prefer, stopCode: 'ServiceSchedulerInitiated', reason });
  };

  // Old deployments: tasks that do not count as healthy go at once; healthy
  // ones only as far as minimumHealthyPercent allows.
  let healthyAll = deployments.reduce((n, d) => n + countsOf(c, d.id).healthy, 0);
  const oldHealthyLeft = new Map<string, number>();
  for (const d of old) {
    const k = countsOf(c, d.id);
    stop(d, active(k) - k.healthy, 'notHealthy');
    oldHealthyLeft.set(d.id, k.healthy);
  }
  const stopOldHealthy = (limit: number) => {
    for (const d of old) {
      const n = Math.min(oldHealthyLeft.get(d.id)!, Math.max(0, healthyAll - minHealthy), limit);
      stop(d, n, 'any');
      oldHealthyLeft.set(d.id, oldHealthyLeft.get(d.id)! - n);
      healthyAll -= n;
      limit -= n;
    }
  };
  stopOldHealthy(Number.POSITIVE_INFINITY);
  const stoppedSoFar = () => stops.reduce((n, s) => n + s.count, 0);
  const activeAfterStops = () => deployments.reduce((n, d) => n + active(countsOf(c, d.id)), 0) - stoppedSoFar();

  // Unhealthy primary tasks are replaced, the replacement started first
  // (WN-2023) while maximumPercent leaves room: an unhealthy task goes once a
  // replacement counts as healthy, or at once when there is no room for one
  // (one by one, as many as the launches need). Healthy tasks beyond the
  // places the unhealthy leave are replacements; when replacements turn
  // unhealthy too there may be more unhealthy tasks than desired, and none
  // of the healthy is one. A failed deployment launches nothing, so nothing
  // is stopped to make room; what it has beyond desiredCount goes, the
  // unhealthy first, since nothing will take their place (our model).
  const replacedHealthy = Math.max(0, p.healthy - Math.max(0, D - p.unhealthy));
  const uncovered = Math.max(0, p.unhealthy - Math.max(0, active(p) - D));
  const launching = primary.rolloutState !== 'FAILED';
  const noRoom = launching ? Math.max(0, uncovered - Math.max(0, maxTotal - activeAfterStops())) : 0;
  stop(primary, Math.min(p.unhealthy, launching ? replacedHealthy + noRoom : Math.max(0, active(p) - D)), 'unhealthy', '');
  // Scale-in stops the surplus, the tasks not yet healthy first.
  const surplus = Math.max(0, active(p) - p.unhealthy - D);
  stop(primary, surplus, 'pending');

  // maximumPercent is a ceiling even when desiredCount drops mid-deployment:
  // the primary's tasks that are not yet healthy go first, then old healthy
  // ones as far as the floor allows.
  let over = activeAfterStops() - maxTotal;
  if (over > 0) {
    const primaryNotHealthy = Math.max(0, active(p) - p.healthy - p.unhealthy - surplus);
    const n = Math.min(over, primaryNotHealthy);
    stop(primary, n, 'notHealthy');
    over -= n;
  }
  if (over > 0) stopOldHealthy(over);

  const activeAll = activeAfterStops();
  const need = D - (active(p) - p.unhealthy - surplus);
  const room = maxTotal - activeAll;
  const launches: Launch[] = [];
  const wanted = Math.max(0, Math.min(need, room));
  if (wanted > 0 && launching) {
    if (c.now >= launchNotBefore) launches.push({ deploymentId: primary.id, taskDefinition: primary.taskDefinition, count: wanted });
    else if (!impairedNoticed) {
      notices.push({ eventName: 'SERVICE_TASK_START_IMPAIRED', eventType: 'WARN' });
      impairedNoticed = true;
    }
  }

  // Old tasks must be gone, not only deregistering: this is why a deploy
  // waits out the deregistration delay (§7).
  const drained = old.every((d) => active(countsOf(c, d.id)) === 0 && countsOf(c, d.id).stopping === 0);
  const converged = p.healthy === D && active(p) === D && drained && stops.length === 0 && launches.length === 0;
  if (primary.rolloutState === 'IN_PROGRESS' && converged) {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
    notices.push({ eventName: 'SERVICE_DEPLOYMENT_COMPLETED', eventType: 'INFO', deploymentId: primary.id, reason: `ECS deployment ${primary.id} completed.` });
  }
  // Drained old deployments become INACTIVE and leave the list (DescribeServices:
  // ACTIVE is a deployment that "still has running tasks"), all but the last
  // that completed while the primary is in progress: the circuit breaker rolls
  // back to it. (Deploy after deploy, superseded ones no longer pile up.)
  const gone = (d: Deployment) => active(countsOf(c, d.id)) === 0 && countsOf(c, d.id).stopping === 0;
  const rollbackTarget = primary.rolloutState === 'COMPLETED' ? null : deployments.filter((d) => d.status === 'ACTIVE' && d.rolloutState === 'COMPLETED').at(-1);
  deployments = deployments.filter((d) => d.status === 'PRIMARY' || d === rollbackTarget || !gone(d));
  const settled = Object.values(c.counts).every((k) => k.stopping === 0);
  const steady = primary.rolloutState === 'COMPLETED' && converged && settled && deployments.length === 1;
  return { deployments, launches, stops, notices, consecutiveFailures, launchNotBefore, impairedNoticed, deploymentsMade: tripped.deploymentsMade, steady };
}

/**
 * The primary fails once its failed tasks reach the threshold. With rollback,
 * "a new deployment is started" (DG-CB) of the last deployment that completed:
 * a deployment of its own, whose reason names the one it rolls back to (as
 * AWS's sample event does). The tasks that one still runs are then replaced as
 * in any deployment (our model: AWS does not say whether the new deployment
 * takes them over).
 */
function tripCircuitBreaker(c: ServiceContext, deployments: Deployment[], notices: ServiceNotice[]): { deployments: Deployment[]; deploymentsMade: number } {
  const unchanged = { deployments, deploymentsMade: c.deploymentsMade };
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const cb = c.settings.circuitBreaker;
  if (!cb.enable || !primary || primary.rolloutState !== 'IN_PROGRESS') return unchanged;
  if (primary.failedTasks < circuitBreakerThreshold(c.desiredCount, cb.thresholdConfiguration)) return unchanged;
  primary.rolloutState = 'FAILED';
  // AWS's documentation sample says "task failed to start."; DescribeServices output and
  // SERVICE_DEPLOYMENT_FAILED events quoted in public logs say "tasks", as the event log does.
  primary.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  notices.push({ eventName: 'SERVICE_DEPLOYMENT_FAILED', eventType: 'ERROR', deploymentId: primary.id, reason: primary.rolloutStateReason });
  // Roll back to the last deployment that completed, never to a failed one.
  const previous = deployments.filter((d) => d.status === 'ACTIVE' && d.rolloutState === 'COMPLETED').at(-1);
  if (!cb.rollback || !previous) return unchanged;
  const id = nextDeploymentId(c);
  const reason = `ECS deployment circuit breaker: rolling back to deploymentId ${previous.id}.`;
  notices.push({ eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', eventType: 'INFO', deploymentId: id, reason, rollingBackTo: previous.id });
  const rollback: Deployment = { id, taskDefinition: previous.taskDefinition, status: 'PRIMARY', rolloutState: 'IN_PROGRESS', rolloutStateReason: reason, failedTasks: 0 };
  return { deployments: [...deployments.map((d) => (d === primary ? { ...d, status: 'ACTIVE' as const } : d)), rollback], deploymentsMade: c.deploymentsMade + 1 };
}

/** The id of the next deployment made: the world's list (a run's own stream), else one the list never holds. */
const nextDeploymentId = (c: Pick<ServiceContext, 'deploymentIds' | 'deploymentsMade'>, spareId?: string) => c.deploymentIds[c.deploymentsMade] ?? spareId ?? `ecs-svc/${c.deploymentsMade + 1}`;

/**
 * What an UpdateService deploys, or null when it starts no deployment. The
 * task definition the primary already runs starts none ("By default,
 * deployments aren't forced"); forceNewDeployment starts one "with no service
 * definition changes", of the primary's task definition when none is given
 * (API_UpdateService).
 */
export function deploymentWanted(deployments: readonly Deployment[], update: { taskDefinition?: string; forceNewDeployment?: boolean }): string | null {
  const running = deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition;
  const wanted = update.taskDefinition ?? (update.forceNewDeployment ? running : undefined);
  if (wanted === undefined) return null;
  return wanted !== running || update.forceNewDeployment ? wanted : null;
}

/** A new task definition: a new PRIMARY deployment; the old primary keeps its tasks as ACTIVE until drained. */
export function deploy(c: Pick<ServiceContext, 'deployments' | 'deploymentIds' | 'deploymentsMade'>, taskDefinition: string, spareId?: string) {
  // By index: copying the rest of the list at each deployment made thousands of them quadratic. The
  // list covers the scenario's deployments; past it (deployments asked for on the page) the world
  // names each in its update, and a world that does not is still given a unique id.
  const id = nextDeploymentId(c, spareId);
  const deployment: Deployment = { id, taskDefinition, status: 'PRIMARY', rolloutState: 'IN_PROGRESS', rolloutStateReason: `ECS deployment ${id} in progress.`, failedTasks: 0 };
  // A deployment replaced before it completed becomes ACTIVE and keeps its
  // rolloutState: AWS fails a deployment (SERVICE_DEPLOYMENT_FAILED) only
  // through the circuit breaker, and documents no other end for it. It
  // leaves the list once its tasks are gone (see reconcile; inferred: AWS
  // documents no event for it).
  const deployments = [...c.deployments.map((d) => ({ ...d, status: 'ACTIVE' as const })), deployment];
  const notices: ServiceNotice[] = [
    { eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', eventType: 'INFO', deploymentId: deployment.id, reason: `ECS deployment ${deployment.id} in progress.` },
  ];
  return { deployments, deploymentsMade: c.deploymentsMade + 1, notices };
}
