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
 * `events` (in emission order) as one consumer might receive them. Every
 * event is delivered at least once; copies are the same objects.
 */
export function deliverAtLeastOnce<T extends Timed>(events: readonly T[], seed: number): T[] {
  const rng = createRandom(seed ^ 0x5eed_de11);
  // Exponential delays, capped: most arrive fast, some late.
  const delay = () => Math.min(MAX_DELAY_MS, Math.round(-MEAN_DELAY_MS * Math.log(1 - rng.next())));
  const arrivals: { at: number; seq: number; event: T }[] = [];
  let seq = 0;
  for (const event of events) {
    const at = emittedAt(event) + delay();
    arrivals.push({ at, seq: seq++, event });
    if (rng.between(1, DUPLICATE_EVERY) === 1) arrivals.push({ at: at + 1 + rng.between(0, MAX_RETRY_MS), seq: seq++, event });
  }
  // Emission order breaks ties: the rest is the delays' doing.
  arrivals.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return arrivals.map((a) => a.event);
}

export function deliver<T extends Timed>(events: readonly T[], delivery: Delivery, seed: number): T[] {
  return delivery === 'at-least-once' ? deliverAtLeastOnce(events, seed) : [...events];
}
