// A task run by a service is the same task: the same events in the same order
// (and so the same detail.version at each), whether it runs alone (its side
// steps child actors) or among a service's tasks (its side steps played by the
// world, a whole macrostep at a time). Times differ: each draws from its own stream.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { serviceEvents } from '../../src/sim/service/service-output.ts';
import { REGISTRY_ARN, TG_ARN } from '../support/scenarios.ts';

type Detail = Record<string, any>;
const STAMPS = ['connectivityAt', 'pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppingAt', 'executionStoppedAt', 'stoppedAt'];
/** what an event shows, times aside: statuses, exit codes, port bindings, which timestamps are set, the stop code, the ENI */
const shown = (d: Detail) =>
  [
    `v${d.version} ${d.lastStatus}/${d.desiredStatus}`,
    d.containers.map((c: Detail) => `${c.name}:${c.lastStatus}${c.exitCode != null ? `(${c.exitCode})` : ''}${c.networkBindings ? '+ports' : ''}`).join(','),
    STAMPS.filter((k) => d[k]).join('+'),
    d.stopCode ?? '',
    (d.attachments ?? []).map((a: Detail) => a.status).join(','),
  ].join(' ');

const fargate = (containers: object[] = [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }] }]) => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: containers,
});
const withLog = fargate([
  { name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }], dependsOn: [{ containerName: 'log', condition: 'START' }] },
  { name: 'log', image: 'fluent-bit', essential: false },
]);
const lb = [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }];
/** a migration job that fails, a seeder waiting for its SUCCESS, a log router waiting for the seeder to START */
const initChain = (seederEssential: boolean) =>
  fargate([
    { name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }] },
    { name: 'migrate', image: 'migrate', essential: false },
    { name: 'seed', image: 'seed', essential: seederEssential, dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
    { name: 'log', image: 'fluent-bit', essential: false, dependsOn: [{ containerName: 'seed', condition: 'START' }] },
  ]);
const migrateFails = [{ step: 'RunContainer', container: 'migrate', exitCode: 1, afterSeconds: 5 }];
/** EC2 without a network mode: bridge, one dynamic host port */
const bridge = { family: 'ngx', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }] };
const stopAt = (at: number) => [{ at, action: 'StopTask' }];

const CASES: Record<string, object> = {
  'stopped by StopTask': { taskDefinition: fargate(), timeline: stopAt(100) },
  'behind a load balancer, with a registry': { taskDefinition: fargate(), loadBalancers: lb, serviceRegistries: [{ registryArn: REGISTRY_ARN }], timeline: stopAt(400) },
  'an essential container exits': { taskDefinition: fargate(), timeline: [{ at: 100, action: 'ContainerExit', container: 'web', exitCode: 1 }] },
  'a non-essential container exits, then StopTask': { taskDefinition: withLog, timeline: [{ at: 100, action: 'ContainerExit', container: 'log', exitCode: 1 }, ...stopAt(200)] },
  'the image pull fails': { taskDefinition: fargate(), faults: [{ step: 'PullImage', container: 'web' }] },
  'the ENI never attaches': { taskDefinition: fargate(), faults: [{ step: 'AttachEni' }] },
  'a secret is not there': {
    taskDefinition: fargate([{ name: 'web', image: 'nginx', secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' }] }]),
    faults: [{ step: 'RetrieveSecrets' }],
  },
  'SIGTERM ignored: SIGKILL': { taskDefinition: fargate(), faults: [{ step: 'StopContainer', container: 'web' }], timeline: stopAt(100) },
  'a crash loop': { taskDefinition: fargate(), faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 30 }] },
  'a Spot interruption': { taskDefinition: fargate(), capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], timeline: [{ at: 100, action: 'SpotInterruption' }] },
  'two containers stopped in dependsOn order': { taskDefinition: withLog, timeline: stopAt(100) },
  'non-essential containers give up on a dependency that failed (143), the task runs on': { taskDefinition: initChain(false), faults: migrateFails, timeline: stopAt(300) },
  'an essential container gives up on a dependency that failed: the task fails to start': { taskDefinition: initChain(true), faults: migrateFails },
  // UNHEALTHY at 90 s, HEALTHY at 120 s: only then is web created
  'a slow start: web waits for its HEALTHY dependency through its failed checks': {
    taskDefinition: fargate([
      { name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }], dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
      { name: 'db', image: 'postgres', essential: false, healthCheck: { command: ['CMD-SHELL', 'pg_isready'] } },
    ]),
    faults: [{ step: 'HealthCheck', container: 'db', passAfterSeconds: 100 }],
    timeline: stopAt(400),
  },
  'EC2 bridge, stopped': { taskDefinition: bridge, timeline: stopAt(100) },
  'EC2 bridge, an essential container exits (STOPPING passed within one step)': { taskDefinition: bridge, timeline: [{ at: 100, action: 'ContainerExit', container: 'web', exitCode: 2 }] },
  'EC2 bridge behind a load balancer': { taskDefinition: bridge, loadBalancers: lb, timeline: stopAt(400) },
  'EC2 bridge, the image pull fails': { taskDefinition: bridge, faults: [{ step: 'PullImage', container: 'web' }] },
  'EC2 bridge, a non-essential container’s pull fails: it runs on without it': {
    taskDefinition: { ...bridge, containerDefinitions: [...bridge.containerDefinitions, { name: 'log', image: 'fluent-bit', memory: 64, essential: false }] },
    faults: [{ step: 'PullImage', container: 'log' }],
    timeline: stopAt(200),
  },
  // a failed registration: only what was registered is undone (a failed Cloud Map instance takes the task through no DEACTIVATING)
  'the Cloud Map registration fails, no load balancer': { taskDefinition: fargate(), serviceRegistries: [{ registryArn: REGISTRY_ARN }], faults: [{ step: 'RegisterInstance' }] },
  'the Cloud Map registration fails, its target drained': { taskDefinition: fargate(), loadBalancers: lb, serviceRegistries: [{ registryArn: REGISTRY_ARN }], faults: [{ step: 'RegisterInstance' }] },
  'the target registration fails, its Cloud Map instance removed': { taskDefinition: fargate(), loadBalancers: lb, serviceRegistries: [{ registryArn: REGISTRY_ARN }], faults: [{ step: 'RegisterTargets' }] },
  'EC2 host network mode': { taskDefinition: { ...bridge, networkMode: 'host', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 8080 }] }] }, timeline: stopAt(100) },
  'EC2 awsvpc behind a load balancer': { taskDefinition: { ...fargate(), requiresCompatibilities: ['EC2'] }, launchType: 'EC2', loadBalancers: lb, timeline: stopAt(400) },
};

function alone(scenario: object): string[] {
  const sim = createSimulation(loadScenario(scenario));
  sim.runUntil(3_600_000);
  return sim.events.map((e) => shown(e.detail as Detail));
}

function inService(scenario: object): string[] {
  const sim = new ServiceSimulation(loadScenario({ ...scenario, service: { serviceName: 'web', desiredCount: 1 } }));
  sim.runUntil(3_600_000);
  const arn = sim.tasks[0]!.identity.taskArn;
  return serviceEvents(sim)
    .filter((e) => e['detail-type'] === 'ECS Task State Change' && (e.detail as Detail).taskArn === arn)
    .map((e) => shown(e.detail as Detail));
}

describe('a task in a service and the same task alone', () => {
  it.each(Object.entries(CASES))('should emit the same events in the same order: %s', (_, scenario) => {
    const single = alone(scenario);
    expect(single.length).toBeGreaterThanOrEqual(3);
    expect(inService(scenario)).toEqual(single);
  });

  it('should report a container that started before the task it moves on (PENDING with the container RUNNING, then RUNNING), as AWS numbers a Fargate task RUNNING version 4', () => {
    const events = inService({ taskDefinition: fargate() });
    expect(events.slice(0, 4).map((e) => e.split(' ').slice(0, 3).join(' '))).toEqual([
      'v1 PROVISIONING/RUNNING web:PENDING',
      'v2 PENDING/RUNNING web:PENDING',
      'v3 PENDING/RUNNING web:RUNNING',
      'v4 RUNNING/RUNNING web:RUNNING',
    ]);
  });
});
