// The service scheduler's vocabulary (CreateService / DescribeServices names).
import type { StopCode } from './status.ts';

export const ROLLOUT_STATES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** A deployment: one task definition revision the scheduler runs tasks of. */
export interface Deployment {
  id: string; // ecs-svc/…
  /** the task definition, `family:revision` */
  taskDefinition: string;
  /** PRIMARY: the one the service converges to; ACTIVE: older, being drained. */
  status: 'PRIMARY' | 'ACTIVE';
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** The circuit breaker's count: tasks of this deployment that failed in a row (back to 0 when one turns healthy, with resetOnHealthyTask). */
  failedTasks: number;
}

/** What the world reports of one deployment's tasks (tasks whose desiredStatus is RUNNING). */
export interface DeploymentCounts {
  /** lastStatus before RUNNING */
  pending: number;
  /** lastStatus RUNNING */
  running: number;
  /** RUNNING and counted as healthy (§6: 40 s after RUNNING without checks, else passing checks) */
  healthy: number;
  /** RUNNING, failing health checks past the grace period: to be replaced */
  unhealthy: number;
  /** desiredStatus STOPPED, not yet STOPPED (draining, stopping) */
  stopping: number;
  /** tasks that never reached RUNNING, since the last report (the circuit breaker and the launch throttle count them) */
  newlyFailed: number;
  /**
   * tasks that failed after RUNNING, since the last report: found failing their
   * health checks past the grace period, or stopped by a failure of their own
   * before they were ever healthy. The circuit breaker counts them, the launch
   * throttle does not (AWS: tasks stopped after they reach RUNNING do not start
   * the throttle logic)
   */
  newlyFailedAfterRunning: number;
  /** tasks of this deployment that reached RUNNING since the last report */
  newlyRunning: number;
  /** tasks of this deployment that counted as healthy for the first time since the last report (resetOnHealthyTask) */
  newlyHealthy: number;
}

export interface ServiceSettings {
  serviceName: string;
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker: CircuitBreaker;
}

/** What an UpdateService changes of the rolling update's settings. */
export type ConfigurationUpdate = Partial<Pick<ServiceSettings, 'minimumHealthyPercent' | 'maximumPercent' | 'circuitBreaker'>>;

/** DeploymentConfiguration's deploymentCircuitBreaker, as CreateService takes it. */
export interface CircuitBreaker {
  enable: boolean;
  rollback: boolean;
  /** true (AWS's default): a task of the deployment that turns healthy sets its failure count back to 0 */
  resetOnHealthyTask: boolean;
  /** null: not given, the facts file's rule, clamp(ceil(desiredCount / 2), 10, 200) */
  thresholdConfiguration: { type: 'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT'; value: number } | null;
}

export interface ServiceInput {
  settings: ServiceSettings;
  desiredCount: number;
  /** Deployment ids the scheduler hands out, in order (drawn by the world from its seed). */
  deploymentIds: string[];
}

export interface Launch {
  deploymentId: string;
  /** `family:revision` */
  taskDefinition: string;
  count: number;
}

export interface Stop {
  deploymentId: string;
  count: number;
  /**
   * which tasks: `unhealthy` and `notHealthy` only those; `pending` the ones
   * not yet healthy first (pending before running), then any; `any` any (the
   * world keeps Availability Zones balanced)
   */
  prefer: 'unhealthy' | 'notHealthy' | 'pending' | 'any';
  stopCode: StopCode;
  reason: string;
}

export type ServiceEventName =
  | 'SERVICE_STEADY_STATE'
  | 'CAPACITY_PROVIDER_STEADY_STATE'
  | 'SERVICE_TASK_START_IMPAIRED'
  | 'SERVICE_TASK_PLACEMENT_FAILURE'
  | 'SERVICE_DEPLOYMENT_IN_PROGRESS'
  | 'SERVICE_DEPLOYMENT_COMPLETED'
  | 'SERVICE_DEPLOYMENT_FAILED';

export interface ServiceNotice {
  eventName: ServiceEventName;
  eventType: 'INFO' | 'WARN' | 'ERROR';
  deploymentId?: string;
  reason?: string;
  /** a rollback's: the deployment it rolls back to (its reason names it; the service's event log does too) */
  rollingBackTo?: string;
  /** placement failures: the closest matching instance */
  containerInstanceArns?: string[];
  /** placement failures on Fargate Spot, and the providers' steady state: the capacity providers */
  capacityProviderArns?: string[];
}

export interface ServiceContext {
  settings: ServiceSettings;
  desiredCount: number;
  deployments: Deployment[];
  counts: Record<string, DeploymentCounts>;
  /** the ids to hand out (the input's, never changed), and how many were handed out */
  deploymentIds: readonly string[];
  deploymentsMade: number;
  /** consecutive tasks that failed to start (launch throttle) */
  consecutiveFailures: number;
  /** virtual ms before which no task is launched (throttle), and whether START_IMPAIRED was said */
  launchNotBefore: number;
  impairedNoticed: boolean;
  now: number;
}

export type ServiceEvent =
  /**
   * `taskDefinition` is `family:revision`, a registered task definition to
   * deploy; `forceNewDeployment` deploys it (or the primary's) even when the
   * service already runs it
   */
  /** `deploymentId`: named by the world once the input's ids are spent (deployments asked for on the page) */
  /** `configuration`: UpdateService's deploymentConfiguration, what it gives (the rest is kept) */
  | { type: 'service.updated'; desiredCount?: number; taskDefinition?: string; forceNewDeployment?: boolean; deploymentId?: string; configuration?: ConfigurationUpdate }
  | { type: 'scheduler.tick'; now: number; counts: Record<string, DeploymentCounts> };

export type ServiceEmitted =
  | { type: 'service.launch'; launches: Launch[] }
  | { type: 'service.stop'; stops: Stop[] }
  | { type: 'service.notice'; notices: ServiceNotice[] };
