// One service task: the task statechart with `sideSteps: 'world'` (no child
// actors, so ten thousand tasks stay cheap), and the world playing its side
// steps. The world reads each request from the task's context (the mirror
// turns `registering`, `DETACHING`, `permitted`, `stopRequested`, …) and
// answers on the virtual clock with the events a child actor would send,
// timed by the same outcome functions the child machines use. ELB plays its
// targets (world-targets.ts), the container agent its containers
// (world-containers.ts); the task, its interface and its registry are here.
import type { AnyMachineSnapshot } from 'xstate';
import { quietScope } from '../quiet-scope.ts';
import { attachOutcome } from '../../../machines/eni.machine.ts';
import { placementOutcome } from '../../../machines/capacity.machine.ts';
import { createTaskMachine, type TaskMachine } from '../../../machines/task.machine.ts';
import type { TaskContext, TaskEvent, TaskInput } from '../../../machines/task.types.ts';
import type { CapacityState, EniStatus, RegistryState, TargetState, TaskStatus } from '../../../machines/status.ts';
import type { VirtualClock } from '../clock.ts';
import { CAPACITY_LANE, ENI_LANE, REGISTRY_LANE, SIDE_NOTES, SideLog, targetLane, type SideChange, type SideNote } from './side-log.ts';
import { answerStopRefusal, checksOf, stopAnswering, type SideNow } from '../stops-answering.ts';
import type { Scenario } from '../scenario/types.ts';
import { WorldContainers, type Container, type ContainersHost } from './world-containers.ts';
import { WorldTargets, type TargetsHost } from './world-targets.ts';

export interface TaskSnapshot {
  value: TaskStatus;
  context: TaskContext;
}

/** shared by every task until a HealthChecksFail (ten thousand tasks, no array each) */
const NOTHING_SAID: readonly string[] = [];

// Tasks of one revision share one shape object: look its machine up by identity.
const machines = new WeakMap<TaskInput['shape'], TaskMachine>();
function machineFor(shape: TaskInput['shape']): TaskMachine {
  let m = machines.get(shape);
  if (!m) machines.set(shape, (m = createTaskMachine(shape, 'world')));
  return m;
}

// World-mode tasks have no children and no effects beyond their context, so
// they are stepped as pure snapshots: no actor per task (an actor costs more
// to create than a whole lifecycle of steps).
const scope = quietScope();

// It is the host of its parts itself: ten thousand tasks, no closures each.
export class WorldTask implements TargetsHost, ContainersHost {
  private readonly machine: TaskMachine;
  private machineSnap: AnyMachineSnapshot;
  snap: TaskSnapshot;
  capacity: CapacityState | null;
  /** the interface's status as last set; PRECREATED reads as ATTACHING once it was created (see `eni`) */
  private eniSet: EniStatus | null;
  /** virtual ms: when the interface is created and its attachment begins */
  private attachingFrom = Infinity;
  /** its load balancer targets, as ELB plays them */
  private readonly elb: WorldTargets;
  registry: RegistryState | null;
  /** each side step's status as it changed, for the page's timeline of an opened task (its parts write theirs) */
  readonly sides = new SideLog();
  private readonly bornAt: number;
  /** its containers, as the instance's (or Fargate's) container agent runs them */
  private readonly agent: WorldContainers;
  // lifecycle moments only the world sees (virtual ms)
  /** when the task got its connectivity: its ENI attached (awsvpc), else when it was placed on an instance */
  connectedAt: number | null = null;
  /** ECS cannot release the network interface yet (ReleaseEni fault) */
  private releaseHeld: boolean;
  /**
   * The instance's agent may hold the task in PENDING, before any pull, until
   * its container instance has room: true lets it go on now, else `start` runs
   * later. Null: always room (Fargate, or no container instances given).
   */
  hostGate: ((start: () => void) => boolean) | null = null;
  /** the Spot reclaim to come, while the task is not STOPPED */
  private reclaimTimer: number | null = null;
  /** the words of each HealthChecksFail moment on the side log, in order (rare: made on demand) */
  private stopWords: string[] | null = null;
  /** what the last HealthChecksFail said on each lane it changed (the service's table and the page's notice repeat it) */
  stopSaid: readonly string[] = NOTHING_SAID;
  /** the pulls still to begin (Fargate's agent coming up) and a secret's failing retrieval: a stop cancels both, as the task's own timers are with actors */
  private pullTimer: number | null = null;
  private secretsTimer: number | null = null;

  constructor(
    readonly clock: VirtualClock,
    readonly input: TaskInput,
    /** called after every step with the snapshot before it */
    private readonly changed: (task: WorldTask, before: TaskSnapshot | null) => void,
  ) {
    this.bornAt = clock.now();
    this.machine = machineFor(input.shape);
    this.machineSnap = this.machine.getInitialSnapshot(scope, input) as AnyMachineSnapshot;
    this.capacity = input.capacity ? 'WAITING' : null;
    this.eniSet = input.eni ? 'PRECREATED' : null;
    this.releaseHeld = input.eni?.releaseBlocked ?? false;
    this.elb = new WorldTargets(this, input.targets);
    this.registry = input.registry ? 'NOT_REGISTERED' : null;
    this.agent = new WorldContainers(this);
    this.snap = this.machineSnap as unknown as TaskSnapshot;
  }

  /** RunTask: the task exists; it waits for capacity if it must, its network interface starts attaching. */
  start(): void {
    const input = this.input;
    if (input.capacity) {
      const outcome = placementOutcome(input.capacity);
      this.at(outcome.ms, () => {
        if (this.capacity !== 'WAITING') return; // stopped while it waited
        this.setCapacity(outcome.placed ? 'PLACED' : 'UNAVAILABLE');
        if (outcome.placed && !input.eni) this.connectedAt = this.clock.now();
        this.send({ type: outcome.placed ? 'capacity.placed' : 'capacity.unavailable' });
      });
    }
    if (!input.eni && !input.capacity) this.connectedAt = this.clock.now();
    // (an interface never created, its task never placed, has no timer at all)
    if (input.eni && input.eni.createMs !== null) {
      const outcome = attachOutcome(input.eni);
      // no timer for the creation: `eni` reads ATTACHING from then on (ten thousand tasks, one timer fewer each)
      this.attachingFrom = this.clock.now() + input.eni.createMs;
      this.at(input.eni.createMs + outcome.ms, () => {
        if (this.eni !== 'ATTACHING') return; // deleted before it attached
        this.setEni(outcome.attached ? 'ATTACHED' : 'FAILED');
        if (outcome.attached) this.connectedAt = this.clock.now();
        this.send({ type: outcome.attached ? 'eni.attached' : 'eni.failed' });
      });
    }
    this.react(null);
  }

  // what its parts ask of it (TargetsHost, ContainersHost)
  log(lane: number, status: string, note?: SideNote): void {
    this.sides.add(this.clock.now(), lane, status, note);
  }
  verdictChanged(): void {
    this.changed(this, this.snap);
  }
  permitted(name: string): boolean {
    return this.snap.context.containers[name]!.permitted;
  }

  get containers(): ReadonlyMap<string, Container> {
    return this.agent.byName;
  }
  get pulled(): ReadonlySet<string> {
    return this.agent.pulled;
  }
  get pullStartedAt(): number | null {
    return this.agent.pullStartedAt;
  }
  get pullStoppedAt(): number | null {
    return this.agent.pullStoppedAt;
  }
  get targets(): readonly TargetState[] {
    return this.elb.states;
  }

  get status(): TaskStatus {
    return this.snap.value;
  }

  send(event: TaskEvent): void {
    const before = this.snap;
    this.machineSnap = this.machine.transition(this.machineSnap as never, event as never, scope) as AnyMachineSnapshot;
    this.snap = this.machineSnap as unknown as TaskSnapshot;
    if (this.snap !== before) this.react(before);
  }

  /** The process of `name` ends on its own (a crash); false when it is not running. */
  exitContainer(name: string, exitCode: number): boolean {
    return this.agent.exit(name, exitCode);
  }

  private at(ms: number, fn: () => void): number {
    return this.clock.setTimeout(fn, ms);
  }

  /** Answer what the task asked for in its last step. */
  private react(before: TaskSnapshot | null) {
    const was = before?.context;
    const now = this.snap.context;
    if (this.snap.value === 'PENDING' && before?.value !== 'PENDING') this.enterPending();
    // Fargate Spot: the capacity goes two minutes after the notice (the task's
    // own timer with actors; the world keeps it here), then what runs is cut
    if (now.spot !== was?.spot) {
      if (now.spot === 'NOTICED') this.reclaimTimer = this.clock.setTimeout(() => ((this.reclaimTimer = null), this.send({ type: 'task.capacityReclaimed' })), this.input.spotReclaimMs);
      if (now.spot === 'RECLAIMED') this.at(0, () => this.reclaim());
    }
    // a task that stopped first has nothing left to reclaim: its timer must not keep the run going (XState cancels an actor's own)
    if (this.snap.value === 'STOPPED' && this.reclaimTimer !== null) (this.clock.clearTimeout(this.reclaimTimer), (this.reclaimTimer = null));
    if (now.desiredStatus === 'STOPPED' && was?.desiredStatus !== 'STOPPED') this.cancelPending();
    // Contexts share what did not change: skip the parts that are the same object.
    // Targets first, as the task machine asks (deregistration on entering
    // DEACTIVATING, then a Spot notice's SIGTERM): timers due in one instant
    // fire in the order they were set, the same order as with actors.
    if (now.targets !== was?.targets)
      for (let i = 0; i < now.targets.length; i++) {
        const t = now.targets[i];
        if (t === was?.targets[i]) continue;
        if (t === 'registering') this.elb.register(i);
        if (t === 'draining') this.elb.drain(i);
      }
    if (now.containers !== was?.containers)
      for (const spec of this.input.containers) {
        const v = now.containers[spec.name]!;
        const p = was?.containers[spec.name];
        if (v.permitted && !p?.permitted) this.agent.maybeStart(spec.name);
        if (v.stopRequested && !p?.stopRequested) this.agent.stop(spec.name);
        if (v.dependencyError !== null && !p?.dependencyError) this.agent.giveUp(spec.name, v.dependencyError);
      }
    if (now.registry !== was?.registry) this.onRegistry(now.registry);
    if (now.capacity === 'CANCELLED' && this.capacity !== 'CANCELLED') this.setCapacity('CANCELLED');
    // never placed: the interface was never begun, the task dropped it
    if (now.eni === 'DELETED' && this.eni === 'PRECREATED') this.setEni('DELETED');
    if (now.eni === 'DETACHING' && was?.eni !== 'DETACHING') this.deleteEni();
    this.changed(this, before);
  }

  /**
   * PENDING: pull at once (after Fargate's agent comes up), unless the
   * instance's agent holds the task until there is room. A container stopped
   * meanwhile is not pulled (pullAll takes only those in NONE).
   */
  private enterPending() {
    const pull = () => {
      const admitted = this.hostGate ? this.hostGate(() => this.retrieveThenPull()) : true;
      if (admitted) this.retrieveThenPull();
    };
    if (this.input.pullDelayMs > 0) this.pullTimer = this.at(this.input.pullDelayMs, () => ((this.pullTimer = null), pull()));
    else pull();
  }

  /** Stopped: the pulls not begun yet are not begun, and a secret's retrieval no longer matters. */
  private cancelPending() {
    if (this.pullTimer !== null) (this.clock.clearTimeout(this.pullTimer), (this.pullTimer = null));
    if (this.secretsTimer !== null) (this.clock.clearTimeout(this.secretsTimer), (this.secretsTimer = null));
  }

  /**
   * A secret that is not there fails the task before any container is created
   * (RetrieveSecrets): on Fargate nothing is pulled, on EC2 the pulls go on meanwhile.
   */
  private retrieveThenPull() {
    const error = this.input.secretsError;
    if (error === null || !this.input.secretsBeforePulls) this.agent.pullAll();
    if (error !== null && this.snap.context.desiredStatus === 'RUNNING')
      this.secretsTimer = this.at(this.input.secretsFailMs, () => {
        this.secretsTimer = null;
        this.send({ type: 'task.secretsFailed', reason: error });
      });
  }

  /**
   * HealthChecksFail: the app in `container` stops answering its health
   * checks now. Counted as for a task run alone (stops-answering.ts); null
   * once applied, else why nothing changes (`who` names the task).
   */
  stopAnswering(scenario: Scenario, container: string, who: string): string | null {
    const changes = this.sideChanges();
    const sideNow: SideNow = (actor) => {
      const began = actor.startsWith('target-') ? 'initial' : 'RUNNING';
      const status = actor.startsWith('target-') ? this.targets[Number(actor.slice('target-'.length))] : this.agent.byName.get(actor.slice('container-'.length))?.state;
      if (status === undefined) return undefined;
      const silent = actor.startsWith('target-') ? this.elb.isSilent(Number(actor.slice('target-'.length))) : this.agent.byName.get(actor.slice('container-'.length))?.silent === true;
      const health = this.snap.context.containers[actor.slice('container-'.length)]?.healthStatus;
      for (let k = changes.length - 1; k >= 0; k--) if (changes[k]!.actor === actor && changes[k]!.to === began && changes[k]!.note === '') return { status, beganAtMs: changes[k]!.t, silent, health };
      return { status, beganAtMs: null, silent, health };
    };
    const plan = stopAnswering(scenario, this.input, container, this.clock.now(), sideNow);
    this.stopSaid = plan.sides.map((side) => side.note);
    for (const side of plan.sides) {
      const ms = side.event.unhealthyInMs;
      const notBegun = side.status !== 'RUNNING' && side.status !== 'initial' && side.status !== 'healthy' && side.status !== 'unhealthy';
      if (side.actor.startsWith('target-')) {
        const i = Number(side.actor.slice('target-'.length));
        this.elb.silence(i, ms, notBegun, side.status);
        this.sayStop(targetLane(i), side.status, side.note);
      } else {
        const lane = this.agent.silence(container, ms, notBegun, this.snap.context.containers[container]!.healthStatus === 'UNHEALTHY');
        this.sayStop(lane, side.status, side.note);
      }
    }
    return answerStopRefusal(plan, who);
  }

  /** How many side-step changes it has logged: grows with a note at the same moment too (a HealthChecksFail while paused). */
  get sideChangeCount(): number {
    return this.sides.size;
  }

  /** A HealthChecksFail stopped the app behind every check on `container` (its targets', its own). */
  stoppedAnswering(scenario: Scenario, container: string): boolean {
    const { targets, own } = checksOf(scenario, container);
    return targets.every((i) => this.elb.isSilent(i)) && (!own || this.agent.byName.get(container)?.silent === true);
  }

  private sayStop(lane: number, status: string, words: string) {
    this.sides.add(this.clock.now(), lane, status, SIDE_NOTES[5]);
    (this.stopWords ??= []).push(words);
  }

  /** As the container and target machines do when Spot takes the capacity: kill what runs (137), then end the drains. */
  private reclaim() {
    this.agent.reclaim();
    this.elb.reclaim();
  }

  private onRegistry(r: RegistryState | null) {
    const ri = this.input.registry;
    if (!ri) return;
    if (r === 'REGISTERING') {
      this.setRegistry('REGISTERING');
      this.at(ri.registerMs, () => {
        if (this.registry !== 'REGISTERING') return;
        this.setRegistry(ri.failRegister ? 'FAILED' : 'REGISTERED');
        this.send({ type: ri.failRegister ? 'registry.failed' : 'registry.registered' });
      });
    } else if (r === 'DEREGISTERING') {
      // asked only of an instance that exists or is being created (a failed registration left none: isRegistryLive)
      this.setRegistry('DEREGISTERING');
      this.at(ri.deregisterMs, () => {
        this.setRegistry('DEREGISTERED');
        this.send({ type: 'xstate.done.actor.registry', output: undefined });
      });
    }
  }

  // Each side step's status is set here, and recorded (see `sides`).
  private setCapacity(to: CapacityState) {
    this.capacity = to;
    this.sides.add(this.clock.now(), CAPACITY_LANE, to);
  }
  private setEni(to: EniStatus) {
    // its creation set no timer (see start): it is recorded when the attachment ends
    if (this.eniSet === 'PRECREATED' && this.clock.now() >= this.attachingFrom) this.created(this.sides);
    this.eniSet = to;
    this.sides.add(this.clock.now(), ENI_LANE, to);
  }
  /** Created, then attaching at once, as the ENI machine goes. */
  private created(log: SideLog) {
    log.add(this.attachingFrom, ENI_LANE, 'CREATED');
    log.add(this.attachingFrom, ENI_LANE, 'ATTACHING');
  }
  private setRegistry(to: RegistryState) {
    this.registry = to;
    this.sides.add(this.clock.now(), REGISTRY_LANE, to);
  }
  /** Each side step's statuses in time order, from where it began (lanes named as the task's child actors). */
  sideChanges(): SideChange[] {
    const start = new SideLog();
    if (this.input.capacity) start.add(this.bornAt, CAPACITY_LANE, 'WAITING');
    if (this.input.eni) start.add(this.bornAt, ENI_LANE, 'PRECREATED');
    this.input.targets.forEach((_, i) => start.add(this.bornAt, targetLane(i), 'notRegistered'));
    if (this.input.registry) start.add(this.bornAt, REGISTRY_LANE, 'NOT_REGISTERED');
    for (const c of this.agent.byName.values()) start.add(this.bornAt, c.lane, 'NONE');
    // attaching now: not recorded yet
    const attaching = new SideLog();
    if (this.eniSet === 'PRECREATED' && this.eni === 'ATTACHING') this.created(attaching);
    const names = this.input.containers.map((c) => c.name);
    const changes = [...start.changes(names), ...this.sides.changes(names), ...attaching.changes(names)];
    // the words of each HealthChecksFail, kept apart (the log holds numbers)
    let k = 0;
    if (this.stopWords) for (const x of changes) if (x.note === SIDE_NOTES[5]) x.note = this.stopWords[k++] ?? x.note;
    return changes;
  }

  /** The network interface's status, as the ENI machine would be in now. */
  get eni(): EniStatus | null {
    return this.eniSet === 'PRECREATED' && this.clock.now() >= this.attachingFrom ? 'ATTACHING' : this.eniSet;
  }

  private deleteEni() {
    // as the ENI machine: one attached, or being attached, is detached first; one not yet created is only deleted
    const attached = this.eni === 'ATTACHED' || this.eni === 'ATTACHING';
    this.setEni(attached ? 'DETACHING' : 'DETACHED');
    if (this.releaseHeld) return; // ReleaseEni: until releaseRestored()
    this.release();
  }

  private release() {
    const ei = this.input.eni!;
    // one timer for the detachment and the deletion: the moment it detached is recorded with the deletion
    const detachedAt = this.eni === 'DETACHING' ? this.clock.now() + ei.detachMs : null;
    this.at((this.eni === 'DETACHING' ? ei.detachMs : 0) + ei.deleteMs, () => {
      if (detachedAt !== null) this.sides.add(detachedAt, ENI_LANE, 'DETACHED');
      this.setEni('DELETED');
      this.send({ type: 'xstate.done.actor.eni', output: undefined });
    });
  }

  /** ECS has its role back (the ReleaseEni fault ends): a held release goes on, as the ENI machine does. */
  releaseRestored(): void {
    if (!this.releaseHeld) return;
    this.releaseHeld = false;
    if (this.eni === 'DETACHING' || this.eni === 'DETACHED') this.release();
  }
}
