// What was done to a run, so that it can be taken back: Step back replays the
// run from its scenario to the last moment before its last change that a
// person saw, or would have seen stepping (the moment of a change). A
// run is deterministic (seeded, virtual time), so the same scenario and the
// same steps, clock moves and actions give the same task, event for event; a
// replay is cheaper and surer than snapshotting a tree of live actors.
import type { Clocked } from './sim.driver.ts';

/**
 * One thing done to the run, with the run's count of changes after it and its
 * virtual clock then (`at`). `shown`: the page was painted right after it;
 * `changed`: it changed what a person sees. Step back goes only to such
 * moments: a timer that changes nothing, passed over by a Step or within a
 * frame, ends at a moment never on screen. Steps that follow one another, and
 * clock moves, that change nothing fold into one entry until the page is
 * painted; two painted entries of one kind and count fold into the later one.
 */
type Entry<S> = { changes: number; at: number; shown: boolean; changed: boolean } & (
  | { kind: 'steps'; n: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'act'; apply: (sim: S) => unknown; label: string }
);

export class RunHistory<S extends Clocked> {
  private entries: Entry<S>[] = [];
  /** changes a run shows as it is created (its first state) */
  private atStart = 0;
  private clockAtStart = 0;
  /** real ms the run has taken to compute so far: about what a replay costs */
  private ms = 0;

  /** `changes`: what a person can see change, counted (a task's trace; a service's events, notes, log and counts) */
  constructor(private readonly changes: (sim: S) => number) {}

  begin(sim: S): void {
    this.clear();
    this.atStart = this.changes(sim);
    this.clockAtStart = sim.now();
  }

  /** nothing to replay any more (Reset): the closures of the run's actions go too */
  clear(): void {
    this.entries = [];
    this.ms = 0;
  }

  /** the entry a quiet op (one that changed nothing) may join: a quiet one of its kind, not painted since */
  private quietLast(kind: Entry<S>['kind'], changes: number): Entry<S> | null {
    const last = this.entries.at(-1);
    return last && last.kind === kind && last.changes === changes && !last.shown && !last.changed ? last : null;
  }

  private changedNow(changes: number): boolean {
    return changes !== (this.entries.at(-1)?.changes ?? this.atStart);
  }

  stepped(sim: S): void {
    const changes = this.changes(sim);
    const last = this.quietLast('steps', changes);
    if (last?.kind === 'steps') (last.n++, (last.at = sim.now()));
    else this.entries.push({ kind: 'steps', n: 1, changes, at: sim.now(), shown: false, changed: this.changedNow(changes) });
  }

  advanced(sim: S, ms: number): void {
    const changes = this.changes(sim);
    const last = this.quietLast('advance', changes);
    if (last?.kind === 'advance') (last.ms = ms), (last.at = sim.now());
    else this.entries.push({ kind: 'advance', ms, changes, at: sim.now(), shown: false, changed: this.changedNow(changes) });
  }

  /** `label`: what the person did, as Step back names it when it takes it back */
  acted(sim: S, apply: (sim: S) => unknown, label: string): void {
    const changes = this.changes(sim);
    this.entries.push({ kind: 'act', apply, label, changes, at: sim.now(), shown: false, changed: this.changedNow(changes) });
  }

  /** The page was painted: the run as it stands is a moment a person saw. */
  shown(): void {
    const last = this.entries.at(-1);
    if (!last) return;
    last.shown = true;
    // the moment before, of the same count and kind, is no longer the latest of its count: one entry
    const before = this.entries.at(-2);
    if (!before?.shown || before.kind !== last.kind || before.changes !== last.changes) return;
    if (before.kind === 'steps' && last.kind === 'steps') (last.n += before.n), this.entries.splice(-2, 1);
    else if (before.kind === 'advance') this.entries.splice(-2, 1);
  }

  /** real time spent computing the run (its steps, clock moves and actions) */
  spent(ms: number): void {
    this.ms += ms;
  }

  /** real ms a replay to the end would take, about */
  get cost(): number {
    return this.ms;
  }

  /**
   * How much of the history leads to the last moment, before the last change
   * of `sim`, that was painted or was a change: a count of entries to replay,
   * or null when `sim` shows nothing beyond its first state.
   */
  before(sim: S): number | null {
    const now = this.changes(sim);
    for (let k = this.entries.length - 1; k >= 0; k--) {
      const e = this.entries[k]!;
      if ((e.shown || e.changed) && e.changes < now) return k + 1;
    }
    return this.atStart < now ? 0 : null;
  }

  /** What the person did after the first `count` entries (the actions a Step back to there takes back). */
  actionsAfter(count: number): string[] {
    return this.entries.slice(count).flatMap((e) => (e.kind === 'act' ? [e.label] : []));
  }

  /**
   * Replay the first `count` entries on `fresh` (a new run of the same
   * scenario) and forget the rest: `fresh` is now the run as it was then.
   * False, and nothing forgotten, when it did not come out as it was, by its
   * count of changes and its clock (a run that is not deterministic).
   */
  replay(fresh: S, count: number): boolean {
    const kept = this.entries.slice(0, count);
    const started = performance.now();
    for (const e of kept) {
      if (e.kind === 'steps') for (let i = 0; i < e.n; i++) fresh.step();
      else if (e.kind === 'advance') fresh.advanceTo(e.ms);
      else e.apply(fresh);
    }
    const end = kept.at(-1);
    if (this.changes(fresh) !== (end?.changes ?? this.atStart) || fresh.now() !== (end?.at ?? this.clockAtStart)) return false;
    this.entries = kept;
    this.ms = performance.now() - started;
    return true;
  }
}
