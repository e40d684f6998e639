import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { ServiceRun } from '../../src/web/service/service.run.ts';

const rolling = () => parseScenario(readFileSync(new URL('../../public/scenarios/service-rolling.json', import.meta.url), 'utf8'));

describe('the service view’s actions', () => {
  it('should number revisions as they are registered: one deployed from the page first, the timeline’s later one after it', () => {
    const scenario = rolling();
    const run = new ServiceRun(scenario);
    run.advanceTo(112_000);
    expect(run.deploy(false).revision).toBe(2); // the file's timeline would deploy its web:2 at 300 s
    run.sim.runUntil(3_600_000);
    expect([...run.sim.revisions.values()].map((td) => td.revision)).toEqual([1, 2, 3]);
    // the timeline's revision, registered at 300 s, is web:3 and newest: it is what runs at the end
    expect(run.sim.revisions.get('web:3')!.containerDefinitions[0]!.image).toBe('public.ecr.aws/nginx/nginx:1.28');
    // the editor's scenario is not renumbered
    expect(scenario.timeline.find((a) => a.action === 'UpdateService')!.taskDefinition!.revision).toBe(2);
    const byDefinition = [...run.deployments.values()].map((d) => d.taskDefinition);
    expect(new Set(byDefinition).size).toBe(byDefinition.length);
  });

  it('should name every deployment asked for on the page, past the ids drawn for the scenario, each its own', () => {
    const run = new ServiceRun(rolling());
    run.advanceTo(112_000);
    // the scenario's list holds 64: each press past it once went without an id (undefined)
    for (let i = 0; i < 70; i++) {
      run.forceNewDeployment();
      run.advanceTo(112_000 + (i + 1) * 1000);
    }
    const named = [...run.deployments.keys()];
    expect(named).toHaveLength(71);
    expect(named.every((id) => /^ecs-svc\/\d+$/.test(id))).toBe(true);
    expect(new Set(named).size).toBe(named.length);
  });

  it('should base the next revision on the last one registered, not the highest number', () => {
    const run = new ServiceRun(rolling());
    run.advanceTo(112_000);
    const early = run.deploy(false); // web:2, the scenario's image
    run.advanceTo(400_000); // the timeline has deployed web:3, with its newer image
    const timeline = run.sim.revisions.get('web:3')!;
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
