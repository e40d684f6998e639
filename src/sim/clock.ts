// Virtual time for every actor of a simulation. XState schedules delayed
// events through the `clock` option; this clock fires them only when told to,
// in due-time order (ties in scheduling order), so a run is deterministic and
// takes no real time. Unlike xstate's SimulatedClock it can say when the next
// timer is due, which is what "Step" needs.

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
/** Sequence numbers of `setTimeoutLast` timers start here: past any other timer's. */
const LAST = 2 ** 40;

/**
 * Seconds (a timeline's `at`, --until) as virtual ms, whole, as AWS counts
 * time: every stamp of a run is then a whole millisecond, printed alike in
 * events and DescribeTasks. 0.3 s is 300 ms, not 300.00000000000006 (a hair
 * later than a timer due at 300 ms); 1.005 s is 1005 ms, not 1004.9999…; and
 * a time the page wrote as now / 1000 comes back as that very now (the page
 * moves the clock in whole ms). Read to the microsecond first, so a half
 * millisecond rounds up.
 */
export const msOfSeconds = (seconds: number) => Math.round(Math.round(seconds * 1_000_000) / 1000);

export class VirtualClock {
  private t = 0;
  private seq = 0;
  private lastSeq = LAST;
  private heap: Timer[] = [];
  private cancelled = new Set<number>();
  /** setPassiveTimeout's timers, soonest first (a handful at most) */
  private passive: Timer[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const seq = ++this.seq;
    // An infinite delay never fires. The machines ask for none (a real clock
    // would fire it at once: test/machines/clock.test.ts); kept for safety.
    if (ms === Number.POSITIVE_INFINITY) return seq;
    this.push({ at: this.t + Math.max(0, ms), seq, fn });
    return seq;
  }

  /**
   * Like setTimeout, but after every other timer due at the same moment, those
   * they set for it included. A scenario's timeline goes this way: a person's
   * action at a moment comes after what ECS did at it, as a click on the page
   * paused there does, so the page's actions saved into a timeline replay alike.
   */
  setTimeoutLast(fn: () => void, ms: number): number {
    const seq = ++this.lastSeq;
    this.push({ at: this.t + Math.max(0, ms), seq, fn });
    return seq;
  }

  /**
   * A timer that waits for time to pass it rather than moving time there: it
   * fires when time moves past its moment on the way to another timer or to
   * an advanceTo target, and is never the next thing due (nextAt() and Step
   * do not see it, and a run that ends when nothing is left ends without it).
   * For what happens only as time goes by: a message repeated after hours.
   */
  setPassiveTimeout(fn: () => void, ms: number): number {
    const seq = ++this.seq;
    const timer = { at: this.t + Math.max(0, ms), seq, fn };
    const i = this.passive.findIndex((p) => before(timer, p));
    this.passive.splice(i < 0 ? this.passive.length : i, 0, timer);
    return seq;
  }

  /** When the next passive timer is due, or null: for a Step that stops at each change, those that wait for time too. */
  nextPassiveAt(): number | null {
    while (this.passive[0] && this.cancelled.has(this.passive[0].seq)) this.cancelled.delete(this.passive.shift()!.seq);
    return this.passive[0]?.at ?? null;
  }

  /** Only for a timer still due: the id of one that fired would stay in `cancelled` for good. */
  clearTimeout(id: number): void {
    this.cancelled.add(id);
  }

  /** When the next live timer is due, or null. */
  nextAt(): number | null {
    this.dropCancelled();
    return this.heap[0]?.at ?? null;
  }

  /**
   * Fire every timer due at or before `ms`, moving time forward to each, then
   * to `ms`; with `untilIdle`, time stays at the last timer when none is left
   * (nothing will ever happen: a run is over, not waiting).
   */
  advanceTo(ms: number, untilIdle = false): void {
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      // a passive timer fires when time passes it: before the next live timer, or on the way
      // to `ms` (unless nothing live is left with untilIdle: time then stays where it is)
      const p = this.passive[0];
      if (p && p.at <= ms && (next ? before(p, next) || next.at > ms : !untilIdle)) {
        this.passive.shift();
        if (this.cancelled.delete(p.seq)) continue;
        this.t = p.at;
        p.fn();
        continue;
      }
      if (!next || next.at > ms) break;
      this.pop();
      this.t = next.at;
      next.fn();
    }
    if (untilIdle && this.nextAt() === null) return;
    if (ms > this.t) this.t = ms;
  }

  /** Drop every timer: nothing more happens, and a run with `untilIdle` ends where it is. */
  halt(): void {
    this.heap.length = 0;
    this.passive.length = 0;
    this.cancelled.clear();
  }

  private dropCancelled() {
    while (this.heap[0] && this.cancelled.has(this.heap[0].seq)) {
      this.cancelled.delete(this.heap[0].seq);
      this.pop();
    }
  }

  private push(x: Timer) {
    const h = this.heap;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
