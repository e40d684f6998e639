// What the service's run tells its event log (DescribeServices `events`):
// the scheduler's looks, its notices, and what its tasks' frames show. The
// messages themselves, their order and their repeats are service-messages.ts.
import { limits } from '../../../machines/service.rules.ts';
import type { ServiceContext, ServiceNotice } from '../../../machines/service.types.ts';
import { DEPENDENCY_ERROR_PREFIX } from '../../../machines/dependency-error.ts';
import type { Scenario } from '../scenario/types.ts';
import type { PlacementFailure } from './container-instances.ts';
import { ServiceMessages } from './service-messages.ts';
import type { ServiceTask } from './service-task.ts';
import type { Phase } from './task-phase.ts';

export class ServiceLog {
  readonly messages = new ServiceMessages();
  /** tasks that came to run (their targets registered) since the scheduler last looked */
  private registeredSinceLook = 0;
  /** the scheduler started or stopped a task in this look */
  private movedThisLook = false;
  /** tasks that turned unhealthy since the scheduler last looked, with the target group that failed them (null: their container's check) */
  private readonly unhealthySinceLook = new Map<number, number | null>();
  /** how many tasks this look found unhealthy that no start has replaced yet */
  private toReplace = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly now: () => number,
  ) {}

  /**
   * A look begins: the targets registered since the last one, one message per
   * target group, and the tasks it finds unhealthy. Since 2023 ECS starts an
   * unhealthy task's replacement in the look that finds it and stops the task
   * later, so the finding and the start ("replaced N tasks due to an unhealthy
   * status") share an instant and the stop stands alone (when ECS says each is
   * our model).
   */
  lookStarted(): void {
    const n = this.registeredSinceLook;
    this.registeredSinceLook = 0;
    this.movedThisLook = false;
    if (n) this.scenario.loadBalancers.forEach((_, g) => this.messages.add(this.now(), { kind: 'registered', targetGroup: g, count: n }));
    for (const [task, targetGroup] of this.unhealthySinceLook) this.messages.add(this.now(), { kind: 'unhealthy', task, targetGroup });
    this.toReplace = this.unhealthySinceLook.size;
    this.unhealthySinceLook.clear();
  }

  /** How the scheduler sees a task changed: one that turns unhealthy is told at the next look, unless it recovers first. */
  taskPhase(task: ServiceTask, from: Phase, to: Phase): void {
    if (to === 'unhealthy') {
      const g = task.world.targets.indexOf('unhealthy');
      this.unhealthySinceLook.set(task.index, g >= 0 ? g : null);
    } else if (from === 'unhealthy') this.unhealthySinceLook.delete(task.index);
  }

  /** A look ended: a deployment under way that its bounds leave no room to move (100/100) is said, once it moved nothing; true then. */
  lookEnded(c: ServiceContext): boolean {
    const stalled = !this.movedThisLook && deploymentStalled(c);
    if (stalled) this.messages.add(this.now(), { kind: 'stalled' });
    return stalled;
  }

  started(tasks: number[]): void {
    if (!tasks.length) return;
    // the tasks this look found unhealthy are replaced by the first it starts
    const replaced = Math.min(this.toReplace, tasks.length);
    this.toReplace -= replaced;
    this.messages.add(this.now(), { kind: 'started', tasks, ...(replaced ? { replaced } : {}) });
    this.movedThisLook = true;
  }

  stopped(tasks: number[]): void {
    if (!tasks.length) return;
    this.messages.add(this.now(), { kind: 'stopped', tasks });
    this.movedThisLook = true;
  }

  /** The line that goes with an EventBridge notice, if any. */
  notice(n: ServiceNotice, placementFailure: PlacementFailure['reason'] | null): void {
    const t = this.now();
    const m = this.messages;
    if (n.eventName === 'SERVICE_STEADY_STATE') m.add(t, { kind: 'steady' });
    else if (n.eventName === 'SERVICE_DEPLOYMENT_COMPLETED') m.add(t, { kind: 'completed', deploymentId: n.deploymentId! });
    else if (n.eventName === 'SERVICE_DEPLOYMENT_FAILED') m.add(t, { kind: 'failed', deploymentId: n.deploymentId! });
    else if (n.rollingBackTo) m.add(t, { kind: 'rollingBack', deploymentId: n.rollingBackTo });
    else if (n.eventName === 'SERVICE_TASK_START_IMPAIRED') m.add(t, { kind: 'impaired' });
    else if (n.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE')
      m.add(t, n.containerInstanceArns ? { kind: 'unplaced', reason: placementFailure!, instanceArn: n.containerInstanceArns[0]! } : { kind: 'noSpotCapacity' });
  }

  /** What a task's new frame tells the log. */
  taskFrame(task: ServiceTask, frame: number): void {
    const f = task.frames[frame]!;
    const previous = task.frames[frame - 1];
    // A Fargate task that fails before it runs: ECS's log says it could not place it, and why (told once it is known).
    // Not a container that gave up on its dependsOn: the task was placed and others ran (what ECS logs then is unknown).
    const reason = f.context.stoppedReason;
    if (f.context.stopCode === 'TaskFailedToStart' && previous?.context.stopCode !== 'TaskFailedToStart' && task.scenario.launchType === 'FARGATE' && reason && !reason.startsWith(DEPENDENCY_ERROR_PREFIX))
      this.messages.add(this.now(), { kind: 'failedToStart', reason: reason.replace(/\.$/, '') });
    const status = f.lastStatus;
    const lbs = this.scenario.loadBalancers.length;
    if (!lbs || status === previous?.lastStatus) return;
    // The load balancer's side: targets registered by the time the task runs (told at the next
    // look), deregistered as it starts to drain (when within those steps ECS logs them is inferred).
    if (status === 'RUNNING') this.registeredSinceLook++;
    if (status === 'DEACTIVATING') {
      for (let g = 0; g < lbs; g++) this.messages.add(this.now(), { kind: 'deregistered', targetGroup: g, count: 1 });
      this.messages.add(this.now(), { kind: 'draining', deploymentId: task.deploymentId, count: 1 });
    }
  }
}

/**
 * A deployment under way whose minimumHealthyPercent and maximumPercent leave
 * no room to start or stop a task (100/100) while an older deployment still
 * runs tasks to replace. Once the old tasks are all stopping, the deployment
 * only waits for its new ones to turn healthy: nothing is stuck. The limits
 * are the service's as they are now: an UpdateService may have set them.
 */
export function deploymentStalled(c: Pick<ServiceContext, 'desiredCount' | 'deployments' | 'counts' | 'settings'>): boolean {
  const { maxTotal, minHealthy } = limits(c.desiredCount, c.settings.minimumHealthyPercent, c.settings.maximumPercent);
  const moving = c.deployments.length > 1 && c.deployments.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS');
  const oldStillRun = c.deployments.some((d) => d.status !== 'PRIMARY' && (c.counts[d.id]?.pending ?? 0) + (c.counts[d.id]?.running ?? 0) > 0);
  return moving && oldStillRun && c.desiredCount > 0 && maxTotal <= minHealthy;
}

/**
 * Why a service whose deployment failed without a rollback stays short, in a
 * sentence; null when its primary did not fail. The circuit breaker "will
 * transition to a failed state and stop launching new tasks" (DG-CB): nothing
 * but an UpdateService moves it on.
 */
export function failedDeploymentSaid(c: Pick<ServiceContext, 'desiredCount' | 'deployments' | 'settings' | 'counts'>): string | null {
  const primary = c.deployments.find((d) => d.status === 'PRIMARY');
  if (primary?.rolloutState !== 'FAILED') return null;
  const why = c.settings.circuitBreaker.rollback ? 'with no deployment that completed to roll back to' : 'rollback off';
  const active = Object.values(c.counts).reduce((n, k) => n + k.pending + k.running, 0);
  const short = active < c.desiredCount ? `, so the service stays short of its desiredCount ${c.desiredCount}` : '';
  return `Deployment ${primary.id} (${primary.taskDefinition}) FAILED (the circuit breaker, ${why}): ECS launches none of its tasks any more${short}; an UpdateService with a revision that starts (or forceNewDeployment) begins a new deployment.`;
}
