// Explores every lifecycle of the scenario off the page's thread: a large
// configuration takes seconds (paths' work limit stops it within about 20),
// and the page must keep answering meanwhile. Same code as `ecs-lifecycle paths`.
import { lifecycleFixtureLines } from '../sim/paths/fixtures.ts';
import { TooManyPaths, type Distinct } from '../sim/paths/lifecycles.ts';
import { scenarioLifecycles } from '../sim/paths/scenario-lifecycles.ts';
import { tooMany } from './lifecycles.refusal.ts';
import type { Delivery } from '../sim/project/delivery.ts';
import { parseScenario } from '../sim/scenario/load.ts';

export interface LifecyclesRequest {
  text: string;
  delivery: Delivery;
  distinct: Distinct;
}
export type LifecyclesReply = { ok: true; ndjson: string; count: number } | { ok: false; message: string };

self.onmessage = (e: MessageEvent<LifecyclesRequest>) => {
  let reply: LifecyclesReply;
  try {
    const scenario = parseScenario(e.data.text);
    const lifecycles = scenarioLifecycles(scenario, { distinct: e.data.distinct });
    reply = { ok: true, ndjson: lifecycleFixtureLines(scenario, lifecycles, e.data.delivery, scenario.seed).join('\n') + '\n', count: lifecycles.length };
  } catch (err) {
    // the scenario was valid on the page; what can fail here is the size of the walk
    reply = { ok: false, message: err instanceof TooManyPaths ? tooMany(err, e.data.distinct, e.data.delivery) : `could not list the lifecycles: ${err instanceof Error ? err.message : String(err)}` };
  }
  self.postMessage(reply);
};
