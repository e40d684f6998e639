// The four shapes a user may hand us: a scenario, a bare task definition,
// describe-task-definition output, and a scenario wrapping that output.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../../src/sim/scenario/load.ts';
import { fargate, lb } from './helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const describeOutput = () =>
  JSON.parse(readFileSync(path.join(here, 'fixtures/describe-task-definition.json'), 'utf8')) as { taskDefinition: object };

describe('scenario shapes', () => {
  it('should load a full scenario', () => {
    const scenario = loadScenario({
      taskDefinition: fargate(),
      launchType: 'FARGATE',
      loadBalancers: [lb()],
      serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1' }],
      settings: { deregistrationDelaySeconds: 0 },
      seed: 7,
      startTime: '2026-03-01T12:00:00Z',
      timeline: [{ at: 600, action: 'StopTask' }],
      faults: [{ step: 'RegisterTargets', targetGroup: 0 }],
    });
    expect(scenario.launchType).toBe('FARGATE');
    expect(scenario.loadBalancers).toEqual([lb()]);
    expect(scenario.serviceRegistries).toHaveLength(1);
    expect(scenario.settings.deregistrationDelaySeconds).toBe(0);
    expect(scenario.seed).toBe(7);
    expect(scenario.startTime).toBe(Date.UTC(2026, 2, 1, 12));
    expect(scenario.timeline).toEqual([{ at: 600, action: 'StopTask', reason: null }]);
    expect(scenario.faults).toEqual([{ step: 'RegisterTargets', targetGroup: 0 }]);
  });

  it('should load a bare task definition with every scenario field defaulted', () => {
    const scenario = loadScenario(fargate());
    expect(scenario.taskDefinition.family).toBe('web');
    expect(scenario.launchType).toBe('FARGATE');
    expect(scenario.timeline).toEqual([]);
  });

  it('should take the region and account of a described definition from its ARN, unless settings give them', () => {
    const out = describeOutput() as { taskDefinition: Record<string, unknown> };
    const west = { taskDefinition: { ...out.taskDefinition, taskDefinitionArn: 'arn:aws:ecs:us-west-2:111122223333:task-definition/web-app:7' } };
    expect(loadScenario(west).settings).toMatchObject({ region: 'us-west-2', account: '111122223333' });
    expect(loadScenario({ taskDefinition: west, settings: { region: 'eu-west-1' } }).settings).toMatchObject({ region: 'eu-west-1', account: '111122223333' });
  });

  it('should load describe-task-definition output, keeping its revision', () => {
    const scenario = loadScenario(describeOutput());
    expect(scenario.taskDefinition).toMatchObject({
      family: 'web-app',
      revision: 7,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
    });
    expect(scenario.launchType).toBe('FARGATE');
    const [web, migrate] = scenario.taskDefinition.containerDefinitions;
    expect(web).toEqual({
      name: 'web',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web-app:1.4.2',
      essential: true,
      cpu: 0,
      memory: null,
      memoryReservation: null,
      dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }],
      stopTimeout: 60,
      startTimeout: null,
      healthCheck: { intervalSeconds: 15, timeoutSeconds: 3, retries: 4, startPeriodSeconds: 20 },
      // the container ports of the mappings, and the host ports they bind with their protocol (names are not modelled)
      portMappings: [8080],
      portBindings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp', index: 0 }],
      portRanges: [],
      secrets: [],
    });
    expect(migrate?.essential).toBe(false);
  });

  it('should load a scenario whose taskDefinition is describe-task-definition output', () => {
    const scenario = loadScenario({ taskDefinition: describeOutput(), timeline: [{ at: 60, action: 'SpotInterruption' }] });
    expect(scenario.taskDefinition.revision).toBe(7);
    expect(scenario.timeline).toEqual([{ at: 60, action: 'SpotInterruption' }]);
  });

  it('should name fields inside a nested describe output by their full path', () => {
    const nested = describeOutput() as { taskDefinition: { containerDefinitions: { stopTimeout?: unknown }[] } };
    const [first] = nested.taskDefinition.containerDefinitions;
    if (first) first.stopTimeout = 'soon';
    expect(() => loadScenario({ taskDefinition: nested })).toThrow(
      /^taskDefinition\.taskDefinition\.containerDefinitions\[0\]\.stopTimeout: /,
    );
  });

  it('should honour scenario keys written beside containerDefinitions', () => {
    const scenario = loadScenario({ ...fargate(), timeline: [{ at: 5, action: 'ContainerExit', container: 'sidecar' }] });
    expect(scenario.timeline).toEqual([{ at: 5, action: 'ContainerExit', container: 'sidecar', exitCode: 1 }]);
  });

  it('should load a standalone task with service null, whether service is absent or null', () => {
    expect(loadScenario({ taskDefinition: fargate() }).service).toBeNull();
    expect(loadScenario({ taskDefinition: fargate(), service: null }).service).toBeNull();
  });

  it('should ignore unmodelled fields everywhere', () => {
    const scenario = loadScenario({
      taskDefinition: { ...fargate(), executionRoleArn: 'arn:aws:iam::1:role/x', volumes: [{ name: 'v' }] },
      loadBalancers: [{ ...lb(), loadBalancerName: 'classic' }],
      serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-x', ttl: 60 }],
      settings: { theme: 'dark' },
      timeline: [{ at: 1, action: 'StopTask', note: 'why not' }],
      faults: [{ step: 'AttachEni', probability: 1 }],
    });
    expect(scenario.loadBalancers).toEqual([lb()]);
    expect(scenario.serviceRegistries).toEqual([{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-x' }]);
    expect(scenario.settings).not.toHaveProperty('theme');
    expect(scenario.timeline[0]).toEqual({ at: 1, action: 'StopTask', reason: null });
    expect(scenario.faults).toEqual([{ step: 'AttachEni' }]);
  });

  it('should treat null like an absent optional field, as SDK dumps write them', () => {
    const scenario = loadScenario({
      // an EC2 task may leave cpu unset (Fargate requires it: fargate-size.ts)
      taskDefinition: { ...fargate(), requiresCompatibilities: ['EC2'], revision: null, cpu: null },
      launchType: null,
      seed: null,
      settings: null,
    });
    expect(scenario.taskDefinition.revision).toBe(1);
    expect(scenario.taskDefinition.cpu).toBeNull();
    expect(scenario.seed).toBe(1);
    expect(scenario.settings.deregistrationDelaySeconds).toBe(300);
  });

  it('should parse JSON text with a byte-order mark', () => {
    expect(parseScenario(`\uFEFF${JSON.stringify(fargate())}`).taskDefinition.family).toBe('web');
  });
});
