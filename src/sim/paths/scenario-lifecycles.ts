// The lifecycles of a scenario as `paths` and the page list them: the walk
// over its configuration (lifecycles.ts), each path's steps in the order the
// scenario's timings have them come (timing.ts), not the order the walk met.
import type { Scenario } from '../scenario/types.ts';
import { taskShape } from '../timings.ts';
import { describeEvent, generateLifecycles, type Lifecycle, type Walk } from './lifecycles.ts';
import { timingDraws } from './project.ts';
import { drawTimings, timesWith } from './timing.ts';
import { worldOptions } from './world.ts';

export function scenarioLifecycles(scenario: Scenario, limits: Partial<Walk> = {}): Lifecycle[] {
  // the orders weighed for one lifecycle have the same steps, so the same durations: drawn once
  return generateLifecycles(taskShape(scenario), worldOptions(scenario), limits, (lifecycle) => {
    const timings = drawTimings(scenario, timingDraws(scenario, { steps: lifecycle.events.map(describeEvent) }));
    return (path) => timesWith(timings, path).heldMs;
  });
}
