// A fault box ticked or unticked on the page: the fault written into the
// scenario for the container (or, in a service, the image) picked, and what
// it takes for that fault to mean what its label says.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { freshFaultBoxMemory, toggleFault, type FaultBoxClick } from '../../src/web/scenario.faults.toggle.ts';
import type { Obj } from '../../src/web/scenario.rewrite.ts';
import { webTd } from '../support/service.ts';

const ec2Td = {
  family: 'api',
  networkMode: 'bridge',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    { name: 'app', image: 'app:1', memory: 256, healthCheck: { command: ['CMD', 'true'] }, secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }] },
    { name: 'sidecar', image: 'envoy:1', memory: 128 },
  ],
};

/** Click a box on `raw`, as the page does: returns the scenario object after it, and what the page says. */
function click(raw: Record<string, unknown>, box: Omit<FaultBoxClick, 'perContainer'> & { perContainer?: boolean }, memory = freshFaultBoxMemory()) {
  const o = structuredClone(raw) as Obj;
  const told = toggleFault(o, { perContainer: false, ...box }, loadScenario(raw), memory);
  // whatever a box writes still loads
  expect(() => loadScenario(o)).not.toThrow();
  return { o, told };
}

describe('the HealthCheck box unticked and ticked again', () => {
  it("should bring back the JSON's faults as they were (an app that goes bad), not a plain one", () => {
    const memory = freshFaultBoxMemory();
    const raw = { taskDefinition: ec2Td, launchType: 'EC2', faults: [{ step: 'HealthCheck', container: 'app', failAfterSeconds: 600 }] };
    const off = click(raw, { id: 'HealthCheck', checked: false, container: 'app' }, memory);
    expect(off.o.faults).toEqual([]);
    expect(click(off.o, { id: 'HealthCheck', checked: true, container: 'app' }, memory).o.faults).toEqual(raw.faults);
    // with no memory (another page), a plain fault
    expect(click(off.o, { id: 'HealthCheck', checked: true, container: 'app' }).o.faults).toEqual([{ step: 'HealthCheck', container: 'app' }]);
    // the container's healthCheck gone since: a plain fault on the one that has one
    const noCheck = { ...off.o, taskDefinition: { ...ec2Td, containerDefinitions: [{ name: 'app', image: 'app:1', memory: 256 }, { name: 'sidecar', image: 'envoy:1', memory: 128, healthCheck: { command: ['CMD', 'true'] } }] } };
    expect(click(noCheck, { id: 'HealthCheck', checked: true, container: 'app' }, memory).o.faults).toEqual([{ step: 'HealthCheck', container: 'sidecar' }]);
  });
});

describe('a fault box', () => {
  it("should fail the chosen container's pull in a task, and the image in a service (its rollback target still pulls)", () => {
    const task = click({ taskDefinition: ec2Td, launchType: 'EC2' }, { id: 'PullImage', perContainer: true, checked: true, container: 'sidecar' });
    expect(task.o.faults).toEqual([{ step: 'PullImage', container: 'sidecar' }]);
    const service = click({ taskDefinition: webTd(), service: { serviceName: 'web' } }, { id: 'PullImage', perContainer: true, checked: true, container: 'web' });
    expect(service.o.faults).toEqual([{ step: 'PullImage', image: 'registry.example/app:1' }]);
  });

  it("should untick only the chosen image's fault in a service, and keep another revision's", () => {
    const raw = { taskDefinition: webTd(), service: { serviceName: 'web' }, timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults: [{ step: 'PullImage', image: 'registry.example/app:1' }, { step: 'PullImage', image: 'registry.example/app:2' }] };
    expect(click(raw, { id: 'PullImage', perContainer: true, checked: false, container: 'web' }).o.faults).toEqual([{ step: 'PullImage', image: 'registry.example/app:2' }]);
  });

  it("should untick only the chosen container's fault, and keep the others", () => {
    const raw = { taskDefinition: ec2Td, launchType: 'EC2', faults: [{ step: 'StopContainer', container: 'app', ignoreSigterm: true }, { step: 'StopContainer', container: 'sidecar', ignoreSigterm: true }, { step: 'PullImage', container: 'app' }] };
    const { o } = click(raw, { id: 'StopContainer', perContainer: true, checked: false, container: 'app' });
    expect(o.faults).toEqual([{ step: 'StopContainer', container: 'sidecar', ignoreSigterm: true }, { step: 'PullImage', container: 'app' }]);
  });

  it('should write what makes the label true: SIGTERM ignored, an ENI held until the role is back, a failing container health check without a load balancer', () => {
    const raw = { taskDefinition: ec2Td, launchType: 'EC2' };
    expect(click(raw, { id: 'StopContainer', perContainer: true, checked: true, container: 'app' }).o.faults).toEqual([{ step: 'StopContainer', container: 'app', ignoreSigterm: true }]);
    expect(click({ taskDefinition: webTd() }, { id: 'ReleaseEni', checked: true, container: 'web' }).o.faults).toEqual([{ step: 'ReleaseEni', restoredAfterSeconds: 1800 }]);
    // the sidecar is picked, but only app has a healthCheck of its own
    expect(click(raw, { id: 'HealthCheck', checked: true, container: 'sidecar' }).o.faults).toEqual([{ step: 'HealthCheck', container: 'app' }]);
  });

  it('should say an ENI is held only by a task stopped within the 30 min, when nothing in the timeline stops it sooner', () => {
    const alone = click({ taskDefinition: webTd() }, { id: 'ReleaseEni', checked: true, container: 'web' });
    expect(alone.told).toMatch(/^The role is deleted for the first 30 min of the run: the interface is held only if the task stops before then, and nothing in this scenario stops it\. Press Stop task before t = 30 min/);
    // a StopTask at 10 min does it: nothing to say
    expect(click({ taskDefinition: webTd(), timeline: [{ at: 600, action: 'StopTask' }] }, { id: 'ReleaseEni', checked: true, container: 'web' }).told).toBe('');
    // one after the role is back does not
    expect(click({ taskDefinition: webTd(), timeline: [{ at: 2400, action: 'StopTask' }] }, { id: 'ReleaseEni', checked: true, container: 'web' }).told).not.toBe('');
    // a task that fails by itself (its image cannot be pulled) releases it in time: nothing to say
    expect(click({ taskDefinition: webTd(), faults: [{ step: 'PullImage', container: 'web' }] }, { id: 'ReleaseEni', checked: true, container: 'web' }).told).toBe('');
    // a non-essential container's exit stops nothing
    const sidecar = { ...webTd(), containerDefinitions: [...webTd().containerDefinitions, { name: 'log', image: 'fluent-bit', essential: false }] };
    expect(click({ taskDefinition: sidecar, timeline: [{ at: 60, action: 'ContainerExit', container: 'log', exitCode: 1 }] }, { id: 'ReleaseEni', checked: true, container: 'web' }).told).not.toBe('');
  });

  it('should put a task waiting for room on an Auto Scaling group provider, and take only that provider away again', () => {
    const memory = freshFaultBoxMemory();
    const ticked = click({ taskDefinition: ec2Td, launchType: 'EC2' }, { id: 'PlaceTask', checked: true, container: 'app' }, memory);
    expect(ticked.o.faults).toEqual([{ step: 'PlaceTask', capacityAfterSeconds: 240 }]);
    expect(ticked.o.capacityProviderStrategy).toEqual([{ capacityProvider: 'api-asg', weight: 1 }]);
    expect(ticked.o.launchType).toBeUndefined();
    expect(ticked.told).toMatch(/^The task now runs on the capacity provider api-asg \(EC2\), not launchType EC2: only a capacity provider waits for room/);
    const unticked = click(ticked.o, { id: 'PlaceTask', checked: false, container: 'app' }, memory);
    expect(unticked.o.faults).toEqual([]);
    expect(unticked.o.launchType).toBe('EC2');
    expect(unticked.o.capacityProviderStrategy).toBeUndefined();
    expect(unticked.told).toBe('Back on launchType EC2: the capacity provider api-asg was there for the fault.');
    // a strategy changed by hand meanwhile is the person's: unticking leaves it
    const edited = { ...ticked.o, capacityProviderStrategy: [{ capacityProvider: 'api-asg', weight: 1, base: 1 }] };
    const mine = click(edited, { id: 'PlaceTask', checked: false, container: 'app' }, freshFaultBoxMemory());
    expect(click(edited, { id: 'PlaceTask', checked: false, container: 'app' }, { ...memory, addedFor: 'api' }).o.capacityProviderStrategy).toEqual(edited.capacityProviderStrategy);
    expect(mine.o.capacityProviderStrategy).toEqual(edited.capacityProviderStrategy);
    // a task already on an Auto Scaling group provider keeps it when the box is ticked
    const onAsg = { taskDefinition: ec2Td, capacityProviderStrategy: [{ capacityProvider: 'big-asg', weight: 1 }] };
    const kept0 = click(onAsg, { id: 'PlaceTask', checked: true, container: 'app' });
    expect(kept0.o.capacityProviderStrategy).toEqual(onAsg.capacityProviderStrategy);
    expect(kept0.told).toBe('');
    // a provider the scenario had of its own stays when the box is unticked
    const own = { taskDefinition: ec2Td, capacityProviderStrategy: [{ capacityProvider: 'api-asg', weight: 1 }], faults: [{ step: 'PlaceTask', capacityAfterSeconds: 240 }] };
    const kept = click(own, { id: 'PlaceTask', checked: false, container: 'app' });
    expect(kept.o.capacityProviderStrategy).toEqual(own.capacityProviderStrategy);
    expect(kept.told).toBe('');
  });

  it('should run a Spot service short from its first Spot notice on, keeping its strategy', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    const raw = { taskDefinition: webTd(), service: { serviceName: 'web', desiredCount: 2, capacityProviderStrategy: strategy }, timeline: [{ at: 300, action: 'SpotInterruption', task: 1 }] };
    const { o, told } = click(raw, { id: 'PlaceTask', checked: true, container: 'web' });
    expect(o.faults).toEqual([{ step: 'PlaceTask', fromSeconds: 300, capacityAfterSeconds: 540 }]);
    expect((o.service as { capacityProviderStrategy: unknown }).capacityProviderStrategy).toEqual(strategy);
    expect(told).toBe('');
  });

  it('should pick again the secrets it failed when ticked again, those the definitions still name', () => {
    const memory = freshFaultBoxMemory();
    const db = 'arn:aws:ssm:us-east-1:123456789012:parameter/db';
    const token = 'arn:aws:ssm:us-east-1:123456789012:parameter/token';
    const withToken = { ...ec2Td, containerDefinitions: [ec2Td.containerDefinitions[0], { ...ec2Td.containerDefinitions[1], secrets: [{ name: 'TOKEN', valueFrom: token }] }] };
    const raw = { taskDefinition: withToken, launchType: 'EC2', faults: [{ step: 'RetrieveSecrets', valueFrom: db }, { step: 'RetrieveSecrets', valueFrom: token }] };
    const off = click(raw, { id: 'RetrieveSecrets', checked: false, container: 'app' }, memory);
    expect(off.o.faults).toEqual([]);
    expect(click(off.o, { id: 'RetrieveSecrets', checked: true, container: 'app' }, memory).o.faults).toEqual(raw.faults);
    // the sidecar's secret gone from the definition meanwhile: only the one still named
    expect(click({ ...off.o, taskDefinition: ec2Td }, { id: 'RetrieveSecrets', checked: true, container: 'app' }, memory).o.faults).toEqual([{ step: 'RetrieveSecrets', valueFrom: db }]);
    // nothing remembered: the plain fault (every secret)
    expect(click(off.o, { id: 'RetrieveSecrets', checked: true, container: 'app' }).o.faults).toEqual([{ step: 'RetrieveSecrets' }]);
  });
});
