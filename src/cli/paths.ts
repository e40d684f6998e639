// `ecs-lifecycle paths`: every lifecycle the statechart allows for the
// scenario's configuration (its timeline and faults are ignored: every action
// and fault is explored; a PlaceTask fault says the cluster may have no room,
// so it adds the wait for capacity), as a table, as JSON, or as ECS events.
// Spot interruptions are explored on Fargate only, as `run` accepts them.
import { generateLifecycles, TooManyPaths, type Distinct, type Lifecycle } from '../sim/paths/lifecycles.ts';
import { worldOptions } from '../sim/paths/world.ts';
import { lifecycleFixtureLines } from '../sim/paths/fixtures.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { taskShape } from '../sim/timings.ts';
import { out, readScenario, UsageError } from './io.ts';
import type { DeliveryChoice } from './delivery.ts';
import { stepInWords } from './path-steps.ts';

const IN_ORDER: DeliveryChoice = { mode: 'in-order', seed: null };

export const PATH_FORMATS = ['summary', 'json', 'events'] as const;
export type PathFormat = (typeof PATH_FORMATS)[number];

export async function pathsCommand(o: { file: string; format: PathFormat; distinct: Distinct; delivery: DeliveryChoice }): Promise<void> {
  const scenario = await readScenario(o.file);
  let lifecycles: Lifecycle[];
  try {
    lifecycles = generateLifecycles(taskShape(scenario), worldOptions(scenario), { distinct: o.distinct });
  } catch (err) {
    if (err instanceof TooManyPaths) throw new UsageError(`paths: ${err.message}`);
    throw err;
  }
  out(formatPaths(scenario, lifecycles, o.format, o.delivery));
}

export function formatPaths(scenario: Scenario, lifecycles: Lifecycle[], format: PathFormat, delivery = IN_ORDER): string {
  if (format === 'json') {
    const paths = lifecycles.map(({ id, statuses, stopCode, steps }) => ({ id, statuses, stopCode, steps }));
    return JSON.stringify({ paths }, null, 2) + '\n';
  }
  if (format === 'events') return lifecycleFixtureLines(scenario, lifecycles, delivery.mode, delivery.seed ?? scenario.seed).join('\n') + '\n';
  return summary(scenario, lifecycles);
}

/** One line per lifecycle: its id, the task states in order, and the events that lead there. */
function summary(s: Scenario, lifecycles: Lifecycle[]): string {
  const td = s.taskDefinition;
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  const cp = s.capacityProviderName;
  const provider = cp && cp !== s.launchType ? ` on ${cp}` : '';
  const head =
    // and the capacity provider when one was named: FARGATE_SPOT is why Spot lifecycles are listed
    `${n(lifecycles.length, 'lifecycle')} for ${td.family} (${s.launchType}${provider}, ${td.networkMode}, ` +
    `${n(s.loadBalancers.length, 'target group')}, ${s.serviceRegistries.length ? 'a' : 'no'} service registry, ` +
    `${n(td.containerDefinitions.length, 'container')})\n\n`;
  const width = Math.max(...lifecycles.map((l) => l.id.length), 2);
  const lines = lifecycles.map((l) => {
    const states = l.statuses.join(' → ');
    return `${l.id.padEnd(width)}  ${states}\n${' '.repeat(width)}  via ${l.steps.map(stepInWords).join(', ')}\n`;
  });
  return head + lines.join('\n');
}
