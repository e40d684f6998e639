// What the simulated world offers to its two front ends, the CLI and the web
// app. Both drive a Simulation and read its projections; neither reaches into
// machine internals.
import type { CapacityState, ContainerState, DesiredStatus, EniStatus, HealthStatus, RegistryState, StopCode, TargetState, TaskStatus } from '../../machines/status.ts';
import type { DescribedTask } from './project/describe-task.ts';
import type { EcsEvent } from './project/events.ts';
import type { Action, Scenario } from './scenario/types.ts';

/** A user action applied now (the timeline's actions without `at`). */
export type LiveAction =
  | { action: 'StopTask'; reason?: string | null }
  | { action: 'ContainerExit'; container: string; exitCode: number }
  | { action: 'SpotInterruption' }
  /** the app in `container` stops answering its health checks (the load balancer's, its own) from now on */
  | { action: 'HealthChecksFail'; container: string };

export interface EniView {
  status: EniStatus;
  attachmentId: string;
  subnetId: string;
  networkInterfaceId: string;
  macAddress: string;
  privateIPv4Address: string;
  /** it has been attached (before that it has no ID or address to show, as AWS prints it) */
  attached: boolean;
}

export interface ContainerStateView {
  name: string;
  image: string;
  essential: boolean;
  /** the agent's state (NONE, PULLING, … STOPPED) */
  state: ContainerState;
  /** what DescribeTasks shows (PENDING, RUNNING, STOPPED) */
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode: number | null;
  reason: string | null;
  healthStatus: HealthStatus;
  signals: ('SIGTERM' | 'SIGKILL')[];
}

/** Everything a person looks at, now. */
export interface TaskView {
  /** virtual ms since the task was created */
  t: number;
  lastStatus: TaskStatus;
  desiredStatus: DesiredStatus;
  stopCode: StopCode | null;
  stoppedReason: string | null;
  /** DescribeTasks' healthStatus: from the essential containers' own health checks (UNKNOWN without any) */
  healthStatus: HealthStatus;
  /** a Fargate Spot notice came (to a running task, or to one already stopping) */
  spotNotice: boolean;
  /** the wait for an instance with room (PlaceTask fault), else null */
  capacity: CapacityState | null;
  eni: EniView | null;
  targets: { targetGroupArn: string; state: TargetState }[];
  registry: { registryArn: string; state: RegistryState } | null;
  containers: ContainerStateView[];
}

/** One thing that happened: an actor changed state (or an action was applied or ignored). */
export interface TraceEntry {
  t: number;
  /** 'task', 'capacity', 'eni', 'target-0', 'registry', 'container-web'; 'user' for actions, 'world' for what changes around the task (a fault ending) */
  actor: string;
  from: string | null;
  to: string;
  /** what happened and why, in a sentence */
  note: string;
}

export interface Simulation {
  readonly scenario: Scenario;
  /** virtual ms since the task was created */
  now(): number;
  /** virtual ms of the next scheduled happening, or null when nothing is scheduled */
  nextAt(): number | null;
  /** fire everything due up to `ms` (virtual), in order */
  advanceTo(ms: number): void;
  /** jump to the next scheduled happening; false when there is none */
  step(): boolean;
  /** run until STOPPED or `ms`, whichever comes first */
  runUntil(ms: number): void;
  /** apply a user action now; returns a message when it was ignored (wrong moment) */
  act(action: LiveAction): string | null;
  /** why a HealthChecksFail on `container` would change no check now (its checks fail already for good, an earlier one), else null; nothing is done */
  checksFailWhy(container: string): string | null;
  isStopped(): boolean;
  view(): TaskView;
  readonly trace: readonly TraceEntry[];
  /** ECS Task State Change events emitted so far, in order */
  readonly events: readonly EcsEvent[];
  /** The scenario's timeline actions that were applied but changed nothing, and why (also in the trace) */
  readonly ignoredActions: readonly { t: number; why: string }[];
  /**
   * What `act` applied from outside the timeline (a person on the page), each
   * at the time it was applied: added to the timeline, the scenario replays it.
   */
  readonly performed: readonly Action[];
  /** The DescribeTasks Task object now */
  describeTask(): DescribedTask;
  /** called after every change (a new trace entry); returns an unsubscribe function */
  subscribe(listener: () => void): () => void;
  stop(): void;
}
