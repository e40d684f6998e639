// "For this task": what a state means for the task on the page, which the
// state's general explanation (targets drain for 300 s) may not. Each note is
// checked against the run it sits beside.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { hereNote } from '../../src/web/state.here.ts';
import { enteredAt, fargateWeb, run, statuses, TG_ARN, webDefinition } from '../support/scenarios.ts';
import type { TaskStatus } from '../../machines/status.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

/** How long the run stayed in `state`, in seconds. */
function lasted(s: Scenario, state: TaskStatus): number {
  const sim = run(s);
  const order = statuses(sim);
  const next = order[order.indexOf(state) + 1]!;
  return (enteredAt(sim, 'task', next)! - enteredAt(sim, 'task', state)!) / 1000;
}
const stopCodeOf = (s: Scenario) => run(s).view().stopCode;

describe('what a state means for this task', () => {
  it('should say a task with service discovery and no load balancer has nothing to drain, as its run leaves DEACTIVATING in seconds', () => {
    const s = fargateWeb({ loadBalancers: [] });
    expect(hereNote('DEACTIVATING', s, 'UserInitiated')).toMatch(/^no load balancer target, so nothing drains/);
    expect(hereNote('ACTIVATING', s, null)).toMatch(/^no load balancer, so only its Cloud Map instance is registered/);
    expect(lasted(s, 'DEACTIVATING')).toBeLessThan(5);
  });

  it("should give a target's drain the deregistration delay the run takes", () => {
    const s = fargateWeb({ settings: { deregistrationDelaySeconds: 120 } });
    expect(hereNote('DEACTIVATING', s, 'UserInitiated')).toBe('its target drains for 120 s (deregistrationDelaySeconds).');
    expect(lasted(s, 'DEACTIVATING')).toBeCloseTo(120, 0);
    expect(hereNote('DEACTIVATING', fargateWeb(), 'UserInitiated')).toBe('its target drains for 300 s (deregistrationDelaySeconds, the default).');
    expect(hereNote('DEACTIVATING', fargateWeb({ settings: { deregistrationDelaySeconds: 0 } }), 'UserInitiated')).toMatch(/^a deregistration delay of 0 s, so nothing drains/);
    expect(hereNote('ACTIVATING', fargateWeb(), null)).toMatch(/^its target registers here in seconds, as does its Cloud Map instance; the health checks \(one every 30 s, healthy after 5 in a row\)/);
  });

  it('should say a Spot notice signals the containers at once and cuts the drain at the reclaim, as the run does', () => {
    const s = fargateWeb({ timeline: [{ at: 600, action: 'SpotInterruption' }] });
    expect(stopCodeOf(s)).toBe('SpotInterruption');
    expect(hereNote('DEACTIVATING', s, 'SpotInterruption')).toMatch(/^a Fargate Spot notice, so its containers got SIGTERM with it.*capacity goes \(120 s after the notice\)/);
    expect(lasted(s, 'DEACTIVATING')).toBeCloseTo(120, 0);
  });

  it('should say the other containers are signalled at once after an essential exit', () => {
    const s = fargateWeb({ timeline: [{ at: 600, action: 'ContainerExit', container: 'web', exitCode: 1 }] });
    expect(stopCodeOf(s)).toBe('EssentialContainerExited');
    expect(hereNote('DEACTIVATING', s, 'EssentialContainerExited')).toMatch(/drains for 300 s .* An essential container exited: the agent signals the other containers now/);
  });

  it('should say which states a bridge task with neither skips, and why, as its run never enters them', () => {
    const s = loadScenario({ taskDefinition: { ...webDefinition(), networkMode: 'bridge', requiresCompatibilities: ['EC2'] }, timeline: [{ at: 600, action: 'StopTask' }] });
    const visited = statuses(run(s));
    for (const state of ['PROVISIONING', 'ACTIVATING', 'DEACTIVATING', 'DEPROVISIONING'] as const) {
      expect(hereNote(state, s, null)).toMatch(new RegExp(`^it skips ${state}: `));
      expect(visited).not.toContain(state);
    }
    expect(hereNote('DEPROVISIONING', s, null)).toMatch(/no network interface of its own \(networkMode bridge\)/);
    expect(hereNote('ACTIVATING', s, null)).toMatch(/no load balancer and no service discovery/);
    // what every task does needs no note
    for (const state of ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED'] as const) expect(hereNote(state, s, null)).toBeNull();
  });

  it('should count the targets of several target groups', () => {
    const two = fargateWeb({ loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }, { targetGroupArn: TG_ARN.replace('/web/', '/web2/'), containerName: 'web', containerPort: 80 }], serviceRegistries: [] });
    expect(hereNote('ACTIVATING', two, null)).toMatch(/^its 2 targets register here in seconds; /);
    expect(hereNote('DEACTIVATING', two, null)).toMatch(/^its 2 targets drain for 300 s/);
  });
});
