// One task of a service as the world keeps it: its statechart (WorldTask),
// its identity and lifecycle timestamps, how the scheduler counts it (phase),
// and its ECS Task State Change events as compact frames, turned into JSON
// only when someone reads them (a 10,000-task run makes 100,000s of them).
import type { TaskContext, TaskInput } from '../../../machines/task.types.ts';
import { rank, TASK_STATUSES, type EniStatus, type TaskStatus } from '../../../machines/status.ts';
import { createIdentity, dynamicBindings, serviceAddressBase, type TaskIdentity } from '../ids.ts';
import type { TaskStamps } from '../project/task-detail.ts';
import { createRandom } from '../random.ts';
import type { VirtualClock } from '../clock.ts';
import type { Scenario, TaskDefinition } from '../scenario/types.ts';
import { taskInput } from '../timings.ts';
import { EniAsReported, executionStopped, observableKey } from '../project/observable.ts';
import { phaseOf, UNCHECKED_HEALTHY_AFTER_MS, type Phase } from './task-phase.ts';
import { WorldTask, type TaskSnapshot } from './world-task.ts';
import type { Placed } from './container-instances.ts';

/** Stop codes that mean the task itself failed. */
const FAILED_TO_START = new Set<string | null>(['TaskFailedToStart', 'EssentialContainerExited']);

export interface TaskHost {
  readonly scenario: Scenario;
  readonly clock: VirtualClock;
  taskChanged(task: ServiceTask, from: Phase, to: Phase, change: TaskChange): void;
  taskOccurred(task: ServiceTask, frame: number): void;
  /** The instance's agent: may the task leave PENDING's wait for room now? Else `start` runs when it may. */
  admit(task: ServiceTask, start: () => void): boolean;
  /** The deployment has failed: its circuit breaker counts no more (it keeps the count that failed it). */
  deploymentFailed(deploymentId: string): boolean;
}

/** What one step of a task means to the scheduler's counts (beyond its phase). */
export interface TaskChange {
  /** it reached RUNNING in this step */
  startedRunning: boolean;
  /** it counts as healthy for the first time (the circuit breaker's reset) */
  turnedHealthy: boolean;
  /**
   * It counts once as a failed task for the circuit breaker: `toStart`, it
   * stopped for a failure of its own before it ever ran (the launch throttle
   * counts it too, DG-THR); `afterRunning`, it failed its health checks past the
   * grace period, or stopped for a failure of its own after RUNNING before it
   * was ever healthy (the breaker only).
   */
  failed: 'toStart' | 'afterRunning' | null;
}

/** What an event needs of the task's context: kept small, 100,000s of frames live until printed. */
export type FrameContext = Pick<TaskContext, 'desiredStatus' | 'stopCode' | 'stoppedReason' | 'containers' | 'capacity'>;

export interface Frame {
  t: number;
  lastStatus: TaskStatus;
  context: FrameContext;
  eniStatus: EniStatus | null;
  stamps: TaskStamps;
  pulled: string[];
}


export class ServiceTask {
  world!: WorldTask;
  readonly scenario: Scenario;
  private id: TaskIdentity | null = null;
  readonly frames: Frame[] = [];
  phase: Phase = 'pending';
  runningSince: number | null = null;
  /** it has counted as healthy once: an own failure after that is not the circuit breaker's (its blind spot) */
  everHealthy = false;
  /** it failed its health checks after it had been healthy (an app that goes bad): not the breaker's either */
  wentBad = false;
  /** it failed once its deployment had failed already: the breaker had done with it */
  failedAfterBreaker = false;
  /** how it was counted as a failed task by the circuit breaker, once at most (null: not counted) */
  countedAs: 'failed to start' | 'failed its health checks' | 'stopped by itself before it was ever healthy' | null = null;
  private readonly stamps: TaskStamps;
  private readonly input: TaskInput;
  private lastKey = '';

  constructor(
    private readonly host: TaskHost,
    readonly index: number,
    readonly deploymentId: string,
    readonly taskDefinition: TaskDefinition,
    readonly az: number,
    /** where the scheduler placed it on the cluster's container instances; null: no instances modelled */
    readonly placed: Placed | null = null,
    /** the capacity provider its service's strategy put it on; null: the scenario's */
    provider: string | null = null,
  ) {
    const base = host.scenario;
    this.scenario = { ...base, taskDefinition, capacityProviderName: provider ?? base.capacityProviderName };
    const rng = createRandom(this.streamSeed(1));
    this.stamps = { createdAt: host.clock.now(), connectivityAt: null, pullStartedAt: null, pullStoppedAt: null, startedAt: null, stoppingAt: null, executionStoppedAt: null, stoppedAt: null };
    this.input = taskInput(this.scenario, rng, this.stamps.createdAt);
  }

  /** Independent random streams per task: timings now, identity (ARNs, addresses) only when printed. */
  private streamSeed(stream: number): number {
    return (this.host.scenario.seed * 2654435761 + this.index * 40503 + stream * 97) >>> 0;
  }

  get identity(): TaskIdentity {
    if (!this.id) {
      this.id = createIdentity(this.scenario, createRandom(this.streamSeed(2)), `service:${this.host.scenario.service!.serviceName}`, { az: this.az, ordinal: this.index, base: serviceAddressBase(this.host.scenario) });
      if (this.placed) this.id.containerInstanceArn = this.placed.instance.arn;
    }
    // the dynamic host ports the instance gave it when its agent started it
    // (the identity may have been made before)
    const ports = this.placed?.hostPorts;
    if (ports && this.portsApplied !== ports) {
      this.portsApplied = ports;
      dynamicBindings(this.scenario.taskDefinition).forEach(([name, mapping], k) => (this.id!.containers[name]!.hostPorts[mapping] = ports[k]!));
    }
    return this.id;
  }
  private portsApplied: number[] | null = null;

  start(): void {
    this.world = new WorldTask(this.host.clock, this.input, (_, before) => this.onStep(before));
    if (this.placed) this.world.hostGate = (start) => this.host.admit(this, start);
    this.world.start();
  }

  /** cheap enough for a board of thousands of cards, every frame */
  get lastStatus(): TaskStatus {
    return this.world.status;
  }

  /** Its statuses and how it stopped, for views (not its machine's context). */
  get view(): { lastStatus: TaskStatus; desiredStatus: TaskContext['desiredStatus']; stopCode: TaskContext['stopCode']; stoppedReason: TaskContext['stoppedReason']; spotNotice: boolean } {
    const { value, context: c } = this.world.snap;
    return { lastStatus: value, desiredStatus: c.desiredStatus, stopCode: c.stopCode, stoppedReason: c.stoppedReason, spotNotice: c.spot !== 'NONE' };
  }

  /** The task as it is now (DescribeTasks). */
  current(): Frame {
    const { value, context } = this.world.snap;
    return { t: this.host.clock.now(), lastStatus: value, context, eniStatus: this.world.eni, stamps: { ...this.stamps }, pulled: [...this.world.pulled] };
  }

  get createdAt(): number {
    return this.stamps.createdAt;
  }

  /** virtual ms, once STOPPED */
  get stoppedAt(): number | null {
    return this.stamps.stoppedAt;
  }

  private onStep(before: TaskSnapshot | null) {
    const now = this.host.clock.now();
    const { value: status, context: c } = this.world.snap;
    const st = this.stamps;
    const wasRunningDesired = before?.context.desiredStatus !== 'STOPPED';
    // What the world did in this step (a pull, an interface attached, an
    // essential container gone) shows in the first event of the step.
    st.connectivityAt = this.world.connectedAt;
    st.pullStartedAt = this.world.pullStartedAt;
    st.pullStoppedAt = this.world.pullStoppedAt;
    if (st.executionStoppedAt === null && executionStopped(c)) st.executionStoppedAt = now;
    const stopAsked = c.desiredStatus === 'STOPPED' && wasRunningDesired && before !== null;
    if (stopAsked) st.stoppingAt = now;
    // One step of the world is a whole macrostep. ECS reports the new
    // desiredStatus, and a container's change that moves the task on, before
    // the task moves on: at the status it still has, as the single task's own
    // actors report them (one microstep each), so the same task has the same
    // events, and versions, in a service.
    if (before && before.value !== status && (stopAsked || before.context.containers !== c.containers)) this.frame(before.value, c, now);
    if (status === 'RUNNING' && this.runningSince === null) {
      this.runningSince = now;
      st.startedAt = now;
      // when a task nothing checks turns healthy
      this.recheckPhaseAt(now + UNCHECKED_HEALTHY_AFTER_MS);
      // the grace period's end matters only to a task with checks to heed (else it would keep the run "going")
      const checked = this.world.input.targets.length > 0 || this.world.input.shape.containers.some((k) => k.essential && k.hasHealthCheck);
      if (checked) this.recheckPhaseAt(now + this.gracePeriodMs());
    }
    // One step of the world is a whole macrostep: a task that has run and had
    // nothing left to signal passes STOPPING within it (facts §2), and ECS still reports it
    // (before it has a stoppedAt, as the single task reports it).
    if (before && c.ran && rank(TASK_STATUSES, before.value) < rank(TASK_STATUSES, 'STOPPING') && rank(TASK_STATUSES, status) > rank(TASK_STATUSES, 'STOPPING')) this.frame('STOPPING', c, now);
    if (status === 'STOPPED') {
      st.stoppedAt ??= now;
      for (const id of this.rechecks) this.host.clock.clearTimeout(id);
      this.rechecks = [];
    }
    this.frame(status, c, now);
    // A task that stops for a failure of its own before it ever ran failed to
    // start, whatever its stop code (an essential container that exits in
    // ACTIVATING counts as much as a pull that fails), for the circuit breaker
    // (DG-CB: tasks that do not reach RUNNING) and the launch throttle (DG-THR).
    // One that fails after RUNNING but before it was ever healthy counts for
    // the breaker only, our reading: AWS changed the breaker in December 2021
    // so that a task failing "before reporting a health check" no longer
    // resets the count (aws/containers-roadmap#1206), and said it should now work.
    // Stops asked for (a user's, the scheduler's, a Spot reclaim) are not failures.
    const ownFailure = before?.context.stopCode == null && FAILED_TO_START.has(c.stopCode!);
    const failed = !ownFailure ? null : this.runningSince === null ? 'toStart' : this.everHealthy ? null : 'afterRunning';
    this.updatePhase(this.runningSince === now && before?.value !== 'RUNNING' && status === 'RUNNING', failed);
  }

  private seen: { status: TaskStatus; desired: string; containers: TaskContext['containers'] } | null = null;

  private frame(status: TaskStatus, c: TaskContext, t: number) {
    // The key only changes with the status, desiredStatus or the containers
    // object (replaced on every container change): skip the string otherwise.
    const s = this.seen;
    if (s && s.status === status && s.desired === c.desiredStatus && s.containers === c.containers) return;
    if (s) (s.status = status), (s.desired = c.desiredStatus), (s.containers = c.containers);
    else this.seen = { status, desired: c.desiredStatus, containers: c.containers };
    const key = observableKey(status, c);
    if (key === this.lastKey) return;
    this.lastKey = key;
    // capacity: whether it is placed yet (its zone and instance show only then)
    const context: FrameContext = { desiredStatus: c.desiredStatus, stopCode: c.stopCode, stoppedReason: c.stoppedReason, containers: c.containers, capacity: c.capacity };
    this.frames.push({ t, lastStatus: status, context, eniStatus: this.eniReport.shown(status, this.world.eni), stamps: this.stampsNow(), pulled: this.pulledNow() });
    this.host.taskOccurred(this, this.frames.length - 1);
  }

  /** what the events show of the ENI (see EniAsReported) */
  private readonly eniReport = new EniAsReported();

  // Frames share the stamps and pulled list until they change: 100,000s of
  // frames at 10,000 tasks, and most of them repeat both.
  private frozenStamps: TaskStamps | null = null;
  private frozenPulled: string[] = [];
  private stampsNow(): TaskStamps {
    const f = this.frozenStamps;
    const st = this.stamps;
    const same =
      f !== null &&
      f.connectivityAt === st.connectivityAt &&
      f.pullStartedAt === st.pullStartedAt &&
      f.pullStoppedAt === st.pullStoppedAt &&
      f.startedAt === st.startedAt &&
      f.stoppingAt === st.stoppingAt &&
      f.executionStoppedAt === st.executionStoppedAt &&
      f.stoppedAt === st.stoppedAt;
    if (!same) this.frozenStamps = { ...st };
    return this.frozenStamps!;
  }
  private pulledNow(): string[] {
    if (this.frozenPulled.length !== this.world.pulled.size) this.frozenPulled = [...this.world.pulled];
    return this.frozenPulled;
  }

  private gracePeriodMs() {
    return (this.host.scenario.service?.healthCheckGracePeriodSeconds ?? 0) * 1000;
  }

  /** the phase's rechecks to come (40 s after RUNNING, the grace period's end): a stopped task has none (they must not keep the run going) */
  private rechecks: number[] = [];

  private recheckPhaseAt(ms: number) {
    const delay = ms - this.host.clock.now();
    if (delay > 0) this.rechecks.push(this.host.clock.setTimeout(() => this.updatePhase(false, null), delay));
  }

  private updatePhase(startedRunning: boolean, failedNow: TaskChange['failed']) {
    const from = this.phase;
    this.phase = phaseOf({ status: this.world.snap.value, context: this.world.snap.context, targets: this.world.targets, runningSince: this.runningSince, now: this.host.clock.now(), gracePeriodMs: this.gracePeriodMs() });
    const turnedHealthy = this.phase === 'healthy' && !this.everHealthy;
    if (turnedHealthy) this.everHealthy = true;
    // a health check failing past the grace period is a failure when it is found, not when the task is replaced (DG-CB);
    // one that passed first is not: a deployment with a successfully running task stops evaluating its count (Deployment.failedTasks)
    const turnedUnhealthy = !failedNow && this.phase === 'unhealthy' && from !== 'unhealthy';
    if (turnedUnhealthy && this.everHealthy) this.wentBad = true;
    const unhealthyNow = turnedUnhealthy && !this.everHealthy;
    let failed = failedNow ?? (unhealthyNow ? 'afterRunning' : null);
    if (failed && this.countedAs) failed = null;
    if (failed && this.host.deploymentFailed(this.deploymentId)) this.failedAfterBreaker = true;
    else if (failed) this.countedAs = failed === 'toStart' ? 'failed to start' : unhealthyNow ? 'failed its health checks' : 'stopped by itself before it was ever healthy';
    this.host.taskChanged(this, from, this.phase, { startedRunning, turnedHealthy, failed });
  }
}
