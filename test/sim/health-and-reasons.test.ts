// What DescribeTasks and the events say about health and failures, as tools
// read them: a task's healthStatus (essential containers only), a target's
// time to healthy (healthy threshold × interval, facts §4), and a failed
// container's reason in both the events and DescribeTasks.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { enteredAt, fargateWeb, run, webDefinition } from '../support/scenarios.ts';

const CHECK = { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 10, retries: 3 };

/** A Fargate task: web (essential, with a health check) and a non-essential sidecar with one too. */
function withSidecar(extra: Record<string, unknown> = {}) {
  const td = webDefinition({ healthCheck: CHECK });
  td.containerDefinitions.push({ name: 'sidecar', image: 'public.ecr.aws/envoy/envoy:v1.29', essential: false, healthCheck: CHECK } as never);
  return loadScenario({ taskDefinition: td, timeline: [{ at: 600, action: 'StopTask' }], ...extra });
}

describe('DescribeTasks healthStatus', () => {
  it('should be HEALTHY once every essential container with a health check passes it', () => {
    const sim = run(withSidecar(), 300);
    expect(sim.describeTask()).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'HEALTHY' });
  });

  it('should not count a non-essential container: its failing checks leave the task HEALTHY, and RUNNING', () => {
    const sim = run(withSidecar({ faults: [{ step: 'HealthCheck', container: 'sidecar' }] }), 300);
    const task = sim.describeTask() as unknown as { healthStatus: string; lastStatus: string; containers: { name: string; healthStatus: string }[] };
    expect(task.containers.find((c) => c.name === 'sidecar')!.healthStatus).toBe('UNHEALTHY');
    expect(task).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'HEALTHY' });
  });
});

describe('a load balancer target', () => {
  it.each([
    [{}, 150_000],
    [{ healthyThresholdCount: 2, healthCheckIntervalSeconds: 10 }, 20_000],
  ])('should turn healthy after the healthy threshold times the interval (settings %o: %i ms)', (settings, ms) => {
    const sim = run(fargateWeb({ settings }));
    expect(enteredAt(sim, 'target-0', 'healthy')! - enteredAt(sim, 'target-0', 'initial')!).toBe(ms);
  });
});

describe("a failed container's reason", () => {
  it('should be in the events and in DescribeTasks, as tools read it to learn why', () => {
    const sim = run(fargateWeb({ faults: [{ step: 'PullImage', container: 'web' }] }));
    const last = sim.events.at(-1)!.detail as { lastStatus: string; containers: { reason?: string }[] };
    expect(last.lastStatus).toBe('STOPPED');
    expect(last.containers[0]!.reason).toMatch(/^CannotPullContainerError: /);
    expect((sim.describeTask() as { containers: { reason?: string }[] }).containers[0]!.reason).toMatch(/^CannotPullContainerError: /);
  });
});
