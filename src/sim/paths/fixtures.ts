// Every lifecycle of a configuration as the ECS events a consumer would
// receive: `ecs-lifecycle paths --format events` and the page's "Download
// every lifecycle" make the same lines from here.
import { deliver, type Delivery } from '../project/delivery.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Lifecycle } from './lifecycles.ts';
import { lifecycleEvents } from './project.ts';

/**
 * NDJSON lines `{"path": id, "event": …}`. Each path is its own stream, with
 * its own delivery draw (the seed plus its index), and stays one block.
 */
export function lifecycleFixtureLines(scenario: Scenario, lifecycles: readonly Lifecycle[], delivery: Delivery, seed: number): string[] {
  return [...lifecycleFixtureStream(scenario, lifecycles, delivery, seed)];
}

/** The same lines one lifecycle at a time: thousands of lifecycles are more text than one string may hold. */
export function* lifecycleFixtureStream(scenario: Scenario, lifecycles: readonly Lifecycle[], delivery: Delivery, seed: number): Generator<string> {
  const addresses = new Set<string>();
  for (const [i, l] of lifecycles.entries()) for (const event of deliver(lifecycleEvents(scenario, l, addresses), delivery, seed + i)) yield JSON.stringify({ path: l.id, event });
}
