// Model-based tests generated from the production task machine: for every
// configuration of the matrix, every distinct lifecycle (one per sequence of
// states and stopCode) is a test, and every reachable transition is checked.
import { describe, expect, it } from 'vitest';
import type { TaskContext } from '../../machines/task.types.ts';
import { worldOptions } from '../../src/sim/paths/world.ts';
import { configs, normalRun } from './support/configs.ts';
import { cannotStop, generated } from './support/generated.ts';
import { lifecycleViolations, releasedViolations, stepViolations } from './support/invariants.ts';

const matrix = configs();

describe('task lifecycles generated from the statechart', () => {
  it('has a known number of lifecycles per configuration (a change to the machine shows up here)', () => {
    const counts = Object.fromEntries(matrix.map((c) => [c.title, generated(c.shape, worldOptions(c.scenario)).lifecycles.length]));
    expect(counts).toMatchSnapshot();
  });

  for (const config of matrix) {
    describe(config.title, () => {
      const { logic, graph, lifecycles } = generated(config.shape, worldOptions(config.scenario));
      const nodes = Object.values(graph);

      for (const l of lifecycles) {
        it(`${l.id}: should go ${l.statuses.join(' → ')} via ${l.steps.join(', ')}`, () => {
          expect(lifecycleViolations(config.shape, l)).toEqual([]);
        });
      }

      it(`should keep every invariant on all ${nodes.length} reachable states and their transitions`, () => {
        const problems = nodes.flatMap((n) => [
          ...Object.values(n.transitions).flatMap((t) => stepViolations(n.state, t.state)),
          ...(n.state.task.status === 'done' ? releasedViolations(n.state) : []),
        ]);
        expect([...new Set(problems)]).toEqual([]);
      });

      it('should reach STOPPED from every reachable state', () => {
        expect(cannotStop(graph)).toEqual([]);
      });

      it('should include the normal run and stop of §1 (UserInitiated)', () => {
        const normal = lifecycles.filter((l) => l.stopCode === 'UserInitiated').map((l) => l.statuses.join(' → '));
        expect(normal).toContain(normalRun(config.shape).join(' → '));
      });

      it('should change nothing on a second stop request', () => {
        for (const n of nodes) {
          const c = n.state.task.context as TaskContext;
          if (c.desiredStatus !== 'STOPPED' || n.state.task.status !== 'active') continue;
          const again = logic.transition(n.state, { type: 'task.stopRequested', reason: 'again', stopCode: 'ServiceSchedulerInitiated' });
          expect(again.task.context).toEqual(c);
          expect(again.task.value).toBe(n.state.task.value);
        }
      });
    });
  }
});
