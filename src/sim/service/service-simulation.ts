// The simulated world of a service: the scheduler statechart (one actor)
// and its tasks (each the task statechart, side steps played by the world),
// on one virtual clock. The world keeps per-deployment counts up to date as
// tasks change and wakes the scheduler once per virtual second when they did
// (inferred cadence: ECS's scheduler reconciles periodically, not per event).
import { ProviderSplit, type StrategyItem } from './capacity-providers.ts';
import { createActor, type InspectionEvent } from 'xstate';
import { serviceMachine } from '../../../machines/service.machine.ts';
import type { DeploymentCounts, Launch, ServiceContext, ServiceNotice, Stop } from '../../../machines/service.types.ts';
import { limits } from '../../../machines/service.rules.ts';
import { VirtualClock } from '../clock.ts';
import { createRandom, type Random } from '../random.ts';
import type { Action, Scenario, TaskDefinition } from '../scenario/types.ts';
import { ServiceTask, type TaskHost } from './service-task.ts';
import { unhealthyReason, type Phase } from './task-phase.ts';
import { releaseRestoredAtMs } from '../timings.ts';
import type { ContainerInstance, ContainerInstanceFleet, Placed } from './container-instances.ts';
import { ServicePlacement } from './placement.ts';
import { ZONE_COUNT } from '../scenario/placement-rules.ts';
import { spotShortAt, spotShortage, type PlaceTaskFault } from '../scenario/capacity.ts';
import { capacityProviderArn } from './service-events.ts';
import { ServiceMessages } from './service-messages.ts';

const TICK_MS = 1000;
/** Tasks one run may start in all (about 30 KB each): replacements and deployments count too. */
export const MAX_TASKS_STARTED = 50_000;
// the zones instances and tasks sit in (placement-rules.ts reads memberOf against them)
const AZ_COUNT = ZONE_COUNT;
const ZONES = Array.from({ length: AZ_COUNT }, (_, z) => z);

export interface CountsRow {
  t: number;
  desiredCount: number;
  state: string;
  deployments: { id: string; taskDefinition: string; status: string; rolloutState: string; pending: number; running: number; healthy: number; stopping: number }[];
  notices: ServiceNotice[];
}

/** What an instance had left after a change, kept as it was then (the fleet moves on). */
export interface InstanceChange {
  instance: ContainerInstance;
  version: number;
  remaining: ReturnType<ContainerInstanceFleet['remaining']>;
}

export type Occurrence =
  | { kind: 'task'; task: ServiceTask; frame: number }
  | { kind: 'service'; t: number; notice: ServiceNotice }
  | { kind: 'instance'; t: number; change: InstanceChange };

const emptyCounts = (): DeploymentCounts => ({ pending: 0, running: 0, healthy: 0, unhealthy: 0, stopping: 0, newlyFailed: 0, newlyFailedHealthChecks: 0, newlyRunning: 0 });

export class ServiceSimulation implements TaskHost {
  readonly clock = new VirtualClock();
  readonly tasks: ServiceTask[] = [];
  readonly rows: CountsRow[] = [];
  readonly occurrences: Occurrence[] = [];
  /** registered task definitions by `family:revision` */
  readonly revisions = new Map<string, TaskDefinition>();
  /** timeline actions as applied (or why not), and what changes in the world around the service (`by: 'world'`) */
  readonly notes: { t: number; note: string; by?: 'world' }[] = [];
  /** the scheduler's event log, as DescribeServices gives it (`events`) */
  readonly messages = new ServiceMessages();
  /** tasks that came to run (their targets registered) since the scheduler last looked */
  private registeredSinceLook = 0;
  /** the scheduler started or stopped a task in this look */
  private movedThisLook = false;
  /** timeline actions that changed nothing, and why (also in `notes`) */
  readonly ignoredActions: { t: number; why: string }[] = [];
  private readonly counts = new Map<string, DeploymentCounts>();
  private readonly active = new Map<string, Set<ServiceTask>[]>();
  private readonly azLoad = new Array<number>(AZ_COUNT).fill(0);
  private tickAt: number | null = null;
  /** the scheduler's calls for when launch back-offs end */
  private readonly wakeTimers = new Set<number>();
  private readonly service;
  private readonly rng: Random;
  private pendingNotices: ServiceNotice[] = [];
  private readonly maxTasksStarted: number;
  /** when the run stopped before its end (too many tasks; virtual ms), and why, for a page that words the time its own way */
  haltedAt: number | null = null;
  haltReason: string | null = null;
  /** why the run stopped before its end, in one sentence, or null */
  get halted(): string | null {
    return this.haltedAt === null ? null : `the run stopped at ${this.haltedAt / 1000} s: ${this.haltReason}`;
  }
  /** placement on the cluster's EC2 container instances, when the scenario gives them */
  readonly placement: ServicePlacement | null;
  /** the service's strategy, when it names more than one capacity provider */
  private readonly strategy: readonly StrategyItem[] | null;
  /**
   * Each deployment's split of its tasks between the providers (our model: a
   * deployment carries its own capacityProviderStrategy, so its new tasks are
   * split by its own count, not by what the old deployment still runs).
   */
  private readonly splits = new Map<string, ProviderSplit>();
  /** Fargate Spot runs out (a PlaceTask fault on a service using FARGATE_SPOT), and whether the last launch failed for it */
  private readonly spotShortage: PlaceTaskFault | null;
  private spotFailing = false;

  /** `inspect`: an inspection observer for the service actor (its tasks are not actors' children, so this stays small). */
  constructor(
    readonly scenario: Scenario,
    options: { inspect?: (ev: InspectionEvent, virtualMs: number) => void; maxTasksStarted?: number } = {},
  ) {
    this.maxTasksStarted = options.maxTasksStarted ?? MAX_TASKS_STARTED;
    const svc = scenario.service!;
    this.rng = createRandom(scenario.seed);
    this.revisions.set(revisionKey(scenario.taskDefinition), scenario.taskDefinition);
    // One per deployment: the first and one per UpdateService revision (a
    // rollback reuses the old one). At least 64, as before, so the seeded
    // draws after them stay where they were.
    const deployments = 1 + scenario.timeline.filter((a) => a.action === 'UpdateService' && a.taskDefinition !== null).length;
    const deploymentIds = Array.from({ length: Math.max(64, deployments) }, () => `ecs-svc/${this.rng.between(1e9, 9e9)}${this.rng.between(1e8, 9e8)}`);
    this.service = createActor(serviceMachine, {
      ...(options.inspect ? { inspect: (ev: InspectionEvent) => options.inspect!(ev, this.clock.now()) } : {}),
      clock: this.clock,
      input: {
        settings: {
          serviceName: svc.serviceName,
          minimumHealthyPercent: svc.deploymentConfiguration.minimumHealthyPercent,
          maximumPercent: svc.deploymentConfiguration.maximumPercent,
          circuitBreaker: svc.deploymentConfiguration.deploymentCircuitBreaker,
        },
        desiredCount: svc.desiredCount,
        deploymentIds,
      },
    });
    const strategy = svc.capacityProviderStrategy;
    this.strategy = strategy && strategy.length > 1 ? strategy : null;
    this.placement = scenario.containerInstances
      ? new ServicePlacement(scenario, AZ_COUNT, {
          note: (text) => this.notes.push({ t: this.now(), note: text, by: 'world' }),
          notice: (n) => this.notice(n),
          instanceChanged: (i) =>
            this.occurrences.push({ kind: 'instance', t: this.now(), change: { instance: i, version: i.version, remaining: this.placement!.fleet.remaining(i) } }),
        })
      : null;
    this.spotShortage = spotShortage(scenario);
    if (this.spotShortage) this.watchSpotCapacity(this.spotShortage);
    this.service.on('service.launch', (e) => e.launches.forEach((l) => this.launch(l)));
    this.service.on('service.stop', (e) => e.stops.forEach((s) => this.stopTasks(s)));
    this.service.on('service.notice', (e) => e.notices.forEach((n) => this.notice(n)));
    this.service.start();
    this.service.send({ type: 'service.updated', taskDefinition: revisionKey(scenario.taskDefinition) });
    for (const a of scenario.timeline) this.clock.setTimeout(() => this.act(a), a.at * 1000);
    const restoredAt = releaseRestoredAtMs(scenario);
    if (restoredAt !== null)
      this.clock.setTimeout(() => {
        this.notes.push({ t: this.now(), note: 'ECS role restored: network interfaces can be detached and deleted again (the ReleaseEni fault ends)', by: 'world' });
        for (const t of this.tasks) t.world.releaseRestored();
      }, restoredAt);
    this.markDirty();
  }

  get serviceSnapshot() {
    return this.service.getSnapshot();
  }

  now(): number {
    return this.clock.now();
  }

  /** Run until `ms` (a service has no end of its own; nothing happens once all is quiet). */
  /** Run to `ms`, or until nothing more is scheduled (a steady service waits for nobody): virtual time stops there. */
  runUntil(ms: number): void {
    this.clock.advanceTo(ms, true);
  }

  act(a: Action): void {
    const ignored = this.apply(a);
    this.notes.push({ t: this.now(), note: ignored ?? describeAction(a) });
    if (ignored) this.ignoredActions.push({ t: this.now(), why: ignored });
  }

  private apply(a: Action): string | null {
    if (this.halted) return `${a.action} ignored: ${this.halted}`;
    if (a.action === 'UpdateService') {
      if (a.taskDefinition) this.revisions.set(revisionKey(a.taskDefinition), a.taskDefinition);
      this.service.send({
        type: 'service.updated',
        ...(a.desiredCount !== null ? { desiredCount: a.desiredCount } : {}),
        ...(a.taskDefinition ? { taskDefinition: revisionKey(a.taskDefinition) } : {}),
      });
      this.markDirty();
      return null;
    }
    const task = this.tasks[a.task ?? 0];
    if (!task) return `${a.action} ignored: no task ${a.task ?? 0} has started yet`;
    if (task.world.status === 'STOPPED') return `${a.action} ignored: task ${task.index} is already STOPPED`;
    if (a.action === 'ContainerExit')
      return task.world.exitContainer(a.container, a.exitCode) ? null : `ContainerExit ignored: container ${a.container} of task ${task.index} is not running`;
    if (task.world.snap.context.desiredStatus === 'STOPPED') return `${a.action} changes nothing: task ${task.index} is already stopping`;
    // with a strategy of several providers, only some tasks run on Fargate Spot
    if (a.action === 'SpotInterruption' && task.scenario.capacityProviderName !== 'FARGATE_SPOT' && this.strategy)
      return `SpotInterruption ignored: task ${task.index} runs on ${task.scenario.capacityProviderName} (on-demand), not on Fargate Spot`;
    task.world.send(a.action === 'StopTask' ? { type: 'task.stopRequested', ...(a.reason ? { reason: a.reason } : {}) } : { type: 'task.spotInterrupted' });
    return null;
  }

  // TaskHost: called by a task after each of its steps.
  taskChanged(task: ServiceTask, from: Phase, to: Phase, startedRunning: boolean, failedToStart: boolean): void {
    if (task.placed && from !== to) this.placement!.taskMoved(task.placed, to);
    const k = this.countsFor(task.deploymentId);
    if (startedRunning) k.newlyRunning++;
    if (failedToStart) k.newlyFailed++;
    if (from !== to) {
      this.adjust(k, from, -1);
      this.adjust(k, to, +1);
      const wasActive = isActive(from);
      if (wasActive && !isActive(to)) {
        this.activeSet(task.deploymentId)[task.az]!.delete(task);
        this.azLoad[task.az]!--;
        if (task.scenario.capacityProviderName) this.splitFor(task.deploymentId)?.left(task.scenario.capacityProviderName);
      }
    }
    if (from !== to || startedRunning || failedToStart) this.markDirty();
  }

  admit(task: ServiceTask, start: () => void): boolean {
    return this.placement!.admit(task.placed!, start);
  }

  /** The cluster's container instances (null: always room). */
  get fleet(): ContainerInstanceFleet | null {
    return this.placement?.fleet ?? null;
  }

  /** The last launch found no instance with room. */
  get placementFailing(): boolean {
    return this.placement?.failing ?? false;
  }

  /** Why placing failed last (RESOURCE:CPU, or RESOURCE:FARGATE when Fargate Spot ran out), or null. */
  get placementFailure(): string | null {
    if (this.spotFailing) return 'RESOURCE:FARGATE';
    return this.placement?.failing ? this.placement.lastFailure : null;
  }

  taskOccurred(task: ServiceTask, frame: number): void {
    this.occurrences.push({ kind: 'task', task, frame });
    // The load balancer's side of the log: targets registered by the time the task runs, and
    // deregistered as it starts to drain (when within those steps ECS logs them is inferred).
    const f = task.frames[frame]!;
    const previous = task.frames[frame - 1];
    // A Fargate task that fails before it runs: ECS's log says it could not place it, and why (told once it is known).
    if (f.context.stopCode === 'TaskFailedToStart' && previous?.context.stopCode !== 'TaskFailedToStart' && task.scenario.launchType === 'FARGATE' && f.context.stoppedReason)
      this.messages.add(this.now(), { kind: 'failedToStart', reason: f.context.stoppedReason.replace(/\.$/, '') });
    const status = f.lastStatus;
    if (status === previous?.lastStatus) return;
    const lbs = this.scenario.loadBalancers.length;
    if (!lbs) return;
    // registered: told at the scheduler's next look, for all the tasks that came to run since
    if (status === 'RUNNING') this.registeredSinceLook++;
    if (status === 'DEACTIVATING') {
      for (let g = 0; g < lbs; g++) this.messages.add(this.now(), { kind: 'deregistered', targetGroup: g, count: 1 });
      this.messages.add(this.now(), { kind: 'draining', deploymentId: task.deploymentId, count: 1 });
    }
  }

  /** The targets registered since the last look, one message per target group (our model of when ECS says so). */
  private logRegistered() {
    const n = this.registeredSinceLook;
    this.registeredSinceLook = 0;
    if (n) this.scenario.loadBalancers.forEach((_, g) => this.messages.add(this.now(), { kind: 'registered', targetGroup: g, count: n }));
  }

  private adjust(k: DeploymentCounts, p: Phase, d: number) {
    if (p === 'pending') k.pending += d;
    else if (p === 'running') k.running += d;
    else if (p === 'healthy') (k.running += d), (k.healthy += d);
    else if (p === 'unhealthy') (k.running += d), (k.unhealthy += d);
    else if (p === 'stopping') k.stopping += d;
  }

  private countsFor(id: string): DeploymentCounts {
    let k = this.counts.get(id);
    if (!k) this.counts.set(id, (k = emptyCounts()));
    return k;
  }

  private activeSet(id: string): Set<ServiceTask>[] {
    let sets = this.active.get(id);
    if (!sets) this.active.set(id, (sets = Array.from({ length: AZ_COUNT }, () => new Set())));
    return sets;
  }

  private markDirty() {
    if (this.tickAt !== null) return;
    this.tickAt = Math.floor(this.now() / TICK_MS) * TICK_MS + (this.now() === 0 ? 0 : TICK_MS);
    this.clock.setTimeout(() => this.tick(), this.tickAt - this.now());
  }

  private tick() {
    this.tickAt = null;
    this.logRegistered();
    this.movedThisLook = false;
    this.placement?.lookStarted();
    const counts: Record<string, DeploymentCounts> = {};
    for (const [id, k] of this.counts) {
      counts[id] = { ...k };
      k.newlyFailed = 0;
      k.newlyFailedHealthChecks = 0;
      k.newlyRunning = 0;
    }
    this.service.send({ type: 'scheduler.tick', now: this.now(), counts });
    this.placement?.lookEnded();
    const s = this.service.getSnapshot();
    this.noteStall(s.context);
    // A throttled launch needs the scheduler again when the back-off ends;
    // a steady service wants no launch, so nothing is left waiting for it.
    const wake = s.context.launchNotBefore - this.now();
    if (s.value === 'STEADY') {
      // nothing is wanted any more: no launch is failing for want of Spot
      this.spotFailing = false;
      for (const id of this.wakeTimers) this.clock.clearTimeout(id);
      this.wakeTimers.clear();
    } else if (wake > 0) {
      const id = this.clock.setTimeout(() => {
        this.wakeTimers.delete(id);
        this.markDirty();
      }, wake);
      this.wakeTimers.add(id);
    }
    this.rows.push({
      t: this.now(),
      desiredCount: s.context.desiredCount,
      state: String(s.value),
      deployments: s.context.deployments.map((d) => {
        const k = this.counts.get(d.id) ?? emptyCounts();
        return { id: d.id, taskDefinition: d.taskDefinition, status: d.status, rolloutState: d.rolloutState, pending: k.pending, running: k.running, healthy: k.healthy, stopping: k.stopping };
      }),
      notices: this.pendingNotices,
    });
    this.pendingNotices = [];
  }

  /** A deployment under way that its bounds leave no room to move (100/100): the scheduler says so in its log. */
  private noteStall(c: ServiceContext) {
    const cfg = this.scenario.service!.deploymentConfiguration;
    const { maxTotal, minHealthy } = limits(c.desiredCount, cfg.minimumHealthyPercent, cfg.maximumPercent);
    const moving = c.deployments.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS') && c.deployments.length > 1;
    if (moving && !this.movedThisLook && c.desiredCount > 0 && maxTotal <= minHealthy) this.messages.add(this.now(), { kind: 'stalled' });
  }

  /**
   * Too many tasks for one run (a service whose tasks keep failing, without a
   * circuit breaker, relaunches for ever): the run stops here, with what it
   * has, rather than run out of memory.
   */
  private halt() {
    this.haltedAt = this.now();
    this.haltReason = `the service would start more than ${this.maxTasksStarted.toLocaleString('en-US')} tasks, the simulator's limit for one run`;
    this.notes.push({ t: this.now(), note: this.halted!, by: 'world' });
    this.clock.halt();
  }

  private notice(n: ServiceNotice) {
    this.occurrences.push({ kind: 'service', t: this.now(), notice: n });
    this.pendingNotices.push(n);
    this.logNotice(n);
    // Each capacity provider of the strategy is steady with the service (AWS's
    // list of INFO events; that the two come together is our model).
    const strategy = this.scenario.service!.capacityProviderStrategy;
    if (n.eventName === 'SERVICE_STEADY_STATE' && strategy)
      this.notice({ eventName: 'CAPACITY_PROVIDER_STEADY_STATE', eventType: 'INFO', capacityProviderArns: strategy.map((p) => capacityProviderArn(this.scenario, p.capacityProvider)) });
  }

  /** The line of the service's event log that goes with an EventBridge notice, if any. */
  private logNotice(n: ServiceNotice) {
    const t = this.now();
    const m = this.messages;
    if (n.eventName === 'SERVICE_STEADY_STATE') m.add(t, { kind: 'steady' });
    else if (n.eventName === 'SERVICE_DEPLOYMENT_COMPLETED') m.add(t, { kind: 'completed', deploymentId: n.deploymentId! });
    else if (n.eventName === 'SERVICE_DEPLOYMENT_FAILED') m.add(t, { kind: 'failed', deploymentId: n.deploymentId! });
    else if (n.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS' && n.reason?.includes('rolling back')) m.add(t, { kind: 'rollingBack', deploymentId: n.deploymentId! });
    else if (n.eventName === 'SERVICE_TASK_START_IMPAIRED') m.add(t, { kind: 'impaired' });
    else if (n.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE')
      m.add(t, n.containerInstanceArns ? { kind: 'unplaced', reason: this.placement!.lastFailure!, instanceArn: n.containerInstanceArns[0]! } : { kind: 'noSpotCapacity' });
  }

  /**
   * Fargate Spot runs out at fromSeconds and comes back at
   * capacityAfterSeconds. ECS retries the launches that failed for it until
   * then; here the scheduler looks again when the capacity is back.
   */
  private watchSpotCapacity(f: PlaceTaskFault) {
    const world = (note: string) => this.notes.push({ t: this.now(), note, by: 'world' });
    if (f.fromSeconds > 0) this.clock.setTimeout(() => world('Fargate Spot capacity runs out: no new task can be placed on FARGATE_SPOT (the PlaceTask fault begins)'), f.fromSeconds * 1000);
    if (f.capacityAfterSeconds !== null)
      this.clock.setTimeout(() => {
        world('Fargate Spot capacity is back: tasks can be placed on FARGATE_SPOT again (the PlaceTask fault ends)');
        this.markDirty();
      }, f.capacityAfterSeconds * 1000);
  }

  private splitFor(deploymentId: string): ProviderSplit | null {
    if (!this.strategy) return null;
    let split = this.splits.get(deploymentId);
    if (!split) this.splits.set(deploymentId, (split = new ProviderSplit(this.strategy)));
    return split;
  }

  /**
   * The provider of the next task (null: the scenario's one provider), or
   * 'unplaced' when it is FARGATE_SPOT and Spot has no capacity now: the task
   * is not launched, and ECS does not put it on on-demand FARGATE instead
   * (DG-FSPOT). `unplaced` counts those, so the split still hands the other
   * providers their share of this launch.
   */
  private providerFor(split: ProviderSplit | null, unplaced: { spot: number }): string | null | 'unplaced' {
    const provider = split?.place() ?? null;
    const name = provider ?? this.scenario.capacityProviderName;
    if (!this.spotShortage || name !== 'FARGATE_SPOT' || !spotShortAt(this.spotShortage, this.now())) {
      if (name === 'FARGATE_SPOT') this.spotFailing = false;
      return provider;
    }
    unplaced.spot++;
    return 'unplaced';
  }

  /** The Spot tasks of one launch that found no capacity: said once until a Spot task is placed again, as ECS's placement failures are. */
  private spotUnplaced(split: ProviderSplit | null, unplaced: { spot: number }) {
    for (let i = 0; i < unplaced.spot; i++) split?.left('FARGATE_SPOT');
    if (unplaced.spot === 0 || this.spotFailing) return;
    this.spotFailing = true;
    this.notes.push({ t: this.now(), note: `${unplaced.spot === 1 ? 'a task' : `${unplaced.spot} tasks`} not placed: Fargate Spot has no capacity (SERVICE_TASK_PLACEMENT_FAILURE, RESOURCE:FARGATE); ECS retries on Spot and does not use on-demand FARGATE instead`, by: 'world' });
    this.notice({ eventName: 'SERVICE_TASK_PLACEMENT_FAILURE', eventType: 'ERROR', reason: 'RESOURCE:FARGATE', capacityProviderArns: [capacityProviderArn(this.scenario, 'FARGATE_SPOT')] });
  }

  private launch(l: Launch) {
    if (this.tasks.length + l.count > this.maxTasksStarted) return this.halt();
    const def = this.revisions.get(l.taskDefinition)!;
    const own = this.activeSet(l.deploymentId);
    const unplaced = { spot: 0 };
    const started: number[] = [];
    const split = this.splitFor(l.deploymentId);
    for (let i = 0; i < l.count; i++) {
      // (on Fargate: no container instances to place on, only the Spot capacity)
      const provider = this.providerFor(split, unplaced);
      if (provider === 'unplaced') continue;
      // Balance the deployment's own tasks first (old ones will drain away),
      // then the service's as a whole.
      const zones = ZONES.slice().sort((a, b) => own[a]!.size - own[b]!.size || this.azLoad[a]! - this.azLoad[b]! || a - b);
      let az = zones[0]!;
      let placed: Placed | null = null;
      if (this.placement) {
        placed = this.placement.place(def, zones, `task ${this.tasks.length}`);
        // Not launched: the scheduler tries again on its next look (the counts stay short).
        if (!placed) {
          if (provider) split?.left(provider);
          break;
        }
        az = placed.instance.az;
      }
      const task = new ServiceTask(this, this.tasks.length, l.deploymentId, def, az, placed, provider);
      this.tasks.push(task);
      this.activeSet(l.deploymentId)[az]!.add(task);
      this.azLoad[az]!++;
      this.countsFor(l.deploymentId).pending++;
      started.push(task.index);
      task.start();
    }
    if (started.length) (this.messages.add(this.now(), { kind: 'started', tasks: started }), (this.movedThisLook = true));
    this.spotUnplaced(split, unplaced);
  }

  /** Stop `count` tasks of a deployment, keeping Availability Zones balanced: always from the busiest zone. */
  private stopTasks(s: Stop) {
    const sets = this.activeSet(s.deploymentId);
    const wanted = (t: ServiceTask) =>
      s.prefer === 'unhealthy' ? t.phase === 'unhealthy' : s.prefer === 'notHealthy' ? t.phase !== 'healthy' : s.prefer === 'pending' ? t.phase === 'pending' : true;
    const chosen = new Set<ServiceTask>();
    const load = [...this.azLoad];
    const notHealthy = (t: ServiceTask) => t.phase !== 'healthy';
    // An unhealthy task is replaced, not scaled in: the oldest goes first (start order), whatever
    // its zone (by zone, a lone task in a quiet zone was never picked while its neighbours churned).
    if (s.prefer === 'unhealthy') {
      const unhealthy = sets.flatMap((set) => [...set].filter(wanted)).sort((a, b) => a.index - b.index);
      unhealthy.slice(0, s.count).forEach((t) => chosen.add(t));
    }
    // Scaling in on several capacity providers keeps their split (each base a floor); a task is
    // taken from a provider only while its quota lasts (the last pass takes any, should quotas not fill).
    const quotas = s.prefer === 'unhealthy' ? undefined : this.splits.get(s.deploymentId)?.stopQuotas(s.count);
    const inQuota = (t: ServiceTask) => !quotas || (quotas.get(t.scenario.capacityProviderName ?? '') ?? 0) > 0;
    const passes: ((t: ServiceTask) => boolean)[] = s.prefer === 'pending' ? [wanted, notHealthy, () => true] : s.prefer === 'unhealthy' ? [] : [wanted];
    const fenced = quotas ? [...passes.map((p) => (t: ServiceTask) => p(t) && inQuota(t)), ...passes] : passes;
    const taken = (t: ServiceTask) => {
      const provider = t.scenario.capacityProviderName ?? '';
      if (quotas?.has(provider)) quotas.set(provider, quotas.get(provider)! - 1);
    };
    for (const pass of fenced) {
      const packed = this.placement?.packs && this.placement.packedStops(sets.flatMap((set) => [...set].filter((t) => pass(t) && !chosen.has(t))), s.count - chosen.size);
      if (packed) {
        packed.forEach((t) => (chosen.add(t), taken(t)));
        continue;
      }
      // Walk each zone's tasks lazily: a stop of k tasks looks at about k of
      // them, not at every task of the deployment.
      const walkers = sets.map((set) => set.values());
      const take = (z: number): ServiceTask | undefined => {
        for (let r = walkers[z]!.next(); !r.done; r = walkers[z]!.next()) if (pass(r.value) && !chosen.has(r.value)) return r.value;
        return undefined;
      };
      const next = walkers.map((_, z) => take(z));
      while (chosen.size < s.count) {
        // a task found before its provider's quota ran out may not be taken any more
        for (let z = 0; z < AZ_COUNT; z++) if (next[z] && !pass(next[z]!)) next[z] = take(z);
        let zone = -1;
        for (let z = 0; z < AZ_COUNT; z++) if (next[z] && (zone < 0 || load[z]! > load[zone]!)) zone = z;
        if (zone < 0) break;
        chosen.add(next[zone]!);
        taken(next[zone]!);
        load[zone]!--;
        next[zone] = take(zone);
      }
    }
    const arns = this.scenario.loadBalancers.map((lb) => lb.targetGroupArn);
    // the log says why and what it stops before the tasks start to drain
    if (s.prefer === 'unhealthy')
      for (const t of chosen) {
        const failing = t.world.targets.indexOf('unhealthy');
        this.messages.add(this.now(), { kind: 'unhealthy', task: t.index, targetGroup: failing >= 0 ? failing : null });
      }
    if (chosen.size) (this.messages.add(this.now(), { kind: 'stopped', tasks: [...chosen].map((t) => t.index) }), (this.movedThisLook = true));
    for (const t of chosen) {
      const reason = s.prefer === 'unhealthy' ? unhealthyReason(t.world.targets, arns) : s.reason;
      if (s.prefer === 'unhealthy') this.countsFor(t.deploymentId).newlyFailedHealthChecks++;
      t.world.send({ type: 'task.stopRequested', stopCode: s.stopCode, reason });
    }
  }
}

/** How a task definition is named: `family:revision`, as in its ARN. */
export const revisionKey = (td: TaskDefinition) => `${td.family}:${td.revision}`;

function describeAction(a: Action): string {
  switch (a.action) {
    case 'UpdateService':
      return ['UpdateService', a.desiredCount !== null ? `desiredCount ${a.desiredCount}` : '', a.taskDefinition ? `deploy ${a.taskDefinition.family}:${a.taskDefinition.revision}` : '']
        .filter(Boolean)
        .join(' ');
    case 'StopTask':
      return `StopTask task ${a.task ?? 0}${a.reason ? `: ${a.reason}` : ''}`;
    case 'ContainerExit':
      return `ContainerExit task ${a.task ?? 0} container ${a.container} exit code ${a.exitCode}`;
    case 'SpotInterruption':
      return `SpotInterruption task ${a.task ?? 0}`;
  }
}

const isActive = (p: Phase) => p === 'pending' || p === 'running' || p === 'healthy' || p === 'unhealthy';
