// A service task's load balancer targets, played by the world (see
// world-task.ts): each target's registration, ELB's health verdicts on it,
// its draining, and an app that stops answering its checks. Timed by the
// same outcome function the target machine uses; every pending timer is
// cancelled by a deregistration, so none keeps a run going.
import type { TaskEvent, TargetInput } from '../../../machines/task.types.ts';
import { healthVerdict } from '../../../machines/target.machine.ts';
import type { TargetState } from '../../../machines/status.ts';
import type { VirtualClock } from '../clock.ts';
import { SIDE_NOTES, targetLane, type SideNote } from './side-log.ts';

/** What the targets need of their task. */
export interface TargetsHost {
  readonly clock: VirtualClock;
  /** record a lane's status (or a note on it) on the task's side log */
  log(lane: number, status: string, note?: SideNote): void;
  send(event: TaskEvent): void;
  /** a verdict changed only the world: the scheduler reads it (phaseOf), the task machine never does */
  verdictChanged(): void;
}

/** A target whose app stopped answering (HealthChecksFail): before its registration, its unhealthy verdict from then. */
interface SilentTarget {
  unhealthyFromStartMs: number | null;
}

export class WorldTargets {
  readonly states: TargetState[];
  /** each target's registration or health verdict to come */
  private readonly verdictTimers = new Map<number, number>();
  /** the moment each target's app stops answering (an app that goes bad) */
  private readonly answerTimers = new Map<number, number>();
  /** each draining target's end: a Spot reclaim cuts it short */
  private readonly drainTimers = new Map<number, number>();
  /** the targets whose app stopped answering (rare: made on demand) */
  private silent: Map<number, SilentTarget> | null = null;

  constructor(
    private readonly host: TargetsHost,
    private readonly inputs: readonly TargetInput[],
  ) {
    this.states = inputs.map(() => 'notRegistered');
  }

  private at(timers: Map<number, number>, i: number, ms: number, fn: () => void): void {
    timers.set(i, this.host.clock.setTimeout(() => (timers.delete(i), fn()), ms));
  }

  private cancel(timers: Map<number, number>, i: number): void {
    const id = timers.get(i);
    if (id !== undefined) (this.host.clock.clearTimeout(id), timers.delete(i));
  }

  private set(i: number, to: TargetState): void {
    this.states[i] = to;
    this.host.log(targetLane(i), to);
  }

  /** Its verdict turns `to` if it still reads `from` (a deregistration or an earlier verdict may have moved it on). */
  private turn(i: number, ms: number, from: readonly TargetState[], to: TargetState): void {
    this.at(this.verdictTimers, i, ms, () => {
      if (!from.includes(this.states[i]!)) return;
      this.set(i, to);
      this.host.verdictChanged();
    });
  }

  register(i: number): void {
    const ti = this.inputs[i]!;
    this.set(i, 'registering');
    this.at(this.verdictTimers, i, ti.registerMs, () => {
      if (this.states[i] !== 'registering') return;
      if (ti.failRegister) {
        this.set(i, 'unused');
        this.host.send({ type: 'target.failed', index: i });
        return this.host.send({ type: `xstate.done.actor.target-${i}`, output: undefined });
      }
      this.set(i, 'initial');
      this.host.send({ type: 'target.registered', index: i });
      const silent = this.silent?.get(i);
      if (ti.stopsAnsweringAfterMs !== null && !silent)
        this.at(this.answerTimers, i, ti.stopsAnsweringAfterMs, () => this.host.log(targetLane(i), this.states[i]!, SIDE_NOTES[4]));
      // the app stopped answering before the registration: its checks fail from the first
      const verdict = silent?.unhealthyFromStartMs != null ? { ms: silent.unhealthyFromStartMs, healthy: false } : healthVerdict(ti);
      this.at(this.verdictTimers, i, verdict.ms, () => {
        if (this.states[i] !== 'initial') return;
        this.set(i, verdict.healthy ? 'healthy' : 'unhealthy');
        this.host.verdictChanged();
        if (silent) return;
        // a slow start: its checks pass the healthy threshold at last
        if (!verdict.healthy && ti.recoversAfterMs !== null) this.turn(i, ti.recoversAfterMs, ['unhealthy'], 'healthy');
        // an app that goes bad: its checks fail the unhealthy threshold at last
        if (verdict.healthy && ti.failsAfterMs !== null) this.turn(i, ti.failsAfterMs, ['healthy'], 'unhealthy');
      });
    });
  }

  /**
   * HealthChecksFail on target `i`: unhealthy `ms` from now if it is checked
   * already (`notBegun` false), else from its first check.
   */
  silence(i: number, ms: number | null, notBegun: boolean, status: string): void {
    (this.silent ??= new Map()).set(i, { unhealthyFromStartMs: notBegun ? ms : null });
    this.cancel(this.answerTimers, i);
    if (notBegun) return;
    this.cancel(this.verdictTimers, i);
    if (ms !== null && status !== 'unhealthy') this.turn(i, ms, ['initial', 'healthy'], 'unhealthy');
  }

  isSilent(i: number): boolean {
    return this.silent?.has(i) === true;
  }

  /** DEACTIVATING (or a stop before it registered): drained after the deregistration delay, or unused at once. */
  drain(i: number): void {
    this.cancel(this.verdictTimers, i);
    this.cancel(this.answerTimers, i);
    const wasRegistered = this.states[i] !== 'notRegistered';
    this.set(i, wasRegistered ? 'draining' : 'unused');
    this.at(this.drainTimers, i, wasRegistered ? this.inputs[i]!.deregistrationDelayMs : 0, () => {
      if (this.states[i] === 'draining' || !wasRegistered) this.drained(i);
    });
  }

  private drained(i: number): void {
    this.set(i, 'unused');
    this.host.send({ type: `xstate.done.actor.target-${i}`, output: undefined });
  }

  /** Spot took the capacity: the drains end now, as the target machine's do. */
  reclaim(): void {
    this.states.forEach((t, i) => t === 'draining' && (this.cancel(this.drainTimers, i), this.drained(i)));
  }
}
