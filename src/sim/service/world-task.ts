// One service task: the task statechart with `sideSteps: 'world'` (no child
// actors, so ten thousand tasks stay cheap), and the world playing its side
// steps. The world reads each request from the task's context (the mirror
// turns `registering`, `DETACHING`, `permitted`, `stopRequested`, …) and
// answers on the virtual clock with the events a child actor would send,
// timed by the same outcome functions the child machines use.
import type { AnyMachineSnapshot } from 'xstate';
import { quietScope } from '../quiet-scope.ts';
import { healthOutcome, stopOutcome } from '../../../machines/container.machine.ts';
import { DEPENDENCY_ERROR_EXIT_CODE } from '../../../machines/dependency-error.ts';
import { attachOutcome } from '../../../machines/eni.machine.ts';
import { placementOutcome } from '../../../machines/capacity.machine.ts';
import { healthVerdict } from '../../../machines/target.machine.ts';
import { createTaskMachine, type TaskMachine } from '../../../machines/task.machine.ts';
import type { ContainerInput, ContainerOutput, TaskContext, TaskEvent, TaskInput } from '../../../machines/task.types.ts';
import { pulledWhenPermitted } from '../../../machines/task.rules.ts';
import type { CapacityState, ContainerState, EniStatus, RegistryState, TargetState, TaskStatus } from '../../../machines/status.ts';
import type { VirtualClock } from '../clock.ts';
import { CAPACITY_LANE, containerLane, ENI_LANE, REGISTRY_LANE, SIDE_NOTES, SideLog, targetLane, type SideChange } from './side-log.ts';
import { answerStopRefusal, checksOf, stopAnswering, type SideNow } from '../stops-answering.ts';
import type { Scenario } from '../scenario/types.ts';

export interface TaskSnapshot {
  value: TaskStatus;
  context: TaskContext;
}

interface Container {
  state: ContainerState;
  exitCode: number | null;
  /** its lane in the side log */
  lane: number;
  /** its health verdict to come, and how to bring an unhealthy one (while it runs, with a healthCheck) */
  healthTimer?: number;
  failIn?: (ms: number) => void;
  /** its app stopped answering (HealthChecksFail): no slow start ends, no later failure is due */
  silent?: boolean;
  /** …before it started: its UNHEALTHY verdict, from its start */
  unhealthyFromStartMs?: number;
}

/** A target whose app stopped answering (HealthChecksFail): before its registration, its unhealthy verdict from then. */
interface SilentTarget {
  unhealthyFromStartMs: number | null;
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

export class WorldTask {
  private readonly machine: TaskMachine;
  private machineSnap: AnyMachineSnapshot;
  snap: TaskSnapshot;
  capacity: CapacityState | null;
  /** the interface's status as last set; PRECREATED reads as ATTACHING once it was created (see `eni`) */
  private eniSet: EniStatus | null;
  /** virtual ms: when the interface is created and its attachment begins */
  private attachingFrom = Infinity;
  readonly targets: TargetState[];
  registry: RegistryState | null;
  /** each side step's status as it changed, for the page's timeline of an opened task */
  private readonly sides = new SideLog();
  private readonly bornAt: number;
  readonly containers = new Map<string, Container>();
  // lifecycle moments only the world sees (virtual ms)
  /** when the task got its connectivity: its ENI attached (awsvpc), else when it was placed on an instance */
  connectedAt: number | null = null;
  pullStartedAt: number | null = null;
  pullStoppedAt: number | null = null;
  private pulling = 0;
  /** the agent has begun pulling (Fargate: its agent is up; EC2: the instance admitted the task) */
  private pullsBegun = false;
  /** the last pulls were cut short by a stop: pullStoppedAt is set as the task hears of the first of them */
  private pullStopDue = false;
  readonly pulled = new Set<string>();
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
  /** what a reclaim cuts short: each draining target's end, each stopping container's SIGKILL (they must not keep the run going) */
  private readonly drainTimers = new Map<number, number>();
  private readonly stopTimers = new Map<string, number>();
  /** each target's registration or health verdict to come: a deregistration cancels it (it must not keep the run going) */
  private readonly targetTimers = new Map<number, number>();
  /** the moment each target's app stops answering (an app that goes bad): a deregistration cancels it too */
  private readonly answerTimers = new Map<number, number>();
  /** the targets whose app stopped answering (HealthChecksFail), and the words of each such moment on the side log, in order (rare: made on demand) */
  private silentTargets: Map<number, SilentTarget> | null = null;
  private stopWords: string[] | null = null;
  /** what the last HealthChecksFail said on each lane it changed (the service's table and the page's notice repeat it) */
  stopSaid: readonly string[] = NOTHING_SAID;
  /** the pulls still to begin (Fargate's agent coming up) and a secret's failing retrieval: a stop cancels both, as the task's own timers are with actors */
  private pullTimer: number | null = null;
  private secretsTimer: number | null = null;
  /** each container's pull or start under way: a stop before it ends cancels it (it must not keep the run going) */
  private readonly stepTimers = new Map<string, number>();
  /**
   * What a started container has due while it lives: a RunContainer fault's
   * exit (due whether it still runs or is stopping), its health verdict, its
   * startTimeout. Cleared when it ends, so no timer outlives it and the run
   * ends with its last event (the container actor's own are cancelled with it).
   */
  private readonly lifeTimers = new Map<string, number[]>();

  constructor(
    private readonly clock: VirtualClock,
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
    this.targets = input.targets.map(() => 'notRegistered');
    this.registry = input.registry ? 'NOT_REGISTERED' : null;
    input.containers.forEach((c, k) => this.containers.set(c.name, { state: 'NONE', exitCode: null, lane: containerLane(k) }));
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
    const c = this.containers.get(name);
    if (!c || (c.state !== 'RUNNING' && c.state !== 'STOPPING')) return false;
    this.finish(name, { exitCode, reason: null, started: true });
    return true;
  }

  private at(ms: number, fn: () => void): number {
    return this.clock.setTimeout(fn, ms);
  }

  private cancel<K>(timers: Map<K, number>, key: K) {
    const id = timers.get(key);
    if (id !== undefined) (this.clock.clearTimeout(id), timers.delete(key));
  }

  private finish(name: string, output: ContainerOutput) {
    for (const id of this.lifeTimers.get(name) ?? []) this.clock.clearTimeout(id);
    this.lifeTimers.delete(name);
    // a stopping container that exits by itself: no SIGKILL is left to come
    this.cancel(this.stopTimers, name);
    const c = this.containers.get(name)!;
    this.setContainer(c, 'STOPPED');
    c.exitCode = output.exitCode;
    this.send({ type: `xstate.done.actor.container-${name}`, output });
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
        if (t === 'registering') this.registerTarget(i);
        if (t === 'draining') this.drainTarget(i);
      }
    if (now.containers !== was?.containers)
      for (const spec of this.input.containers) {
        const v = now.containers[spec.name]!;
        const p = was?.containers[spec.name];
        if (v.permitted && !p?.permitted) this.maybeStart(spec.name);
        if (v.stopRequested && !p?.stopRequested) this.stopContainer(spec.name);
        if (v.dependencyError !== null && !p?.dependencyError) this.giveUpContainer(spec.name, v.dependencyError);
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
    if (error === null || !this.input.secretsBeforePulls) this.pullAll();
    if (error !== null && this.snap.context.desiredStatus === 'RUNNING')
      this.secretsTimer = this.at(this.input.secretsFailMs, () => {
        this.secretsTimer = null;
        this.send({ type: 'task.secretsFailed', reason: error });
      });
  }

  private pullAll() {
    this.pullsBegun = true;
    // a container with dependsOn is pulled only once they hold (maybeStart), as the task machine asks
    for (const ci of this.input.containers) if (!pulledWhenPermitted(this.input.shape, ci.name)) this.pull(ci);
  }

  private pull(ci: ContainerInput) {
    const c = this.containers.get(ci.name)!;
    if (c.state !== 'NONE') return;
    this.setContainer(c, 'PULLING');
    this.pulling++;
    this.pullStartedAt ??= this.clock.now();
    this.stepTimers.set(ci.name, this.at(ci.pullMs, () => {
      this.stepTimers.delete(ci.name);
      if (c.state !== 'PULLING') return;
      if (--this.pulling === 0) this.pullStoppedAt = this.clock.now();
      if (!ci.pullError) this.pulled.add(ci.name);
      if (ci.pullError) return this.finish(ci.name, { exitCode: null, reason: ci.pullError, started: false });
      this.setContainer(c, 'PULLED');
      this.maybeStart(ci.name);
    }));
  }

  /** It may start: pull its image if that waited for its dependsOn, or create it once pulled. */
  private maybeStart(name: string) {
    const c = this.containers.get(name)!;
    if (!this.snap.context.containers[name]!.permitted) return;
    if (c.state === 'NONE' && this.pullsBegun) return this.pull(this.input.containers.find((i) => i.name === name)!);
    if (c.state !== 'PULLED') return;
    this.setContainer(c, 'CREATED');
    const ci = this.input.containers.find((i) => i.name === name)!;
    this.stepTimers.set(name, this.at(ci.startMs, () => {
      this.stepTimers.delete(name);
      if (c.state !== 'CREATED') return;
      this.setContainer(c, 'RUNNING');
      this.send({ type: 'container.started', name });
      const timers: number[] = [];
      // the app stopped answering before it started: its checks fail from the first
      const verdict = c.unhealthyFromStartMs !== undefined ? { ms: c.unhealthyFromStartMs, healthy: false } : healthOutcome(ci);
      const essential = this.input.shape.containers.find((s) => s.name === name)!.essential;
      // an app that goes bad: once, after its first HEALTHY, as the container machine does
      let goesBadAfter = ci.healthFailsAfterMs;
      const health = (ms: number, healthy: boolean): number =>
        timers.push((c.healthTimer = this.at(ms, () => {
          if (c.state !== 'RUNNING') return;
          // its health, not its status, changes: the lane says so as a standalone task's does
          this.sides.add(this.clock.now(), c.lane, 'RUNNING', SIDE_NOTES[healthy ? 1 : essential ? 2 : 3]);
          this.send({ type: healthy ? 'container.healthy' : 'container.unhealthy', name });
          if (c.silent) return;
          // a slow start: the app answers at last, and one passing check makes it HEALTHY
          if (!healthy && ci.healthRecoversAfterMs !== null) health(ci.healthRecoversAfterMs, true);
          if (healthy && goesBadAfter !== null) {
            health(goesBadAfter, false);
            goesBadAfter = null;
          }
        })));
      if (verdict) (health(verdict.ms, verdict.healthy), (c.failIn = (ms) => health(ms, false)));
      // an app that goes bad: the moment it stops answering, said as a standalone task's trace says it
      const silent = ci.stopsAnsweringAfterMs;
      if (silent !== null)
        timers.push(this.at(silent, () => {
          if (c.state === 'RUNNING' && !c.silent) this.sides.add(this.clock.now(), c.lane, 'RUNNING', SIDE_NOTES[4]);
        }));
      // a RunContainer fault: the process ends by itself, as a ContainerExit would end it
      const crash = ci.exitsAfterMs;
      if (crash !== null) timers.push(this.at(crash, () => this.exitContainer(name, ci.exitsWith)));
      // as the container machine does: its dependants stop waiting for it
      const timeout = ci.startTimeoutMs;
      if (timeout !== null)
        timers.push(this.at(timeout, () => {
          if (c.state === 'RUNNING') this.send({ type: 'container.startTimedOut', name });
        }));
      if (timers.length > 0) this.lifeTimers.set(name, timers);
    }));
  }

  private stopContainer(name: string) {
    const c = this.containers.get(name)!;
    if (c.state === 'STOPPED' || c.state === 'STOPPING') return;
    if (c.state !== 'RUNNING') {
      // Never started: stopped with no signal, in the same instant; its pull or start will not end
      this.endUnstarted(c, name, { exitCode: null, reason: null, started: false });
      return;
    }
    this.setContainer(c, 'STOPPING');
    const outcome = stopOutcome(this.input.containers.find((i) => i.name === name)!);
    this.stopTimers.set(name, this.at(outcome.ms, () => {
      this.stopTimers.delete(name);
      if (c.state === 'STOPPING') this.finish(name, { exitCode: outcome.exitCode, reason: null, started: true });
    }));
  }

  /** It gave up on a dependency: stopped without starting, as the container machine does (exit code 143, the reason). */
  private giveUpContainer(name: string, reason: string) {
    const c = this.containers.get(name)!;
    // as the container machine: until it starts, CREATED included
    if (c.state !== 'NONE' && c.state !== 'PULLING' && c.state !== 'PULLED' && c.state !== 'CREATED') return;
    c.exitCode = DEPENDENCY_ERROR_EXIT_CODE;
    this.endUnstarted(c, name, { exitCode: DEPENDENCY_ERROR_EXIT_CODE, reason, started: false });
  }

  /**
   * A container that never started ends now; the task hears of it in the same
   * instant, after what it is doing, as from a child actor. The pulls it cuts
   * short end now too, but the task shows it (pullStoppedAt) with the next
   * such end it hears of, not in its own step: as its recorder sees child
   * actors that all stopped before their ends reach the task.
   */
  private endUnstarted(c: Container, name: string, output: ContainerOutput) {
    if (c.state === 'PULLING' && --this.pulling === 0) this.pullStopDue = true;
    this.cancel(this.stepTimers, name);
    this.setContainer(c, 'STOPPED');
    this.at(0, () => {
      if (this.pullStopDue) (this.pullStoppedAt = this.clock.now()), (this.pullStopDue = false);
      this.send({ type: `xstate.done.actor.container-${name}`, output });
    });
  }

  private registerTarget(i: number) {
    const ti = this.input.targets[i]!;
    this.setTarget(i, 'registering');
    this.targetTimers.set(i, this.at(ti.registerMs, () => {
      this.targetTimers.delete(i);
      if (this.targets[i] !== 'registering') return;
      if (ti.failRegister) {
        this.setTarget(i, 'unused');
        this.send({ type: 'target.failed', index: i });
        return this.send({ type: `xstate.done.actor.target-${i}`, output: undefined });
      }
      this.setTarget(i, 'initial');
      this.send({ type: 'target.registered', index: i });
      const silent = this.silentTargets?.get(i);
      if (ti.stopsAnsweringAfterMs !== null && !silent)
        this.answerTimers.set(i, this.at(ti.stopsAnsweringAfterMs, () => {
          this.answerTimers.delete(i);
          this.sides.add(this.clock.now(), targetLane(i), this.targets[i]!, SIDE_NOTES[4]);
        }));
      // The verdict is ELB's: the scheduler reads it from the world (phaseOf),
      // the task itself never needs it, so it costs the task no step.
      // the app stopped answering before the registration: its checks fail from the first
      const verdict = silent?.unhealthyFromStartMs != null ? { ms: silent.unhealthyFromStartMs, healthy: false } : healthVerdict(ti);
      this.targetTimers.set(i, this.at(verdict.ms, () => {
        this.targetTimers.delete(i);
        if (this.targets[i] !== 'initial') return;
        this.setTarget(i, verdict.healthy ? 'healthy' : 'unhealthy');
        this.changed(this, this.snap);
        // a slow start: its checks pass the healthy threshold at last
        if (silent) return;
        if (!verdict.healthy && ti.recoversAfterMs !== null)
          this.targetTimers.set(i, this.at(ti.recoversAfterMs, () => {
            this.targetTimers.delete(i);
            if (this.targets[i] !== 'unhealthy') return;
            this.setTarget(i, 'healthy');
            this.changed(this, this.snap);
          }));
        // an app that goes bad: its checks fail the unhealthy threshold at last
        if (verdict.healthy && ti.failsAfterMs !== null)
          this.targetTimers.set(i, this.at(ti.failsAfterMs, () => {
            this.targetTimers.delete(i);
            if (this.targets[i] !== 'healthy') return;
            this.setTarget(i, 'unhealthy');
            this.changed(this, this.snap);
          }));
      }));
    }));
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
      const status = actor.startsWith('target-') ? this.targets[Number(actor.slice('target-'.length))] : this.containers.get(actor.slice('container-'.length))?.state;
      if (status === undefined) return undefined;
      const silent = actor.startsWith('target-') ? this.silentTargets?.has(Number(actor.slice('target-'.length))) === true : this.containers.get(actor.slice('container-'.length))?.silent === true;
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
        (this.silentTargets ??= new Map()).set(i, { unhealthyFromStartMs: notBegun ? ms : null });
        this.cancel(this.answerTimers, i);
        if (!notBegun) this.cancel(this.targetTimers, i);
        if (!notBegun && ms !== null && side.status !== 'unhealthy')
          this.targetTimers.set(i, this.at(ms, () => {
            this.targetTimers.delete(i);
            if (this.targets[i] !== 'initial' && this.targets[i] !== 'healthy') return;
            this.setTarget(i, 'unhealthy');
            this.changed(this, this.snap);
          }));
        this.sayStop(targetLane(i), side.status, side.note);
      } else {
        const c = this.containers.get(container)!;
        c.silent = true;
        if (notBegun) c.unhealthyFromStartMs = ms ?? undefined;
        else {
          if (c.healthTimer !== undefined) this.clock.clearTimeout(c.healthTimer);
          if (ms !== null && this.snap.context.containers[container]!.healthStatus !== 'UNHEALTHY') c.failIn!(ms);
        }
        this.sayStop(c.lane, side.status, side.note);
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
    return targets.every((i) => this.silentTargets?.has(i) === true) && (!own || this.containers.get(container)?.silent === true);
  }

  private sayStop(lane: number, status: string, words: string) {
    this.sides.add(this.clock.now(), lane, status, SIDE_NOTES[5]);
    (this.stopWords ??= []).push(words);
  }

  private drainTarget(i: number) {
    this.cancel(this.targetTimers, i);
    this.cancel(this.answerTimers, i);
    const wasRegistered = this.targets[i] !== 'notRegistered';
    this.setTarget(i, wasRegistered ? 'draining' : 'unused');
    this.drainTimers.set(i, this.at(wasRegistered ? this.input.targets[i]!.deregistrationDelayMs : 0, () => {
      this.drainTimers.delete(i);
      if (this.targets[i] === 'draining' || !wasRegistered) this.drained(i);
    }));
  }

  private drained(i: number) {
    this.setTarget(i, 'unused');
    this.send({ type: `xstate.done.actor.target-${i}`, output: undefined });
  }

  /** As the container and target machines do when Spot takes the capacity: kill what runs (137), then end the drains. */
  private reclaim() {
    for (const [name, c] of this.containers)
      if (c.state === 'RUNNING' || c.state === 'STOPPING') (this.cancel(this.stopTimers, name), this.finish(name, { exitCode: 137, reason: null, started: true }));
    this.targets.forEach((t, i) => t === 'draining' && (this.cancel(this.drainTimers, i), this.drained(i)));
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
  private setTarget(i: number, to: TargetState) {
    this.targets[i] = to;
    this.sides.add(this.clock.now(), targetLane(i), to);
  }
  private setRegistry(to: RegistryState) {
    this.registry = to;
    this.sides.add(this.clock.now(), REGISTRY_LANE, to);
  }
  private setContainer(c: Container, to: ContainerState) {
    c.state = to;
    // pulled and created in one instant is one step of the container machine, which passes PULLED by: one change, as its trace has it
    if (to === 'CREATED') this.sides.undoIf(this.clock.now(), c.lane, 'PULLED');
    this.sides.add(this.clock.now(), c.lane, to);
  }

  /** Each side step's statuses in time order, from where it began (lanes named as the task's child actors). */
  sideChanges(): SideChange[] {
    const start = new SideLog();
    if (this.input.capacity) start.add(this.bornAt, CAPACITY_LANE, 'WAITING');
    if (this.input.eni) start.add(this.bornAt, ENI_LANE, 'PRECREATED');
    this.input.targets.forEach((_, i) => start.add(this.bornAt, targetLane(i), 'notRegistered'));
    if (this.input.registry) start.add(this.bornAt, REGISTRY_LANE, 'NOT_REGISTERED');
    for (const c of this.containers.values()) start.add(this.bornAt, c.lane, 'NONE');
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
