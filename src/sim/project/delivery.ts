// How EventBridge hands the events to a consumer: at least once and possibly
// out of order (DG-EVH: "order and de-duplicate by detail.version"). The
// simulator emits each event once, in order; this re-plays that stream the way
// a consumer may receive it, so a dashboard or event handler can be tested
// against reordering and duplicates. Seeded: the same seed, the same delivery.
//
// The model (inferred: AWS gives no figures): each event arrives after its own
// delay (mostly well under a second, now and then a few seconds), so events
// close in time can swap; a few are delivered twice, the copy after a retry
// delay. A copy is the same event, with the same `id`, as EventBridge retries
// send it.
import { createRandom } from '../random.ts';

export const DELIVERIES = ['in-order', 'at-least-once'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** One in DUPLICATE_EVERY events is delivered a second time. */
const DUPLICATE_EVERY = 8;
/** Typical delay from the event's time to its delivery; the tail is longer. */
const MEAN_DELAY_MS = 400;
const MAX_DELAY_MS = 5_000;
/** A retried copy comes after the first delivery plus this long at most. */
const MAX_RETRY_MS = 10_000;

interface Timed {
  /** whole seconds, as AWS prints it */
  time: string;
  /** milliseconds, where the detail has it (task state changes) */
  detail?: { updatedAt?: unknown };
}

const emittedAt = (e: Timed) => Date.parse(typeof e.detail?.updatedAt === 'string' ? e.detail.updatedAt : e.time);

/**
 * Nothing emitted after an event arrives before this long ahead of it: times
 * printed in whole seconds lag the true time by under a second (margin kept).
 */
const HORIZON_SLACK_MS = 2_000;
/** How often, in the events' time, the arrivals known to be next are handed on. */
const FLUSH_EVERY_MS = 1_000;

interface Arrival<T> {
  at: number;
  seq: number;
  event: T;
}
// Emission order breaks ties: the rest is the delays' doing.
const byArrival = <T>(a: Arrival<T>, b: Arrival<T>) => a.at - b.at || a.seq - b.seq;

/**
 * `events` (in emission order, which is time order) as one consumer might
 * receive them, as they come: every event is delivered at least once; copies
 * are the same objects. Only the arrivals of the last few seconds are held, so
 * a run of hundreds of thousands of events is not kept whole to be shuffled.
 */
export function* deliverAtLeastOnceStream<T extends Timed>(events: Iterable<T>, seed: number): Generator<T> {
  const rng = createRandom(seed ^ 0x5eed_de11);
  // Exponential delays, capped: most arrive fast, some late.
  const delay = () => Math.min(MAX_DELAY_MS, Math.round(-MEAN_DELAY_MS * Math.log(1 - rng.next())));
  let pending: Arrival<T>[] = [];
  let seq = 0;
  let flushedTo = -Infinity;
  for (const event of events) {
    const emitted = emittedAt(event);
    // every arrival before the horizon comes before anything still to be emitted
    const horizon = emitted - HORIZON_SLACK_MS;
    if (horizon >= flushedTo + FLUSH_EVERY_MS && pending.length > 0) {
      pending.sort(byArrival);
      const cut = pending.findIndex((a) => a.at >= horizon);
      const ready = cut === -1 ? pending : pending.slice(0, cut);
      pending = cut === -1 ? [] : pending.slice(cut);
      flushedTo = horizon;
      for (const a of ready) yield a.event;
    }
    const at = emitted + delay();
    pending.push({ at, seq: seq++, event });
    if (rng.between(1, DUPLICATE_EVERY) === 1) pending.push({ at: at + 1 + rng.between(0, MAX_RETRY_MS), seq: seq++, event });
  }
  pending.sort(byArrival);
  for (const a of pending) yield a.event;
}

/** All of `events` as one consumer might receive them (deliverAtLeastOnceStream, gathered). */
export function deliverAtLeastOnce<T extends Timed>(events: readonly T[], seed: number): T[] {
  return [...deliverAtLeastOnceStream(events, seed)];
}

export function deliver<T extends Timed>(events: readonly T[], delivery: Delivery, seed: number): T[] {
  return delivery === 'at-least-once' ? deliverAtLeastOnce(events, seed) : [...events];
}
