// A service task opened in the page draws a lane per side step (ENI, target,
// Cloud Map, container) from what the world recorded (sideChanges): each must
// show the life the same step has in a standalone task with the same draws,
// or the lanes would teach a service's tasks something the task view does not.
import { describe, expect, it } from 'vitest';
import { stoppedWorldTask as world } from '../support/world-task.ts';
import { fargateWeb, run, webDefinition } from '../support/scenarios.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

/** Each side step's statuses, `actor: STATUS@ms …`, the first one aside (both begin there). */
const lanes = (changes: readonly { t: number; actor: string; to: string }[]) => {
  const out = new Map<string, string[]>();
  for (const c of changes) if (c.actor !== 'task' && c.actor !== 'user') out.set(c.actor, [...(out.get(c.actor) ?? []), `${c.to}@${c.t}`]);
  return Object.fromEntries([...out].map(([actor, steps]) => [actor, steps.join(' ')]));
};

describe('the side steps of a service task, as its timeline draws them', () => {
  const cases: [string, Scenario, number][] = [
    ['stopped while it runs (ENI, target, Cloud Map, container)', fargateWeb({ timeline: [] }), 600_000],
    ['stopped while its interface attaches', fargateWeb({ timeline: [] }), 2_000],
    ['its image cannot be pulled', fargateWeb({ timeline: [], faults: [{ step: 'PullImage', container: 'web' }] }), 3_000_000],
    ['its target and Cloud Map registrations fail', fargateWeb({ timeline: [], faults: [{ step: 'RegisterTargets' }, { step: 'RegisterInstance' }] }), 3_000_000],
    // a health verdict changes the container's health, not its status: the lane splits, RUNNING again
    ['its container health check passes', fargateWeb({ timeline: [], taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'true'] } }) }), 600_000],
    ['its container health check fails', fargateWeb({ timeline: [], taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'true'] } }), faults: [{ step: 'HealthCheck', container: 'web' }] }), 600_000],
  ];
  for (const [what, s, stopMs] of cases)
    it(`should show each side step as a standalone task with the same draws does: ${what}`, () => {
      const standalone = run({ ...s, timeline: [{ at: stopMs / 1000, action: 'StopTask', reason: null }] });
      // a task that fails its checks is stopped by its service first, even run alone: the world's is stopped then too
      const stoppedAt = standalone.trace.find((e) => e.actor === 'task' && e.to === 'desired STOPPED')?.t ?? stopMs;
      const task = world(s, stoppedAt);
      const expected = lanes(standalone.trace.filter((e) => e.from !== null || e.actor === 'task'));
      const drawn = lanes(task.sideChanges());
      expect(Object.keys(drawn).sort()).toEqual(['container-web', 'eni', 'registry', 'target-0']);
      for (const actor of Object.keys(drawn)) expect(drawn[actor]!.split(' ').slice(1).join(' '), actor).toBe(expected[actor] ?? '');
    });

  it('should say what a health verdict did where the container lane splits, as the service does it', () => {
    const s = fargateWeb({ timeline: [], taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'true'] } }), faults: [{ step: 'HealthCheck', container: 'web' }] });
    const verdicts = world(s, 600_000).sideChanges().filter((c) => c.note !== '');
    expect(verdicts).toEqual([{ t: expect.any(Number), actor: 'container-web', to: 'RUNNING', note: 'health checks failed: UNHEALTHY; it is essential, so the service scheduler replaces the task once its grace period is over, unless they pass again first' }]);
  });

  it("should not say a non-essential container's failed checks get the task replaced: the task runs on", () => {
    const td = webDefinition();
    td.containerDefinitions.push({ name: 'agent', image: 'datadog/agent:7', essential: false, healthCheck: { command: ['CMD-SHELL', 'true'] } } as never);
    const s = fargateWeb({ timeline: [], taskDefinition: td, faults: [{ step: 'HealthCheck', container: 'agent' }] });
    const verdicts = world(s, 600_000).sideChanges().filter((c) => c.note !== '');
    expect(verdicts).toEqual([{ t: expect.any(Number), actor: 'container-agent', to: 'RUNNING', note: 'health checks failed: UNHEALTHY; it is not essential, so the task stays healthy and runs on' }]);
  });
});
