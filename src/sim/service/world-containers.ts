// A service task's containers, played by the world (see world-task.ts): each
// one's pull, creation and start, what it has due while it runs (health
// verdicts, a crash, its startTimeout), and its stop (SIGTERM, SIGKILL after
// stopTimeout). Timed by the same outcome functions the container machine
// uses; every pending timer ends with its container, so none keeps a run going.
import { healthOutcome, stopOutcome } from '../../../machines/container.machine.ts';
import { DEPENDENCY_ERROR_EXIT_CODE } from '../../../machines/dependency-error.ts';
import type { ContainerInput, ContainerOutput, TaskEvent, TaskInput } from '../../../machines/task.types.ts';
import { pulledWhenPermitted } from '../../../machines/task.rules.ts';
import type { ContainerState } from '../../../machines/status.ts';
import type { VirtualClock } from '../clock.ts';
import { containerLane, SIDE_NOTES, type SideLog } from './side-log.ts';

/** What the containers need of their task. */
export interface ContainersHost {
  readonly clock: VirtualClock;
  readonly input: TaskInput;
  /** the task's side log, where each status change is recorded */
  readonly sides: SideLog;
  send(event: TaskEvent): void;
  /** the task machine lets it start (its dependsOn hold) */
  permitted(name: string): boolean;
}

export interface Container {
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

export class WorldContainers {
  readonly byName = new Map<string, Container>();
  // moments only the world sees (virtual ms)
  pullStartedAt: number | null = null;
  pullStoppedAt: number | null = null;
  readonly pulled = new Set<string>();
  private pulling = 0;
  /** the agent has begun pulling (Fargate: its agent is up; EC2: the instance admitted the task) */
  private pullsBegun = false;
  /** the last pulls were cut short by a stop: pullStoppedAt is set as the task hears of the first of them */
  private pullStopDue = false;
  /** each stopping container's SIGKILL: a Spot reclaim or its own exit cuts it short */
  private readonly stopTimers = new Map<string, number>();
  /** each container's pull or start under way: a stop before it ends cancels it */
  private readonly stepTimers = new Map<string, number>();
  /**
   * What a started container has due while it lives: a RunContainer fault's
   * exit (due whether it still runs or is stopping), its health verdict, its
   * startTimeout. Cleared when it ends, so no timer outlives it and the run
   * ends with its last event (the container actor's own are cancelled with it).
   */
  private readonly lifeTimers = new Map<string, number[]>();

  constructor(private readonly host: ContainersHost) {
    host.input.containers.forEach((c, k) => this.byName.set(c.name, { state: 'NONE', exitCode: null, lane: containerLane(k) }));
  }

  private at(ms: number, fn: () => void): number {
    return this.host.clock.setTimeout(fn, ms);
  }

  private cancel(timers: Map<string, number>, name: string) {
    const id = timers.get(name);
    if (id !== undefined) (this.host.clock.clearTimeout(id), timers.delete(name));
  }

  private input(name: string): ContainerInput {
    return this.host.input.containers.find((i) => i.name === name)!;
  }

  private set(c: Container, to: ContainerState) {
    c.state = to;
    const now = this.host.clock.now();
    // pulled and created in one instant is one step of the container machine, which passes PULLED by: one change, as its trace has it
    if (to === 'CREATED') this.host.sides.undoIf(now, c.lane, 'PULLED');
    this.host.sides.add(now, c.lane, to);
  }

  /** The process of `name` ends on its own (a crash); false when it is not running. */
  exit(name: string, exitCode: number): boolean {
    const c = this.byName.get(name);
    if (!c || (c.state !== 'RUNNING' && c.state !== 'STOPPING')) return false;
    this.finish(name, { exitCode, reason: null, started: true });
    return true;
  }

  private finish(name: string, output: ContainerOutput) {
    for (const id of this.lifeTimers.get(name) ?? []) this.host.clock.clearTimeout(id);
    this.lifeTimers.delete(name);
    // a stopping container that exits by itself: no SIGKILL is left to come
    this.cancel(this.stopTimers, name);
    const c = this.byName.get(name)!;
    this.set(c, 'STOPPED');
    c.exitCode = output.exitCode;
    this.host.send({ type: `xstate.done.actor.container-${name}`, output });
  }

  pullAll() {
    this.pullsBegun = true;
    // a container with dependsOn is pulled only once they hold (maybeStart), as the task machine asks
    for (const ci of this.host.input.containers) if (!pulledWhenPermitted(this.host.input.shape, ci.name)) this.pull(ci);
  }

  private pull(ci: ContainerInput) {
    const c = this.byName.get(ci.name)!;
    if (c.state !== 'NONE') return;
    this.set(c, 'PULLING');
    this.pulling++;
    this.pullStartedAt ??= this.host.clock.now();
    this.stepTimers.set(ci.name, this.at(ci.pullMs, () => {
      this.stepTimers.delete(ci.name);
      if (c.state !== 'PULLING') return;
      if (--this.pulling === 0) this.pullStoppedAt = this.host.clock.now();
      if (!ci.pullError) this.pulled.add(ci.name);
      if (ci.pullError) return this.finish(ci.name, { exitCode: null, reason: ci.pullError, started: false });
      this.set(c, 'PULLED');
      this.maybeStart(ci.name);
    }));
  }

  /** It may start: pull its image if that waited for its dependsOn, or create it once pulled. */
  maybeStart(name: string) {
    const c = this.byName.get(name)!;
    if (!this.host.permitted(name)) return;
    if (c.state === 'NONE' && this.pullsBegun) return this.pull(this.input(name));
    if (c.state !== 'PULLED') return;
    this.set(c, 'CREATED');
    const ci = this.input(name);
    this.stepTimers.set(name, this.at(ci.startMs, () => {
      this.stepTimers.delete(name);
      if (c.state !== 'CREATED') return;
      this.set(c, 'RUNNING');
      this.host.send({ type: 'container.started', name });
      this.live(c, ci);
    }));
  }

  /** What a container that started has due while it runs. */
  private live(c: Container, ci: ContainerInput) {
    const name = ci.name;
    const { clock, sides } = this.host;
    const timers: number[] = [];
    // the app stopped answering before it started: its checks fail from the first
    const verdict = c.unhealthyFromStartMs !== undefined ? { ms: c.unhealthyFromStartMs, healthy: false } : healthOutcome(ci);
    const essential = this.host.input.shape.containers.find((s) => s.name === name)!.essential;
    // an app that goes bad: once, after its first HEALTHY, as the container machine does
    let goesBadAfter = ci.healthFailsAfterMs;
    const health = (ms: number, healthy: boolean): number =>
      timers.push((c.healthTimer = this.at(ms, () => {
        if (c.state !== 'RUNNING') return;
        // its health, not its status, changes: the lane says so as a standalone task's does
        sides.add(clock.now(), c.lane, 'RUNNING', SIDE_NOTES[healthy ? 1 : essential ? 2 : 3]);
        this.host.send({ type: healthy ? 'container.healthy' : 'container.unhealthy', name });
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
        if (c.state === 'RUNNING' && !c.silent) sides.add(clock.now(), c.lane, 'RUNNING', SIDE_NOTES[4]);
      }));
    // a RunContainer fault: the process ends by itself, as a ContainerExit would end it
    const crash = ci.exitsAfterMs;
    if (crash !== null) timers.push(this.at(crash, () => this.exit(name, ci.exitsWith)));
    // as the container machine does: its dependants stop waiting for it
    const timeout = ci.startTimeoutMs;
    if (timeout !== null)
      timers.push(this.at(timeout, () => {
        if (c.state === 'RUNNING') this.host.send({ type: 'container.startTimedOut', name });
      }));
    if (timers.length > 0) this.lifeTimers.set(name, timers);
  }

  /** The task asked it to stop: SIGTERM, then SIGKILL at its stopTimeout; one that never started stops with no signal. */
  stop(name: string) {
    const c = this.byName.get(name)!;
    if (c.state === 'STOPPED' || c.state === 'STOPPING') return;
    if (c.state !== 'RUNNING') {
      // Never started: stopped with no signal, in the same instant; its pull or start will not end
      this.endUnstarted(c, name, { exitCode: null, reason: null, started: false });
      return;
    }
    this.set(c, 'STOPPING');
    const outcome = stopOutcome(this.input(name));
    this.stopTimers.set(name, this.at(outcome.ms, () => {
      this.stopTimers.delete(name);
      if (c.state === 'STOPPING') this.finish(name, { exitCode: outcome.exitCode, reason: null, started: true });
    }));
  }

  /** It gave up on a dependency: stopped without starting, as the container machine does (exit code 143, the reason). */
  giveUp(name: string, reason: string) {
    const c = this.byName.get(name)!;
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
    this.set(c, 'STOPPED');
    this.at(0, () => {
      if (this.pullStopDue) (this.pullStoppedAt = this.host.clock.now()), (this.pullStopDue = false);
      this.host.send({ type: `xstate.done.actor.container-${name}`, output });
    });
  }

  /** Spot took the capacity: what runs or stops is killed now (137), as the container machine does. */
  reclaim() {
    for (const [name, c] of this.byName) if (c.state === 'RUNNING' || c.state === 'STOPPING') this.finish(name, { exitCode: 137, reason: null, started: true });
  }

  /**
   * HealthChecksFail on `name`'s own healthCheck: unhealthy `ms` from now if it
   * runs (`notBegun` false; not again if it is UNHEALTHY already), else from its
   * first check. Its lane, for the note.
   */
  silence(name: string, ms: number | null, notBegun: boolean, unhealthyAlready: boolean): number {
    const c = this.byName.get(name)!;
    c.silent = true;
    if (notBegun) c.unhealthyFromStartMs = ms ?? undefined;
    else {
      if (c.healthTimer !== undefined) this.host.clock.clearTimeout(c.healthTimer);
      if (ms !== null && !unhealthyAlready) c.failIn!(ms);
    }
    return c.lane;
  }
}
