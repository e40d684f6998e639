// Status tuples, in the order a resource meets them. For the task's lastStatus
// the index is its rank: it only moves forward, so "did it go back?" is a
// comparison of ranks (as in the ECS agent's taskstatus.go). Other tuples are
// only in order (a target goes between healthy and unhealthy).

export const TASK_STATUSES = [
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
  'STOPPED',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** desiredStatus: ECS only ever sets RUNNING or STOPPED. */
export const DESIRED_STATUSES = ['RUNNING', 'STOPPED'] as const;
export type DesiredStatus = (typeof DESIRED_STATUSES)[number];

export const STOP_CODES = [
  'TaskFailedToStart',
  'EssentialContainerExited',
  'UserInitiated',
  'ServiceSchedulerInitiated',
  'SpotInterruption',
  'TerminationNotice',
] as const;
export type StopCode = (typeof STOP_CODES)[number];
/** A Fargate Spot interruption's two codes: AWS's pages and API show both (facts §3). */
export const SPOT_STOP_CODES = ['SpotInterruption', 'TerminationNotice'] as const;
export type SpotStopCode = (typeof SPOT_STOP_CODES)[number];

/** ENI attachment status, as the Attachment object of the ECS API reports it. */
export const ENI_STATUSES = [
  'PRECREATED',
  'CREATED',
  'ATTACHING',
  'ATTACHED',
  'DETACHING',
  'DETACHED',
  'DELETED',
  'FAILED',
] as const;
export type EniStatus = (typeof ENI_STATUSES)[number];

/**
 * Load balancer target health states (ELB TargetHealth.State), plus
 * `notRegistered` and `registering` for the time before the target exists
 * (inferred: ELB has no word for a target that does not exist yet).
 */
export const TARGET_STATES = ['notRegistered', 'registering', 'initial', 'healthy', 'unhealthy', 'draining', 'unused'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** Cloud Map instance of the task (service discovery). Names are ours: inferred. */
export const REGISTRY_STATES = ['NOT_REGISTERED', 'REGISTERING', 'REGISTERED', 'DEREGISTERING', 'DEREGISTERED', 'FAILED'] as const;
export type RegistryState = (typeof REGISTRY_STATES)[number];

/** The wait for a container instance with room (EC2 capacity providers). Names are ours: inferred. */
export const CAPACITY_STATES = ['WAITING', 'PLACED', 'UNAVAILABLE', 'CANCELLED'] as const;
export type CapacityState = (typeof CAPACITY_STATES)[number];

/**
 * Container states as the agent knows them (containerstatus.go), simplified.
 * The API shows only PENDING / RUNNING / STOPPED: see `containerLastStatus`.
 */
export const CONTAINER_STATES = ['NONE', 'PULLING', 'PULLED', 'CREATED', 'RUNNING', 'STOPPING', 'STOPPED'] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export const CONTAINER_LAST_STATUSES = ['PENDING', 'RUNNING', 'STOPPED'] as const;
export type ContainerLastStatus = (typeof CONTAINER_LAST_STATUSES)[number];

export const HEALTH_STATUSES = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** What DescribeTasks shows for a container in the agent's state `s`. */
export function containerLastStatus(s: ContainerState): ContainerLastStatus {
  if (s === 'STOPPED') return 'STOPPED';
  if (s === 'RUNNING' || s === 'STOPPING') return 'RUNNING';
  return 'PENDING';
}

export function rank<T extends string>(order: readonly T[], s: T): number {
  return order.indexOf(s);
}

/** Documentation links used as `meta.source` on states. */
export const SOURCES = {
  lifecycle: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html',
  awsvpc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html',
  attachment: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attachment.html',
  draining: 'https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/load-balancer-connection-draining.html',
  deregistrationDelay: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html',
  healthChecks: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  serviceDiscovery: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html',
  stopTask: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html',
  taskDefinition: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html',
  stoppedErrors: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html',
  /** the message a task gives when a secret it names cannot be found */
  secretNotFound: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-not-found-error.html',
  agentContainerStatus: 'https://github.com/aws/amazon-ecs-agent/blob/master/ecs-agent/api/container/status/containerstatus.go',
  /** the agent's Task: "task desired status must be stopped if any essential container is stopped" */
  agentTask: 'https://github.com/aws/amazon-ecs-agent/blob/master/agent/api/task/task.go',
  /** the agent's terminal dependency errors: the container is stopped with exit code 143 (PR #3218) */
  agentDependencyError: 'https://github.com/aws/amazon-ecs-agent/pull/3218',
  fargateSpot: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html',
  /** What's New, Feb 2023: a Fargate Spot task is deregistered from its load balancer before SIGTERM */
  spotDeregistersFirst: 'https://aws.amazon.com/about-aws/whats-new/2023/02/amazon-elastic-container-service-accuracy-service-load-balancing/',
  capacity: 'https://github.com/aws/containers-roadmap/issues/2381',
} as const;
