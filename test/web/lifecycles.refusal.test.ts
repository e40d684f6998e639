// "Download every lifecycle" past the limit: the page says what to change in
// its own words (its checkbox, not CLI flags), and where all of them can be had.
import { describe, expect, it } from 'vitest';
import { generateLifecycles, TooManyPaths } from '../../src/sim/paths/lifecycles.ts';
import { worldOptions } from '../../src/sim/paths/world.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { taskShape } from '../../src/sim/timings.ts';
import { tooMany } from '../../src/web/lifecycles.refusal.ts';

// containers each waiting for the next to START: their endings multiply (seven give 9,657 told apart, README)
const chain = loadScenario({
  taskDefinition: {
    family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
    containerDefinitions: [0, 1, 2].map((i) => ({ name: `c${i}`, image: `x${i}`, essential: i === 0, ...(i < 2 ? { dependsOn: [{ containerName: `c${i + 1}`, condition: 'START' }] } : {}) })),
  },
});

function refusal(distinct: 'states' | 'outcomes', maxLifecycles: number): TooManyPaths {
  try {
    generateLifecycles(taskShape(chain), worldOptions(chain), { distinct, maxLifecycles });
  } catch (err) {
    if (err instanceof TooManyPaths) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('the page’s refusal past the lifecycle limit', () => {
  it('should name its own checkbox and the command that lists them all, not the CLI’s flags alone', () => {
    const err = refusal('outcomes', 5);
    const text = tooMany(err, 'outcomes');
    expect(text).toMatch(/^more than 5 lifecycles \(\d+\) for 3 containers: telling endings apart/);
    expect(text).toContain('Untick “one per ending” to list one per sequence of states and stop code.');
    expect(text).toContain(`ecs-lifecycle paths <your file> --format events --distinct outcomes --max-lifecycles ${err.found}.`);
    expect(text).not.toContain('--distinct states');
    // with "as EventBridge may deliver them" ticked, the command delivers them so too
    expect(tooMany(err, 'outcomes', 'at-least-once')).toContain(`--format events --distinct outcomes --delivery at-least-once --max-lifecycles ${err.found}.`);
  });

  it('should not suggest the checkbox when it is not ticked', () => {
    const err = refusal('states', 2);
    expect(tooMany(err, 'states')).not.toContain('Untick');
    expect(tooMany(err, 'states')).toContain(`--format events --max-lifecycles ${err.found}.`);
  });
});
