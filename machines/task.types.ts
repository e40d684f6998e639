// The task's configuration (its shape) and the inputs the simulated world
// passes to each side step. Machines never invent a duration or a failure:
// every timing and fault arrives here, from src/sim.
import type {
  CapacityState,
  ContainerLastStatus,
  DesiredStatus,
  EniStatus,
  HealthStatus,
  RegistryState,
  StopCode,
  TargetState,
  SpotStopCode,
} from './status.ts';

export const DEPENDENCY_CONDITIONS = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'] as const;
export type DependencyCondition = (typeof DEPENDENCY_CONDITIONS)[number];

export interface ContainerDependency {
  containerName: string;
  condition: DependencyCondition;
}

/** Why a dependency can never hold: the agent's terminal dependency errors. */
export type DependencyBreak = 'willNeverStart' | 'didNotSucceed' | 'timedOut';

/** A container that must give up: the dependency that can never hold, and why. */
export interface BrokenDependency {
  name: string;
  dependency: ContainerDependency;
  why: DependencyBreak;
}

export interface ContainerSpec {
  name: string;
  essential: boolean;
  dependsOn: ContainerDependency[];
  hasHealthCheck: boolean;
  /** containers that depend on it give up after its startTimeout */
  hasStartTimeout: boolean;
}

/** What decides which states and side steps a task has. */
export interface TaskShape {
  /** EC2 with no room for the task: it waits for capacity in PROVISIONING (PlaceTask fault). */
  capacity: boolean;
  eni: boolean;
  targets: number;
  registry: boolean;
  containers: ContainerSpec[];
}

export interface CapacityInput {
  /** When an instance with room joins the cluster; null: never. */
  availableAfterMs: number | null;
  /** When ECS gives up waiting (10 to 30 minutes). */
  timeoutMs: number;
}

export interface EniInput {
  /** when ECS creates it; null: never (the task is never placed on an instance) */
  createMs: number | null;
  attachMs: number;
  /** How long the attachment waits before it gives up when the AttachEni fault is set. */
  attachTimeoutMs: number;
  detachMs: number;
  deleteMs: number;
  failAttach: boolean;
  /** ECS cannot detach or delete it (its role or permissions are gone: ReleaseEni fault) until `eni.releaseRestored`. */
  releaseBlocked: boolean;
}

export interface TargetInput {
  index: number;
  /** which target group (for the reason a failed registration gives) */
  targetGroupArn: string;
  registerMs: number;
  /** healthy threshold × interval (after a slow start: when its checks have passed that many times) */
  healthyAfterMs: number;
  /** unhealthy threshold × interval */
  unhealthyAfterMs: number;
  failHealthChecks: boolean;
  /** a slow start: how long after turning unhealthy its checks have passed the healthy threshold (null: never) */
  recoversAfterMs: number | null;
  /** an app that goes bad: how long after turning healthy its checks have failed the unhealthy threshold (null: never) */
  failsAfterMs: number | null;
  /** …and when it stops answering, from the registration: read by the world, to say so (the machine times only the verdict) */
  stopsAnsweringAfterMs: number | null;
  deregistrationDelayMs: number;
  failRegister: boolean;
}

export interface RegistryInput {
  registerMs: number;
  deregisterMs: number;
  failRegister: boolean;
}

export interface ContainerInput {
  name: string;
  /** its image, as the agent names the container in a dependency error */
  image: string;
  pullMs: number;
  /** from the pull's end (and dependsOn) to the process running: creating and starting the container */
  startMs: number;
  /** A CannotPullContainerError message when the PullImage fault is set. */
  pullError: string | null;
  /** Time between SIGTERM and a well-behaved process exiting. */
  sigtermExitMs: number;
  /** its exit code then: 0 for a process that handles SIGTERM, 143 for one SIGTERM ends (StopContainer fault with exitCode) */
  sigtermExitCode: number;
  ignoreSigterm: boolean;
  stopTimeoutMs: number;
  /** Time from RUNNING to the first passing (or failing) container health check; null without a healthCheck. */
  healthCheckMs: number | null;
  failHealthChecks: boolean;
  /** a slow start: how long after turning UNHEALTHY its next check passes (null: never) */
  healthRecoversAfterMs: number | null;
  /** an app that goes bad: how long after turning HEALTHY its retries-th failed check comes (null: never) */
  healthFailsAfterMs: number | null;
  /** …and when it stops answering, from the container's start: read by the world, to say so (as exitsAfterMs is) */
  stopsAnsweringAfterMs: number | null;
  /** its checks run this long plus a whole number of intervals after its start: read by the world, to count them when the app stops answering (HealthChecksFail) */
  healthJitterMs: number;
  /** From its start: the containers depending on it give up if their condition does not hold by then; null: they wait. */
  startTimeoutMs: number | null;
  /**
   * The process exits by itself this long after it started (the RunContainer
   * fault: a crash); null: it runs until stopped. Read by the world, not the
   * machine: like a ContainerExit, it is an outside event, due whether the
   * container is still running or already stopping.
   */
  exitsAfterMs: number | null;
  /** …with this exit code. */
  exitsWith: number;
}

export interface TaskInput {
  shape: TaskShape;
  capacity: CapacityInput | null;
  eni: EniInput | null;
  targets: TargetInput[];
  registry: RegistryInput | null;
  containers: ContainerInput[];
  /** Fargate Spot reclaims the capacity this long after its interruption notice (two minutes, DG-FSPOT). */
  spotReclaimMs: number;
  /** the stop code a Spot interruption gives (settings.spotStopCode; SpotInterruption by default) */
  spotStopCode: SpotStopCode;
  /**
   * How long after entering PENDING the first pull starts: on Fargate the
   * task's own agent has to come up first (real events show 8-16 s between
   * connectivityAt and pullStartedAt); 0 on EC2, whose agent is running.
   */
  pullDelayMs: number;
  /**
   * The reason the task fails with when a secret it names cannot be retrieved
   * (the RetrieveSecrets fault), before any container is created. Null: every
   * secret is there (or there are none).
   */
  secretsError: string | null;
  /**
   * Fargate retrieves the secrets before any pull; the EC2 agent pulls
   * meanwhile (a secret holds back only the creation of its container).
   */
  secretsBeforePulls: boolean;
  /**
   * A failed image pull stops the task whatever its container (our assumption
   * on Fargate). On EC2 and ECS Anywhere the agent's default pull behaviour
   * tries to run the container anyway, so only an essential one's failure
   * stops the task (ECS_IMAGE_PULL_BEHAVIOR, handleEventError).
   */
  anyPullErrorStopsTask: boolean;
  /** how long the failing retrieval takes, from when the pulls begin (or would have) */
  secretsFailMs: number;
}

/** What the task knows of one container (the agent's view, as DescribeTasks shows it). */
export interface ContainerView {
  lastStatus: ContainerLastStatus;
  started: boolean;
  exitCode: number | null;
  reason: string | null;
  healthStatus: HealthStatus;
  /** The task let it start (its dependsOn conditions held). */
  permitted: boolean;
  /** The task asked it to stop (SIGTERM, or no signal when it never started). */
  stopRequested: boolean;
  /** Its startTimeout passed: containers still waiting on it give up. */
  startTimedOut: boolean;
  /**
   * A dependency it waited for can never hold now (the agent's terminal
   * dependency error): it gives up, stopped without starting, with this reason.
   */
  dependencyError: string | null;
}

/** How side steps run: as invoked child actors, or played by the simulated world (services at scale). */
export type SideSteps = 'actors' | 'world';

export interface TaskContext {
  shape: TaskShape;
  sideSteps: SideSteps;
  input: TaskInput;
  desiredStatus: DesiredStatus;
  stopCode: StopCode | null;
  stoppedReason: string | null;
  capacity: CapacityState | null;
  eni: EniStatus | null;
  targets: TargetState[];
  registry: RegistryState | null;
  containers: Record<string, ContainerView>;
  /** the task has been RUNNING: from then on its stop path always passes through STOPPING */
  ran: boolean;
  /**
   * Fargate Spot: NOTICED once the interruption notice came (whatever stopped
   * the task first), RECLAIMED when the capacity is gone two minutes later.
   */
  spot: SpotState;
}

export type SpotState = 'NONE' | 'NOTICED' | 'RECLAIMED';

export type StopRequest = { stopCode: StopCode; reason: string };

export type ContainerOutput = { exitCode: number | null; reason: string | null; started: boolean };

export type TaskEvent =
  | { type: 'task.stopRequested'; reason?: string; stopCode?: StopCode }
  | { type: 'task.spotInterrupted' }
  /** a secret could not be retrieved: raised by the task itself (or sent by the world) with the reason; `secret`: its valueFrom, for the record (paths names the step by it) */
  | { type: 'task.secretsFailed'; reason: string; secret?: string }
  /** raised by the task itself, spotReclaimMs after the notice */
  | { type: 'task.capacityReclaimed' }
  | { type: 'capacity.placed' }
  | { type: 'capacity.unavailable' }
  | { type: 'eni.attached' }
  | { type: 'eni.failed' }
  | { type: 'registry.registered' }
  | { type: 'registry.failed' }
  | { type: 'target.registered'; index: number }
  | { type: 'target.failed'; index: number }
  | { type: 'target.healthy'; index: number }
  | { type: 'target.unhealthy'; index: number }
  | { type: 'container.started'; name: string }
  | { type: 'container.healthy'; name: string }
  | { type: 'container.unhealthy'; name: string }
  | { type: 'container.startTimedOut'; name: string }
  | { type: `xstate.done.actor.${string}`; output: unknown };
