// The deployment circuit breaker's count (DG-CB, the API Reference's
// DeploymentCircuitBreaker and ThresholdConfiguration): what fails a task,
// when a failure is counted, when the count goes back to 0, and the threshold.
import { describe, expect, it } from 'vitest';
import { describeService } from '../../src/sim/service/service-output.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { reconcile } from '../../machines/service.rules.ts';
import type { DeploymentCounts, ServiceContext } from '../../machines/service.types.ts';
import { noticesOf, runService, webService, webTd } from '../support/service.ts';
import { rejection } from './scenario/helpers.ts';
import { failedDeploymentSaid } from '../../src/sim/service/service-log.ts';

const BROKEN = 'registry.example/app:broken';
/** Two tasks of revision 1; at 600 s revision 2, whose image cannot be pulled. */
const brokenDeploy = (breaker: Record<string, unknown>) =>
  webService(
    { desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true, ...breaker } } },
    { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd(BROKEN) }], faults: [{ step: 'PullImage', image: BROKEN }] },
  );
const failedToStart = (sim: ReturnType<typeof runService>) => sim.tasks.filter((t) => t.world.snap.context.stopCode === 'TaskFailedToStart');

describe('circuit breaker threshold', () => {
  it('should fail the deployment after 10 failed tasks without a thresholdConfiguration (the facts file), and after its COUNT with one', () => {
    const failed = failedToStart(runService(brokenDeploy({})));
    expect(failed).toHaveLength(10);
    // what the page's task panel says of each
    expect(new Set(failed.map((t) => t.countedAs))).toEqual(new Set(['failed to start']));
    const sim = runService(brokenDeploy({ thresholdConfiguration: { type: 'COUNT', value: 3 } }));
    expect(failedToStart(sim)).toHaveLength(3);
    expect(noticesOf(sim).map((n) => n.eventName)).toContain('SERVICE_DEPLOYMENT_FAILED');
  });

  it("should give AWS's 2026 default its minimum of 3 for two tasks (BOUNDED_PERCENT 50)", () => {
    expect(failedToStart(runService(brokenDeploy({ thresholdConfiguration: { type: 'BOUNDED_PERCENT', value: 50 } })))).toHaveLength(3);
  });

  it('should print the newer fields in DescribeServices only when they are not the defaults', () => {
    const given = runService(brokenDeploy({ resetOnHealthyTask: false, thresholdConfiguration: { type: 'COUNT', value: 3 } }), 60);
    expect((describeService(given) as any).deploymentConfiguration.deploymentCircuitBreaker).toEqual({
      enable: true, rollback: true, resetOnHealthyTask: false, thresholdConfiguration: { type: 'COUNT', value: 3 },
    });
    expect((describeService(runService(brokenDeploy({}), 60)) as any).deploymentConfiguration.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
  });

  it('should refuse a thresholdConfiguration that is not one, naming the field', () => {
    const td = webTd();
    const svc = (cb: unknown) => ({ taskDefinition: td, service: { serviceName: 'web', deploymentConfiguration: { deploymentCircuitBreaker: cb } } });
    expect(rejection(svc({ enable: true, rollback: true, thresholdConfiguration: { type: 'PERCENT', value: 50 } })).message).toBe(
      'service.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type: unknown threshold type "PERCENT" (expected COUNT, BOUNDED_PERCENT or UNBOUNDED_PERCENT)',
    );
    expect(rejection(svc({ enable: true, rollback: true, thresholdConfiguration: { type: 'COUNT', value: 0 } })).message).toMatch(
      /^service\.deploymentConfiguration\.deploymentCircuitBreaker\.thresholdConfiguration\.value: must be an integer from 1 to 100000/,
    );
    expect(rejection(svc({ enable: true, rollback: true, resetOnHealthyTask: 'no' })).message).toMatch(/deploymentCircuitBreaker\.resetOnHealthyTask: must be true or false/);
  });

  it('should say that a breaker without enable is off, and refuse an UpdateService breaker without enable and rollback (it would turn one that is on off)', () => {
    const td = webTd();
    const off = loadScenario({ taskDefinition: td, service: { serviceName: 'web', deploymentConfiguration: { deploymentCircuitBreaker: { thresholdConfiguration: { type: 'COUNT', value: 3 } } } } });
    expect(off.warnings).toEqual([
      'service.deploymentConfiguration.deploymentCircuitBreaker.enable is left out, so it is false: the breaker is off (CreateService requires enable and rollback)',
      'service.deploymentConfiguration.deploymentCircuitBreaker.rollback is left out, so it is false (CreateService requires enable and rollback)',
      'service.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration changes nothing: the breaker is off (enable is not true)',
    ]);
    const update = { taskDefinition: td, service: { serviceName: 'web' }, timeline: [{ at: 60, action: 'UpdateService', deploymentConfiguration: { deploymentCircuitBreaker: { thresholdConfiguration: { type: 'COUNT', value: 3 } } } }] };
    expect(rejection(update).lines()).toEqual([
      'timeline[0].deploymentConfiguration.deploymentCircuitBreaker.enable: required: true or false (the API requires enable and rollback, and one left out would turn the breaker off)',
      'timeline[0].deploymentConfiguration.deploymentCircuitBreaker.rollback: required: true or false (the API requires enable and rollback, and one left out would turn the breaker off)',
    ]);
  });
});

describe('circuit breaker count', () => {
  // task 0's essential container exits in ACTIVATING: one failure; its replacement then turns healthy
  const exitsBeforeRunning = (breaker: Record<string, unknown>) =>
    runService(
      webService(
        { desiredCount: 1, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false, ...breaker } } },
        { serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef' }], timeline: [{ at: 47, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 }] },
      ),
      600,
    );

  it('should set the count back to 0 when a task turns healthy (resetOnHealthyTask, true by default), and keep it with false', () => {
    expect(exitsBeforeRunning({}).serviceSnapshot.context.deployments[0]!.failedTasks).toBe(0);
    expect(exitsBeforeRunning({ resetOnHealthyTask: false }).serviceSnapshot.context.deployments[0]!.failedTasks).toBe(1);
  });

  it('should count a task once: found unhealthy, then exiting by itself before it was ever healthy', () => {
    // no load balancer: only the container's own health check, which fails (UNHEALTHY about 130 s in, its
    // replacement started then); task 0's container exits at 200 s, before the replacement is judged
    const sim = runService(
      webService(
        { desiredCount: 1, loadBalancers: [], deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } },
        {
          taskDefinition: { ...webTd(), containerDefinitions: [{ name: 'web', image: 'registry.example/app:1', healthCheck: { command: ['CMD-SHELL', 'exit 1'] } }] },
          faults: [{ step: 'HealthCheck', container: 'web' }],
          timeline: [{ at: 200, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 }],
        },
      ),
      205,
    );
    const first = sim.tasks[0]!;
    expect(first.world.snap.context.stopCode).toBe('EssentialContainerExited');
    expect(first.frames.some((f) => f.lastStatus === 'RUNNING')).toBe(true);
    // its replacement has not been judged yet: the one failure is task 0's, counted once
    expect(sim.serviceSnapshot.context.deployments[0]!.failedTasks).toBe(1);
  });

  it('should count a failed load balancer health check when it is found, not when the task is replaced', () => {
    const sim = runService(
      webService({ desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } }, { faults: [{ step: 'HealthCheck', container: null }] }),
      3600,
    );
    const failed = sim.occurrences.find((o) => o.kind === 'service' && o.notice.eventName === 'SERVICE_DEPLOYMENT_FAILED');
    const failedAt = failed?.kind === 'service' ? failed.t : Number.NaN;
    // each unhealthy task is replaced once its replacement has started (within maximumPercent):
    // the tenth verdict fails the deployment while fewer than ten of them were asked to stop
    const stopsAsked = sim.tasks.flatMap((t) => t.frames.filter((f) => f.context.desiredStatus === 'STOPPED').slice(0, 1).map((f) => f.t));
    expect(stopsAsked.filter((t) => t <= failedAt).length).toBeLessThan(10);
    // the threshold, or one more when two verdicts fall in the scheduler's same second
    expect(sim.serviceSnapshot.context.deployments[0]!.failedTasks).toBeGreaterThanOrEqual(10);
    expect(sim.serviceSnapshot.context.deployments[0]!.failedTasks).toBeLessThanOrEqual(11);
  });
});

describe('a revision that fails its load balancer health checks (HealthCheck with image)', () => {
  const failing = (extra: Record<string, unknown> = {}) =>
    webService(
      { desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } },
      { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults: [{ step: 'HealthCheck', image: 'registry.example/app:2' }], ...extra },
    );

  it("should fail only that revision's targets, so the breaker rolls back to the revision that passes", () => {
    const sim = runService(failing(), 7200);
    const revision2 = sim.tasks.filter((t) => t.taskDefinition.revision === 2);
    expect(revision2.length).toBeGreaterThanOrEqual(10);
    expect(revision2.every((t) => t.world.targets.includes('unhealthy') || t.world.snap.context.stopCode !== null)).toBe(true);
    const names = noticesOf(sim).map((n) => n.eventName);
    expect(names.slice(names.indexOf('SERVICE_DEPLOYMENT_FAILED'))).toEqual(['SERVICE_DEPLOYMENT_FAILED', 'SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_STEADY_STATE']);
    expect(revision2.filter((t) => t.countedAs !== null).map((t) => t.countedAs)).toEqual(Array(10).fill('failed its health checks'));
    // revision 1's targets stayed healthy all along
    expect(sim.tasks.filter((t) => t.taskDefinition.revision === 1 && t.world.status === 'RUNNING').every((t) => t.world.targets.every((x) => x === 'healthy'))).toBe(true);
  });

  it('should refuse an image nothing runs, or one nothing checks, naming the field', () => {
    expect(rejection({ taskDefinition: webTd(), service: { serviceName: 'web' }, faults: [{ step: 'HealthCheck', image: 'nginx:nope' }] }).message).toBe(
      'faults[0].image: no container uses image "nginx:nope" (images: registry.example/app:1)',
    );
    expect(rejection({ taskDefinition: webTd(), faults: [{ step: 'HealthCheck', image: 'registry.example/app:1' }] }).message).toBe(
      'faults[0].image: nothing checks the health of a container running "registry.example/app:1": give it a healthCheck, or put it behind a load balancer',
    );
    expect(rejection({ taskDefinition: webTd(), faults: [{ step: 'HealthCheck', container: 'web', image: 'registry.example/app:1' }] }).message).toBe('faults[0].image: give container or image, not both (container is "web")');
  });
});

describe('circuit breaker count, one scheduler look', () => {
  const counts = (k: Partial<DeploymentCounts>): DeploymentCounts => ({ pending: 0, running: 2, healthy: 1, unhealthy: 0, stopping: 0, newlyFailed: 0, newlyFailedAfterRunning: 0, newlyRunning: 0, newlyHealthy: 0, ...k });
  const look = (k: Partial<DeploymentCounts>, resetOnHealthyTask = true) => {
    const c: ServiceContext = {
      settings: { serviceName: 'web', minimumHealthyPercent: 100, maximumPercent: 200, circuitBreaker: { enable: true, rollback: false, resetOnHealthyTask, thresholdConfiguration: null } },
      desiredCount: 2,
      deployments: [{ id: 'ecs-svc/1', taskDefinition: 'web:1', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', rolloutStateReason: '', failedTasks: 5 }],
      counts: { 'ecs-svc/1': counts(k) },
      deploymentIds: ['ecs-svc/1'], deploymentsMade: 1, consecutiveFailures: 0, launchNotBefore: 0, impairedNoticed: false, now: 60_000,
    };
    return reconcile(c).deployments[0]!.failedTasks;
  };

  it('should set the count back to 0 before adding what failed in the same look (the order within a second is lost: ours)', () => {
    expect(look({ newlyHealthy: 1, newlyFailed: 1 })).toBe(1);
    expect(look({ newlyHealthy: 1, newlyFailedAfterRunning: 2 })).toBe(2);
    expect(look({ newlyFailed: 1 })).toBe(6);
    expect(look({ newlyHealthy: 1, newlyFailed: 1 }, false)).toBe(6);
  });
});

describe('a deployment failed with nothing to roll back to, at the end of a run', () => {
  it('should be said, with why the service launches no more (rollback off), and nothing said once a rollback took over', () => {
    const failed = runService(brokenDeploy({ rollback: false, thresholdConfiguration: { type: 'COUNT', value: 3 } }), 3600);
    const said = failedDeploymentSaid(failed.serviceSnapshot.context)!;
    const primary = failed.serviceSnapshot.context.deployments.find((d) => d.status === 'PRIMARY')!;
    expect(said).toBe(`Deployment ${primary.id} (web:2) FAILED (the circuit breaker, rollback off): ECS launches none of its tasks any more; an UpdateService with a revision that starts (or forceNewDeployment) begins a new deployment.`);
    // a rollback makes the last good deployment primary again: nothing failed to explain
    expect(failedDeploymentSaid(runService(brokenDeploy({ thresholdConfiguration: { type: 'COUNT', value: 3 } }), 3600).serviceSnapshot.context)).toBeNull();
  });
});
