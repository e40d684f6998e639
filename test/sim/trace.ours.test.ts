// A step AWS does not describe that changes no task state (a failed
// registration stopping the task, a dependant giving up) has no dashed edge
// in the chart: the trace says it is our model, in the CLI's table and the
// page's "What just happened" alike (recorder.ts, the transitions' meta.ours).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimulation } from '../../src/sim/simulation.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';

const fargateWeb = JSON.parse(readFileSync('public/scenarios/fargate-web.json', 'utf8')) as Record<string, unknown>;
const run = (extra: object) => {
  const sim = createSimulation(loadScenario({ ...fargateWeb, timeline: [], ...extra }));
  sim.runUntil(3_600_000);
  return sim;
};
const noteOf = (sim: ReturnType<typeof run>, actor: string, to: string) => sim.trace.find((e) => e.actor === actor && e.to === to)?.note;

describe('our model, where a transition changes no state', () => {
  it('should say that a failed registration stopping the task, and what it leaves, are ours', () => {
    const sim = run({ faults: [{ step: 'RegisterTargets' }] });
    expect(noteOf(sim, 'task', 'desired STOPPED')).toMatch(/^TaskFailedToStart: ResourceInitializationError: failed to register the task with target group .* \[our model: that a failed registration stops the task\]$/);
    expect(noteOf(sim, 'target-0', 'unused')).toBe('out of the target group [our model: a failed registration leaves the target unused]');
    const instance = run({ faults: [{ step: 'RegisterInstance' }] });
    expect(noteOf(instance, 'task', 'desired STOPPED')).toMatch(/\[our model: that a failed registration stops the task\]$/);
    // the instance that never was: FAILED for good, by our model, and nothing removed
    expect(noteOf(instance, 'registry', 'FAILED')).toBe('RegisterInstance failed');
    expect(noteOf(instance, 'registry', 'DEREGISTERED')).toBeUndefined();
  });

  it('should say that what a Spot reclaim cuts short is ours, where it cuts a drain short', () => {
    const spot = JSON.parse(readFileSync('public/scenarios/spot-interruption.json', 'utf8')) as Record<string, unknown>;
    const sim = createSimulation(loadScenario(spot));
    sim.runUntil(3_600_000);
    expect(noteOf(sim, 'target-0', 'unused')).toBe('out of the target group [our model: AWS documents the two minutes, not what is cut short]');
  });

  it('should mark nothing on a lifecycle AWS documents step by step', () => {
    const sim = run({ timeline: [{ at: 600, action: 'StopTask' }] });
    expect(sim.trace.filter((e) => e.note.includes('[our model:')).map((e) => `${e.actor} ${e.to}: ${e.note}`)).toEqual([]);
  });

  it('should say a container that never started gets no signal by our model, once', () => {
    const sim = run({ timeline: [{ at: 5, action: 'StopTask' }] });
    const note = noteOf(sim, 'container-web', 'STOPPED');
    expect(note).toBe('stopped before it started (no signal) [our model: no signal, as the agent does; AWS documents none]');
  });
});
