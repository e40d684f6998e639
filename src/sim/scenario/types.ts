// The scenario after loading: every default applied, every field checked.
// The loader (load.ts) accepts what users really have (register-task-definition
// input, describe-task-definition output, a bare task definition) and turns it
// into this shape; nothing downstream re-validates.
import type { ContainerDependency } from '../../../machines/task.types.ts';
import type { SpotStopCode } from '../../../machines/status.ts';
import type { CircuitBreaker } from '../../../machines/service.types.ts';
import type { PlacementConstraint, PlacementRule } from './placement-rules.ts';

export const NETWORK_MODES = ['awsvpc', 'bridge', 'host', 'none'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];
/** runtimePlatform.cpuArchitecture as RegisterTaskDefinition takes it */
export const CPU_ARCHITECTURES = ['X86_64', 'ARM64'] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

export const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL'] as const;
/** The Fargate platform version a Fargate task runs on, as its events and DescribeTasks report it (LATEST since 2021). */
export const FARGATE_PLATFORM_VERSION = '1.4.0';
export type LaunchType = (typeof LAUNCH_TYPES)[number];

export interface HealthCheck {
  intervalSeconds: number; // default 30
  timeoutSeconds: number; // default 5
  retries: number; // default 3
  startPeriodSeconds: number; // default 0
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential: boolean; // default true
  /** container CPU units (0 when not given) */
  cpu: number;
  /** MiB, hard limit and soft reservation; null when not given */
  memory: number | null;
  memoryReservation: number | null;
  dependsOn: ContainerDependency[];
  /** seconds; null = the default (30 s) */
  stopTimeout: number | null;
  /** seconds the containers that depend on this one wait for its condition; null = for ever */
  startTimeout: number | null;
  healthCheck: HealthCheck | null;
  /** the containerPort of each port mapping (a load balancer must name one of them) */
  portMappings: number[];
  /** each mapping's containerPort and hostPort (null: not given or 0), for the ports a task takes on an instance */
  portBindings: { containerPort: number; hostPort: number | null; protocol: 'tcp' | 'udp'; /** its place in portMappings, for messages */ index: number }[];
  /** each mapping's containerPortRange ("8000-8010" as given, and its ports): it binds no fixed host port, so it is only checked */
  portRanges: { first: number; last: number; text: string; protocol: 'tcp' | 'udp'; /** its place in portMappings, for messages */ index: number }[];
  /** the secrets the agent retrieves for it before the pulls (the RetrieveSecrets fault makes one fail) */
  secrets: { name: string; valueFrom: string }[];
}

export interface TaskDefinition {
  family: string;
  revision: number; // default 1
  networkMode: NetworkMode;
  requiresCompatibilities: string[];
  cpu: string | null;
  memory: string | null;
  containerDefinitions: ContainerDefinition[];
  /** memberOf only: where a service may place its tasks, beside the service's own constraints */
  placementConstraints: PlacementConstraint[];
  /** Fargate's ephemeral storage; null: the 20 GiB every Fargate task has */
  ephemeralStorage: { sizeInGiB: number } | null;
  /** null: X86_64 on LINUX */
  runtimePlatform: { cpuArchitecture: CpuArchitecture; operatingSystemFamily: string } | null;
}

export interface LoadBalancer {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

export interface ServiceRegistry {
  registryArn: string;
  /** what an SRV record points at: a container and the port it maps (bridge and host need them) */
  containerName?: string;
  containerPort?: number;
  /** an awsvpc task's SRV port, instead of containerName and containerPort */
  port?: number;
}

export interface Settings {
  deregistrationDelaySeconds: number; // 300, range 0–3600
  healthCheckIntervalSeconds: number; // 30
  healthyThresholdCount: number; // 5
  unhealthyThresholdCount: number; // 2
  region: string; // us-east-1
  account: string; // 123456789012
  cluster: string; // default
  /** the stop code of a Spot interruption: AWS shows both; absent, SpotInterruption (absent, not defaulted: it is in no name's salt) */
  spotStopCode?: SpotStopCode;
}

/**
 * `task` (services only) is the index of the service's task in start order;
 * for a standalone task it is absent (null).
 */
export type Action =
  | { at: number; action: 'StopTask'; reason: string | null; task?: number | null }
  | { at: number; action: 'ContainerExit'; container: string; exitCode: number; task?: number | null }
  | { at: number; action: 'SpotInterruption'; task?: number | null }
  | { at: number; action: 'HealthChecksFail'; container: string; task?: number | null }
  /**
   * services only: change the desired count and/or deploy a new revision of the
   * task definition; forceNewDeployment redeploys the one the service runs
   */
  | { at: number; action: 'UpdateService'; desiredCount: number | null; taskDefinition: TaskDefinition | null; forceNewDeployment: boolean; deploymentConfiguration?: ConfigurationChange | null };

/** UpdateService's deploymentConfiguration: null is left as it was. */
export interface ConfigurationChange {
  minimumHealthyPercent: number | null;
  maximumPercent: number | null;
  deploymentCircuitBreaker: CircuitBreaker | null;
}

/** Faults select containers by name (`container`) or, for services, by `image` (any revision using it). */
export type Fault =
  | { step: 'PullImage'; container: string | null; image?: string | null }
  | { step: 'AttachEni' }
  // a secret is not there (valueFrom: that one; null: the first a task names): the task fails before its pulls
  | { step: 'RetrieveSecrets'; valueFrom: string | null }
  | { step: 'ReleaseEni'; restoredAfterSeconds: number | null } // null = the role never comes back: stuck in DEPROVISIONING
  // null = capacity never arrives; fromSeconds: when Fargate Spot runs out (services on FARGATE_SPOT only)
  | { step: 'PlaceTask'; capacityAfterSeconds: number | null; fromSeconds: number }
  | { step: 'RegisterTargets'; targetGroup: number | null } // index; null = every target group
  | { step: 'RegisterInstance' }
  // the process exits by itself afterSeconds after it started, with exitCode, in every task (a container, or every container using image)
  | { step: 'RunContainer'; container: string | null; image?: string | null; exitCode: number; afterSeconds: number }
  // exitCode null: the container ignores SIGTERM and is killed after its stopTimeout (137); else it exits on SIGTERM with it
  | { step: 'StopContainer'; container: string; ignoreSigterm: boolean; exitCode: number | null }
  // container null = the load balancer's checks fail; image: every check on a container running it (its own, and the load balancer's of its target)
  // passAfterSeconds: the checks pass once the container has run this long (a slow start); null = they never pass
  // failAfterSeconds: they pass until the container has run this long, then fail (an app that goes bad); left out when not given
  | { step: 'HealthCheck'; container: string | null; image?: string | null; passAfterSeconds: number | null; failAfterSeconds?: number | null };

export interface DeploymentConfiguration {
  minimumHealthyPercent: number; // 100
  maximumPercent: number; // 200
  deploymentCircuitBreaker: CircuitBreaker;
}

/** A replica service (CreateService field names). */
export interface Service {
  serviceName: string;
  desiredCount: number;
  loadBalancers: LoadBalancer[];
  serviceRegistries: ServiceRegistry[];
  deploymentConfiguration: DeploymentConfiguration;
  healthCheckGracePeriodSeconds: number; // 0
  launchType: LaunchType;
  /** ranked in order; AWS's default is a spread over Availability Zones */
  placementStrategy: PlacementRule[];
  placementConstraints: PlacementConstraint[];
  /** as given (null: launched by launch type, or by the cluster's default strategy); the tasks run on the provider it picks */
  capacityProviderStrategy: { capacityProvider: string; weight: number; base: number }[] | null;
}

/** `count` EC2 container instances of one size, each registering `cpu` units and `memory` MiB. */
export interface InstanceGroup {
  count: number;
  cpu: number;
  memory: number;
  /** network interfaces free for awsvpc tasks (the instance type's limit less its primary one); null: no limit */
  enis: number | null;
}

/** The cluster's EC2 container instances: one or more groups of one size each, `count` in all. */
export interface ContainerInstances {
  count: number;
  groups: InstanceGroup[];
}

export interface Scenario {
  taskDefinition: TaskDefinition;
  launchType: LaunchType;
  loadBalancers: LoadBalancer[];
  serviceRegistries: ServiceRegistry[];
  settings: Settings;
  seed: number;
  /** ms since the Unix epoch */
  startTime: number;
  timeline: Action[]; // sorted by `at` (stable)
  faults: Fault[];
  /** Present when the scenario is a service; its loadBalancers/serviceRegistries are then also the scenario's. */
  service: Service | null;
  /** The capacity provider the task runs on (capacityProviderStrategy), e.g. FARGATE_SPOT; null: launched by launchType. */
  capacityProviderName: string | null;
  /**
   * RunTask (or the service) names its launchType: the task runs on-demand.
   * False when a strategy chose it, or when nothing did: then the cluster's
   * default capacity provider strategy applies, which may be Fargate Spot.
   */
  launchTypeGiven: boolean;
  /** Services on EC2: the instances tasks are placed on (null: always room). */
  containerInstances: ContainerInstances | null;
  /** Unknown keys that look like typos of known ones (ignored, but worth saying). */
  warnings?: string[];
}

/** A problem with the input, naming the field (a JSON path such as `loadBalancers[0].containerName`). */
export class ScenarioError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    /** where `field` is in the text it was read from (several lines only), or null */
    readonly line: number | null = null,
    /**
     * Problems found in the same pass over the file, each in a field of its
     * own: a file with seven wrong fields is fixed in one run, not seven.
     */
    readonly others: readonly ScenarioError[] = [],
    /** what the problems together suggest (a half-filled template), said once, before them */
    readonly hint: string | null = null,
  ) {
    // one line wherever a message is shown whole; `lines` lists them all
    super(`${ScenarioError.text(field, problem, line)}${others.length ? ` (and ${others.length} more problem${others.length === 1 ? '' : 's'})` : ''}${hint ? ` (${hint})` : ''}`);
    this.name = 'ScenarioError';
  }

  /** This problem, then the others. */
  get problems(): readonly ScenarioError[] {
    return [this, ...this.others];
  }

  /** The same problems, each rewritten by `f` (a hint added, a line found). */
  map(f: (problem: ScenarioError) => ScenarioError): ScenarioError {
    return ScenarioError.of(this.problems.map(f), this.hint);
  }

  /** `problems` (at least one) as one error. */
  static of(problems: readonly ScenarioError[], hint: string | null = null): ScenarioError {
    const [first, ...rest] = problems;
    return new ScenarioError(first!.field, first!.problem, first!.line, rest, hint);
  }

  /** The hint, then each problem on a line of its own, `field (line N): problem`; past `max`, a last line says how many more. */
  lines(max = SHOWN_PROBLEMS): string[] {
    const all = this.problems.map((p) => ScenarioError.text(p.field, p.problem, p.line));
    const more = all.length - max;
    return [...(this.hint ? [this.hint] : []), ...(more > 0 ? [...all.slice(0, max), `… and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}`] : all)];
  }

  /** `timeline[0].at (line 14): must be …`, or the problem alone for the file as a whole. */
  static text(field: string, problem: string, line: number | null): string {
    return field ? `${ScenarioError.where(field, line)}: ${problem}` : problem;
  }

  /** `timeline[0].at (line 14)` */
  static where(field: string, line: number | null): string {
    return line === null ? field : `${field} (line ${line})`;
  }
}

/** Problems listed in one refusal: enough for a whole file's worth of typos, not a screenful of one mistake's echoes. */
export const SHOWN_PROBLEMS = 12;
