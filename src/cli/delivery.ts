// `--delivery` and `--delivery-seed`: how the events of `--format events`
// reach the consumer (src/sim/project/delivery.ts has the model).
import { DELIVERIES, deliver, deliverAtLeastOnceStream, type Delivery } from '../sim/project/delivery.ts';
import { UsageError } from './io.ts';

export interface DeliveryChoice {
  mode: Delivery;
  /** null: the scenario's seed */
  seed: number | null;
}

export function parseDelivery(values: { delivery?: string; 'delivery-seed'?: string }, format: string): DeliveryChoice {
  const mode = values.delivery ?? 'in-order';
  if (!(DELIVERIES as readonly string[]).includes(mode)) throw new UsageError(`--delivery: unknown mode "${mode}" (expected ${DELIVERIES.join(', ')})`);
  // Only an event stream has a delivery; silently ignoring it would mislead.
  if (mode !== 'in-order' && format !== 'events') throw new UsageError(`--delivery: applies to --format events, not ${format}`);
  const raw = values['delivery-seed'];
  if (raw === undefined) return { mode: mode as Delivery, seed: null };
  if (mode !== 'at-least-once') throw new UsageError('--delivery-seed: only with --delivery at-least-once');
  const seed = /^\d{1,10}$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(seed) || seed > 0xffffffff) throw new UsageError(`--delivery-seed: must be an integer from 0 to 4294967295, got "${raw}"`);
  return { mode: mode as Delivery, seed };
}

export function delivered<T extends { time: string }>(events: readonly T[], choice: DeliveryChoice, scenarioSeed: number): T[] {
  return deliver(events, choice.mode, choice.seed ?? scenarioSeed);
}

/** The same, as the events come (a service's run can hold gigabytes of them): the same order, the same copies. */
export function deliveredStream<T extends { time: string }>(events: Iterable<T>, choice: DeliveryChoice, scenarioSeed: number): Iterable<T> {
  return choice.mode === 'in-order' ? events : deliverAtLeastOnceStream(events, choice.seed ?? scenarioSeed);
}
