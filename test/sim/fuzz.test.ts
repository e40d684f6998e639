// Property-based tests: random valid scenarios keep every invariant in the
// simulation's output; random invalid ones are refused with a ScenarioError
// (exit 2 from the CLI), never a crash. Fixed seed; `npm run fuzz` runs more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { invalidScenario, validScenario } from '../fuzz/arbitraries.ts';
import { rejection, simulate, violations } from '../fuzz/properties.ts';

const SEED = 20260101;

describe('fuzzing the simulation', () => {
  it('should keep every invariant on random valid scenarios', () => {
    fc.assert(fc.property(validScenario, (raw) => {
      expect(violations(simulate(raw))).toEqual([]);
    }), { seed: SEED, numRuns: 300 });
  });

  it('should refuse random invalid scenarios with a ScenarioError', () => {
    fc.assert(fc.property(invalidScenario, ({ raw }) => {
      expect(rejection(raw)).toBe('ScenarioError');
    }), { seed: SEED, numRuns: 300 });
  });

  it('should exit 2 with a one-line message from the CLI for invalid scenarios', async () => {
    const samples = fc.sample(invalidScenario, { seed: SEED, numRuns: 3 });
    const inputs = [...samples.map((s) => JSON.stringify(s.raw)), '{"taskDefinition": '];
    for (const r of await Promise.all(inputs.map((text) => cli(['run', '-'], text)))) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});
