// "For this task": what a state means for the task on the page, which the
// state's general explanation (targets drain for 300 s) may not. Each note is
// checked against the run it sits beside.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { hereNote, runFacts } from '../../src/web/state.here.ts';
import { enteredAt, fargateWeb, run, statuses, TG_ARN, webDefinition } from '../support/scenarios.ts';
import type { TaskStatus } from '../../machines/status.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

/** The note for `state` once the run has ended, with how long the run stayed there (s), and its stop code. */
function after(s: Scenario, state: TaskStatus) {
  const sim = run(s);
  const order = statuses(sim);
  const next = order[order.indexOf(state) + 1];
  const lasted = next ? (enteredAt(sim, 'task', next)! - enteredAt(sim, 'task', state)!) / 1000 : null;
  return { note: hereNote(state, s, runFacts(sim.view(), sim.trace)), lasted, stopCode: sim.view().stopCode };
}
const twoGroups = (extra: Record<string, unknown> = {}) =>
  fargateWeb({ loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }, { targetGroupArn: TG_ARN.replace('/web/', '/web2/'), containerName: 'web', containerPort: 80 }], ...extra });

describe('what a state means for this task', () => {
  it('should say a task with service discovery and no load balancer has nothing to drain, as its run leaves DEACTIVATING in seconds', () => {
    const s = fargateWeb({ loadBalancers: [] });
    const { note, lasted } = after(s, 'DEACTIVATING');
    expect(note).toBe('no load balancer target, so nothing drains: it moves on once its Cloud Map instance is removed, in seconds.');
    expect(lasted).toBeLessThan(5);
    expect(after(s, 'ACTIVATING').note).toMatch(/^no load balancer, so only its Cloud Map instance is registered/);
  });

  it("should give a target's drain the deregistration delay the run takes", () => {
    const s = fargateWeb({ settings: { deregistrationDelaySeconds: 120 } });
    expect(after(s, 'DEACTIVATING')).toMatchObject({ note: 'its target drains for 120 s (deregistrationDelaySeconds).', lasted: 120 });
    expect(after(fargateWeb(), 'DEACTIVATING').note).toBe('its target drains for 300 s (deregistrationDelaySeconds, the default).');
    expect(after(fargateWeb(), 'ACTIVATING').note).toMatch(/^its target registers here in seconds, as does its Cloud Map instance; the health checks \(one every 30 s, healthy after 5 in a row\)/);
    // a 0 s delay and no registry: nothing holds the task there at all
    expect(after(fargateWeb({ serviceRegistries: [], settings: { deregistrationDelaySeconds: 0 } }), 'DEACTIVATING')).toMatchObject({ note: 'a deregistration delay of 0 s, so nothing drains: it moves on at once.', lasted: 0 });
  });

  it('should say no target drains when its registration failed, as the run leaves DEACTIVATING in seconds', () => {
    const { note, lasted, stopCode } = after(fargateWeb({ faults: [{ step: 'RegisterTargets' }] }), 'DEACTIVATING');
    expect(stopCode).toBe('TaskFailedToStart');
    expect(note).toBe('its target was never registered, so nothing drains: it moves on once its Cloud Map instance is removed, in seconds.');
    expect(lasted).toBeLessThan(5);
  });

  it('should say a Spot notice signals the containers at once and cuts the drain at the reclaim, as the run does, a notice to a task already draining too', () => {
    const spot = after(fargateWeb({ timeline: [{ at: 600, action: 'SpotInterruption' }] }), 'DEACTIVATING');
    expect(spot.stopCode).toBe('SpotInterruption');
    expect(spot.note).toBe('a Fargate Spot notice, so its containers got SIGTERM with it, at once, and (our model) the drain ends when the capacity goes, 120 s after the notice, short of its 300 s deregistration delay.');
    expect(spot.lasted).toBeCloseTo(120, 0);
    // stopped at 600 s, the notice at 700 s: still UserInitiated, and the drain ends at 820 s, not 900 s
    const late = after(fargateWeb({ timeline: [{ at: 600, action: 'StopTask' }, { at: 700, action: 'SpotInterruption' }] }), 'DEACTIVATING');
    expect(late.stopCode).toBe('UserInitiated');
    expect(late.note).toMatch(/^a Fargate Spot notice, so its containers got SIGTERM with it, at once, and \(our model\) the drain ends when the capacity goes/);
    expect(late.lasted).toBeCloseTo(220, 0);
    // a drain shorter than the two minutes is not cut
    expect(after(fargateWeb({ settings: { deregistrationDelaySeconds: 30 }, timeline: [{ at: 600, action: 'SpotInterruption' }] }), 'DEACTIVATING')).toMatchObject({
      note: 'a Fargate Spot notice, so its containers got SIGTERM with it, at once; its 30 s deregistration delay ends before the capacity goes (120 s after the notice).',
      lasted: 30,
    });
    expect(after(fargateWeb({ loadBalancers: [], timeline: [{ at: 600, action: 'SpotInterruption' }] }), 'DEACTIVATING').note).toBe('a Fargate Spot notice, so its containers got SIGTERM with it, at once; with no load balancer target, nothing drains.');
  });

  it('should say the other containers are signalled at once after an essential exit, only where there are others', () => {
    const exit = { timeline: [{ at: 600, action: 'ContainerExit', container: 'web', exitCode: 1 }] };
    const one = after(fargateWeb(exit), 'DEACTIVATING');
    expect(one.stopCode).toBe('EssentialContainerExited');
    expect(one.note).toBe('its target drains for 300 s (deregistrationDelaySeconds, the default).');
    const sidecar = { ...webDefinition(), containerDefinitions: [...webDefinition().containerDefinitions, { name: 'log', image: 'fluent-bit', essential: false }] };
    expect(after(fargateWeb({ ...exit, taskDefinition: sidecar }), 'DEACTIVATING').note).toMatch(/drains for 300 s .* An essential container exited: the agent signals the other containers now, without waiting for the drain \(our model/);
  });

  it('should say which states a bridge task with neither skips, and why, as its run never enters them', () => {
    const s = loadScenario({ taskDefinition: { ...webDefinition(), networkMode: 'bridge', requiresCompatibilities: ['EC2'] }, timeline: [{ at: 600, action: 'StopTask' }] });
    const visited = statuses(run(s));
    for (const state of ['PROVISIONING', 'ACTIVATING', 'DEACTIVATING', 'DEPROVISIONING'] as const) {
      expect(after(s, state).note).toMatch(new RegExp(`^it skips ${state}: `));
      expect(visited).not.toContain(state);
    }
    expect(after(s, 'DEPROVISIONING').note).toMatch(/no network interface of its own \(networkMode bridge\)/);
    expect(after(s, 'ACTIVATING').note).toMatch(/no load balancer and no service discovery/);
    // what every task does needs no note
    for (const state of ['RUNNING', 'STOPPING', 'STOPPED'] as const) expect(after(s, state).note).toBeNull();
  });

  it('should say where PENDING begins its pulls for this launch type, with its secrets and who waits for whom', () => {
    expect(after(fargateWeb(), 'PENDING').note).toBe('on Fargate the first image pull starts 8 to 16 s after its interface attached, as real events show (its own agent comes up first: our reading).');
    const ec2 = { ...webDefinition({ secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' }] }), networkMode: 'bridge', requiresCompatibilities: ['EC2'], executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole' };
    const withSidecar = { ...ec2, containerDefinitions: [...ec2.containerDefinitions, { name: 'app', image: 'app:1', dependsOn: [{ containerName: 'web', condition: 'START' }] }] };
    expect(after(loadScenario({ taskDefinition: withSidecar, timeline: [{ at: 600, action: 'StopTask' }] }), 'PENDING').note).toBe(
      "the instance's agent pulls the images as PENDING begins, reading its secrets meanwhile; app waits for web (START), before its image is even pulled.",
    );
    // as the run has it: on Fargate the first pull comes seconds after the interface attached
    const sim = run(fargateWeb());
    const gap = (enteredAt(sim, 'container-web', 'PULLING')! - enteredAt(sim, 'eni', 'ATTACHED')!) / 1000;
    expect(gap).toBeGreaterThanOrEqual(8);
    expect(gap).toBeLessThanOrEqual(16);
  });

  it('should count the targets of several target groups, and not guess about registrations yet to come', () => {
    expect(after(twoGroups({ serviceRegistries: [] }), 'ACTIVATING').note).toMatch(/^its 2 targets register here in seconds; /);
    expect(after(twoGroups(), 'DEACTIVATING').note).toMatch(/^its 2 targets drain for 300 s/);
    // picked in the chart before the task got there: every target, as configured
    const s = twoGroups();
    const sim = run(s, 5);
    expect(sim.view().lastStatus).not.toBe('RUNNING');
    expect(hereNote('DEACTIVATING', s, runFacts(sim.view(), sim.trace))).toMatch(/^its 2 targets drain for 300 s/);
  });

  it('should not promise to remove a Cloud Map instance whose registration failed (there is none)', () => {
    const failed = after(fargateWeb({ settings: { deregistrationDelaySeconds: 0 }, faults: [{ step: 'RegisterInstance' }] }), 'DEACTIVATING');
    expect(failed.note).toBe('a deregistration delay of 0 s, so nothing drains: it moves on at once.');
    const registered = after(fargateWeb({ settings: { deregistrationDelaySeconds: 0 } }), 'DEACTIVATING');
    expect(registered.note).toBe('a deregistration delay of 0 s, so nothing drains: it moves on once its Cloud Map instance is removed, in seconds.');
  });
});
