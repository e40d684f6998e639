// Defaults ECS (or, where ECS has none, this project) applies to what is left out.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/sim/scenario/load.ts';
import { fargate, lb } from './helpers.ts';

const minimal = (definition: object = { containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128 }] }) =>
  loadScenario({ taskDefinition: definition });

describe('scenario defaults', () => {
  it('should default family to "task", revision to 1 and networkMode to bridge on EC2', () => {
    const scenario = minimal();
    expect(scenario.taskDefinition).toMatchObject({ family: 'task', revision: 1, networkMode: 'bridge', requiresCompatibilities: [] });
    expect(scenario.launchType).toBe('EC2');
  });

  it('should default launchType to EC2 when the definition allows EC2 and FARGATE', () => {
    expect(loadScenario({ ...fargate(), requiresCompatibilities: ['EC2', 'FARGATE'] }).launchType).toBe('EC2');
  });

  it('should default launchType to EXTERNAL when the definition requires only EXTERNAL', () => {
    const external = { containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128 }], requiresCompatibilities: ['EXTERNAL'] };
    expect(loadScenario(external).launchType).toBe('EXTERNAL');
  });

  it('should default settings, seed and startTime', () => {
    const scenario = minimal();
    expect(scenario.settings).toEqual({
      deregistrationDelaySeconds: 300,
      healthCheckIntervalSeconds: 30,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
      region: 'us-east-1',
      account: '123456789012',
      cluster: 'default',
    });
    expect(scenario.seed).toBe(1);
    // within the first second of 2026, never on it (AWS's timestamps carry milliseconds)
    const ms = scenario.startTime - Date.parse('2026-01-01T00:00:00Z');
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
  });

  it('should draw the default startTime from the seed: the same for one seed, another for another, and a given one exactly', () => {
    const starts = [1, 2, 3, 4, 5].map((seed) => loadScenario({ taskDefinition: fargate(), seed }).startTime);
    expect(loadScenario({ taskDefinition: fargate(), seed: 3 }).startTime).toBe(starts[2]);
    expect(new Set(starts).size).toBe(starts.length);
    expect(loadScenario({ taskDefinition: fargate(), seed: 3, startTime: '2026-01-01T00:00:00Z' }).startTime).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('should fill in the settings a scenario leaves out', () => {
    const scenario = loadScenario({ taskDefinition: fargate(), settings: { healthyThresholdCount: 2, region: 'eu-west-1' } });
    expect(scenario.settings).toMatchObject({ healthyThresholdCount: 2, region: 'eu-west-1', deregistrationDelaySeconds: 300 });
  });

  it('should read startTime with an offset as the same instant in UTC', () => {
    const scenario = loadScenario({ taskDefinition: fargate(), startTime: '2026-01-01T01:00:00+01:00' });
    expect(scenario.startTime).toBe(Date.UTC(2026, 0, 1));
  });

  it('should default a container health check to interval 30, timeout 5, retries 3, startPeriod 0', () => {
    const [web] = loadScenario(fargate()).taskDefinition.containerDefinitions;
    expect(web?.healthCheck).toEqual({ intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 });
  });

  it('should leave stopTimeout null when absent so the 30 s default applies downstream', () => {
    const [web] = loadScenario(fargate()).taskDefinition.containerDefinitions;
    expect(web?.stopTimeout).toBeNull();
  });

  it('should allow stopTimeout up to 3600 s on EC2', () => {
    const definition = { containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128, stopTimeout: 3600 }] };
    expect(minimal(definition).taskDefinition.containerDefinitions[0]?.stopTimeout).toBe(3600);
  });

  it('should sort the timeline by at, keeping file order for equal times', () => {
    const scenario = loadScenario({
      taskDefinition: fargate(),
      timeline: [
        { at: 600, action: 'StopTask', reason: 'late' },
        { at: 120.5, action: 'ContainerExit', container: 'sidecar', exitCode: 0 },
        { at: 600, action: 'SpotInterruption' },
        { at: 0, action: 'StopTask', reason: 'first' },
      ],
    });
    expect(scenario.timeline).toEqual([
      { at: 0, action: 'StopTask', reason: 'first' },
      { at: 120.5, action: 'ContainerExit', container: 'sidecar', exitCode: 0 },
      { at: 600, action: 'StopTask', reason: 'late' },
      { at: 600, action: 'SpotInterruption' },
    ]);
  });

  it('should default ContainerExit exitCode to 1', () => {
    const scenario = loadScenario({ taskDefinition: fargate(), timeline: [{ at: 1, action: 'ContainerExit', container: 'web' }] });
    expect(scenario.timeline[0]).toEqual({ at: 1, action: 'ContainerExit', container: 'web', exitCode: 1 });
  });

  it('should default fault options: ignoreSigterm true, every target group, load balancer health checks', () => {
    const scenario = loadScenario({
      taskDefinition: fargate(),
      loadBalancers: [lb(), lb('web', 'api')],
      faults: [{ step: 'StopContainer', container: 'web' }, { step: 'RegisterTargets' }, { step: 'HealthCheck' }],
    });
    expect(scenario.faults).toEqual([
      { step: 'StopContainer', container: 'web', ignoreSigterm: true, exitCode: null },
      { step: 'RegisterTargets', targetGroup: null },
      { step: 'HealthCheck', container: null, passAfterSeconds: null },
    ]);
  });

  it('should accept a HealthCheck fault on a container that has a healthCheck', () => {
    const scenario = loadScenario({ taskDefinition: fargate(), faults: [{ step: 'HealthCheck', container: 'web' }] });
    expect(scenario.faults).toEqual([{ step: 'HealthCheck', container: 'web', passAfterSeconds: null }]);
  });
});
