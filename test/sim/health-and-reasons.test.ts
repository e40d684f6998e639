// What DescribeTasks and the events say about health and failures, as tools
// read them: a task's healthStatus (essential containers only), a target's
// time to healthy (healthy threshold × interval, facts §4), and a failed
// container's reason in both the events and DescribeTasks.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { enteredAt, fargateWeb, REGISTRY_ARN, run, TG_ARN, webDefinition } from '../support/scenarios.ts';

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

describe('a service’s task whose health checks fail, run on its own', () => {
  // a target group or a registry makes it a service's task (group service:web): its service replaces it
  const stopOf = (sim: ReturnType<typeof run>) => sim.trace.find((e) => e.actor === 'task' && e.to === 'desired STOPPED');

  it('should be stopped by its scheduler once its replacement would have its own verdict: as long as this task took from placement to its failed check', () => {
    const sim = run(fargateWeb({ timeline: [], faults: [{ step: 'HealthCheck' }] }));
    const found = sim.trace.find((e) => e.actor === 'world' && e.to === 'scheduler')!;
    expect(found.t).toBe(enteredAt(sim, 'target-0', 'unhealthy'));
    expect(found.note).toMatch(/^the task's service finds it unhealthy: it starts a replacement \(not shown here\) and stops this task once the replacement has its own verdict, in about [\d.]+ s \[our model: /);
    // placed at once (no wait for capacity): the replacement fails as late after its launch as this one did after its own
    expect(stopOf(sim)!.t).toBe(2 * found.t);
    // after a wait for capacity, the wait does not count: a replacement finds the room there
    const waited = run(
      loadScenario({
        taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['EC2'], containerDefinitions: [{ name: 'web', image: 'nginx', memory: 256, portMappings: [{ containerPort: 80 }] }] },
        loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
        capacityProviderStrategy: [{ capacityProvider: 'web-asg', weight: 1 }],
        faults: [{ step: 'HealthCheck' }, { step: 'PlaceTask', capacityAfterSeconds: 300 }],
      }),
    );
    const placed = enteredAt(waited, 'capacity', 'PLACED')!;
    const foundLater = waited.trace.find((e) => e.actor === 'world' && e.to === 'scheduler')!;
    expect(placed).toBeGreaterThan(0);
    expect(stopOf(waited)!.t).toBe(foundLater.t + (foundLater.t - placed));
    expect(sim.describeTask()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: `Task failed ELB health checks in (target-group ${TG_ARN})` });
  });

  it('should be replaced for an essential container’s failed checks too, and not for a non-essential one’s', () => {
    const registryOnly = (container: string) =>
      run(withSidecar({ serviceRegistries: [{ registryArn: REGISTRY_ARN }], timeline: [], faults: [{ step: 'HealthCheck', container }] }));
    expect(registryOnly('web').describeTask()).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Task failed container health checks' });
    const sidecarRun = registryOnly('sidecar');
    expect(sidecarRun.trace.find((e) => e.actor === 'container-sidecar' && e.from === e.to)?.note).toBe('health checks failed: UNHEALTHY; it is not essential, so the task stays healthy and runs on');
    const sidecarFails = sidecarRun.describeTask();
    expect(sidecarFails).toMatchObject({ lastStatus: 'RUNNING' });
    expect(sidecarFails).not.toHaveProperty('stopCode');
  });

  it('should not be stopped by the scheduler when it is being stopped already, nor when it runs alone', () => {
    // a StopTask before the replacement is healthy stands
    const stopped = run(fargateWeb({ timeline: [{ at: 120, action: 'StopTask' }], faults: [{ step: 'HealthCheck' }] }));
    expect(stopped.describeTask()).toMatchObject({ stopCode: 'UserInitiated' });
    // RunTask, no load balancer, no registry: nothing replaces it
    const alone = run(withSidecar({ timeline: [], faults: [{ step: 'HealthCheck', container: 'web' }] }));
    expect(alone.describeTask()).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'UNHEALTHY' });
    expect(alone.trace.some((e) => e.actor === 'world')).toBe(false);
  });
});
