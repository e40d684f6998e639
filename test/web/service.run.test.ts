import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { ServiceRun } from '../../src/web/service/service.run.ts';

const rolling = () => parseScenario(readFileSync(new URL('../../public/scenarios/service-rolling.json', import.meta.url), 'utf8'));

describe('the service view’s actions', () => {
  it('should give a revision deployed from the page a number of its own, above the one the timeline deploys later', () => {
    const run = new ServiceRun(rolling());
    run.advanceTo(112_000);
    expect(run.deploy(false).revision).toBe(3); // the timeline deploys web:2 at 300 s
    run.sim.runUntil(3_600_000);
    expect([...run.sim.revisions.keys()].sort()).toEqual(['web:1', 'web:2', 'web:3']);
    const byDefinition = [...run.deployments.values()].map((d) => d.taskDefinition);
    expect(new Set(byDefinition).size).toBe(byDefinition.length);
  });

  it('should base the next revision on the last one registered, not the highest number', () => {
    const run = new ServiceRun(rolling());
    run.advanceTo(112_000);
    const early = run.deploy(false); // web:3, the scenario's image
    run.advanceTo(400_000); // the timeline has deployed web:2, with its newer image
    const timeline = run.sim.revisions.get('web:2')!;
    const next = run.deploy(false);
    expect(next.revision).toBe(4);
    expect(next.containerDefinitions.map((c) => c.image)).toEqual(timeline.containerDefinitions.map((c) => c.image));
    expect(next.containerDefinitions[0]!.image).not.toBe(early.containerDefinitions[0]!.image);
  });

  it('should crash the same tasks for the same scenario and clicks (seeded, like the rest of the run)', () => {
    const crashes = () => {
      const run = new ServiceRun(rolling());
      return [200_000, 260_000, 900_000].map((ms) => (run.advanceTo(ms), run.crashTask()));
    };
    const first = crashes();
    expect(first.every((i) => i !== null)).toBe(true);
    expect(crashes()).toEqual(first);
  });
});
