// Service scenarios: the `service` object (CreateService names), UpdateService,
// `task` on actions and faults that select containers by image.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/sim/scenario/load.ts';
import { fargate, lb, rejection } from './helpers.ts';

const registry = { registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1' };
const broken = 'registry.example/app:broken';
/** A next revision: same containers, the web container on another image. */
const next = (image = 'nginx:1.27', extra: object = {}) => {
  const td = fargate();
  return { ...td, ...extra, containerDefinitions: [{ ...td.containerDefinitions[0], image }, td.containerDefinitions[1]] };
};
const withService = (service: object, rest: object = {}) => ({ taskDefinition: fargate(), service: { serviceName: 'web', ...service }, ...rest });

describe('service scenarios', () => {
  it('should load the service scenario of the issue', () => {
    const { family: _, ...noFamily } = next(broken);
    const scenario = loadScenario({
      taskDefinition: fargate(),
      service: {
        serviceName: 'web',
        desiredCount: 3,
        loadBalancers: [lb()],
        serviceRegistries: [registry],
        deploymentConfiguration: {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
        healthCheckGracePeriodSeconds: 0,
      },
      timeline: [
        { at: 900, action: 'UpdateService', desiredCount: 5 },
        { at: 3000, action: 'UpdateService', taskDefinition: noFamily },
        { at: 300, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 },
      ],
      faults: [{ step: 'PullImage', image: broken }],
    });
    expect(scenario.service).toEqual({
      serviceName: 'web',
      desiredCount: 3,
      loadBalancers: [lb()],
      serviceRegistries: [registry],
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true, resetOnHealthyTask: true, thresholdConfiguration: null } },
      healthCheckGracePeriodSeconds: 0,
      launchType: 'FARGATE',
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      placementConstraints: [],
      capacityProviderStrategy: null,
    });
    expect(scenario.launchType).toBe('FARGATE');
    expect(scenario.loadBalancers).toEqual([lb()]);
    expect(scenario.serviceRegistries).toEqual([registry]);
    expect(scenario.timeline.map((a) => a.at)).toEqual([300, 900, 3000]);
    expect(scenario.timeline[0]).toEqual({ at: 300, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 });
    expect(scenario.timeline[1]).toEqual({ at: 900, action: 'UpdateService', desiredCount: 5, taskDefinition: null, forceNewDeployment: false, deploymentConfiguration: null });
    const deploy = scenario.timeline[2];
    expect(deploy?.action === 'UpdateService' && deploy.taskDefinition).toMatchObject({ family: 'web', revision: 2, networkMode: 'awsvpc' });
    expect(scenario.faults).toEqual([{ step: 'PullImage', container: null, image: broken }]);
  });

  it('should default every service setting but the name', () => {
    const scenario = loadScenario(withService({}));
    expect(scenario.service).toEqual({
      serviceName: 'web',
      desiredCount: 1,
      loadBalancers: [],
      serviceRegistries: [],
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: false, rollback: false, resetOnHealthyTask: true, thresholdConfiguration: null } },
      healthCheckGracePeriodSeconds: 0,
      launchType: 'FARGATE',
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      placementConstraints: [],
      capacityProviderStrategy: null,
    });
    const partial = loadScenario(withService({ deploymentConfiguration: { minimumHealthyPercent: 50, deploymentCircuitBreaker: { enable: true } } }));
    expect(partial.service?.deploymentConfiguration).toEqual({
      minimumHealthyPercent: 50,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: false, resetOnHealthyTask: true, thresholdConfiguration: null },
    });
  });

  it('should default task to 0 on the actions of a service and leave it out for a standalone task', () => {
    const timeline = [{ at: 1, action: 'StopTask' }, { at: 2, action: 'SpotInterruption', task: 4 }];
    expect(loadScenario(withService({}, { timeline })).timeline).toEqual([
      { at: 1, action: 'StopTask', reason: null, task: 0 },
      { at: 2, action: 'SpotInterruption', task: 4 },
    ]);
    expect(loadScenario({ taskDefinition: fargate(), timeline: [{ at: 1, action: 'StopTask', task: null }] }).timeline).toEqual([
      { at: 1, action: 'StopTask', reason: null },
    ]);
  });

  it('should take the empty lists a create-service skeleton carries as nothing given: no strategy, no placement rules, no warning', () => {
    const bare = loadScenario(withService({ desiredCount: 2 }));
    const skeleton = loadScenario(withService({ desiredCount: 2, capacityProviderStrategy: [], placementStrategy: [], placementConstraints: [] }));
    expect(skeleton.warnings).toBeUndefined();
    expect(skeleton.service?.capacityProviderStrategy).toEqual(bare.service?.capacityProviderStrategy);
    expect(skeleton.launchType).toBe(bare.launchType);
    expect(skeleton.capacityProviderName).toBe(bare.capacityProviderName);
    // describe-services output pasted whole: which part to take
    expect(rejection({ taskDefinition: fargate(), service: { services: [{ serviceName: 'web' }], failures: [] } }).message).toBe(
      'service: looks like the output of describe-services: give one of its "services" (the object itself) as the service',
    );
    // a strategy that names a provider is still checked
    expect(rejection(withService({ capacityProviderStrategy: [{ weight: 1 }] })).message).toMatch(/^service\.capacityProviderStrategy\[0\]\.capacityProvider: /);
  });

  it('should accept 100/100, the deployment that cannot make progress', () => {
    const scenario = loadScenario(withService({ desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } }));
    expect(scenario.service?.deploymentConfiguration).toMatchObject({ minimumHealthyPercent: 100, maximumPercent: 100 });
  });

  it('should take load balancers and registries from the top level when the service gives none, or the same ones', () => {
    const inherited = loadScenario(withService({}, { loadBalancers: [lb()], serviceRegistries: [registry] }));
    expect(inherited.service?.loadBalancers).toEqual([lb()]);
    expect(inherited.service?.serviceRegistries).toEqual([registry]);
    const both = loadScenario(withService({ loadBalancers: [lb()] }, { loadBalancers: [lb()], launchType: 'FARGATE' }));
    expect(both.loadBalancers).toEqual([lb()]);
  });

  it('should number deployed task definitions in deployment order: revision 2, then 3', () => {
    const scenario = loadScenario(
      withService({}, {
        timeline: [
          { at: 200, action: 'UpdateService', taskDefinition: next('nginx:3') },
          { at: 100, action: 'UpdateService', taskDefinition: next('nginx:2'), desiredCount: 2 },
        ],
      }),
    );
    const deployed = scenario.timeline.map((a) => (a.action === 'UpdateService' ? a.taskDefinition : null));
    expect(deployed.map((td) => [td?.revision, td?.containerDefinitions[0]?.image])).toEqual([
      [2, 'nginx:2'],
      [3, 'nginx:3'],
    ]);
  });

  it('should keep a given revision and family, and read describe-task-definition output', () => {
    const scenario = loadScenario(
      withService({}, {
        timeline: [
          { at: 1, action: 'UpdateService', taskDefinition: { taskDefinition: next('a', { revision: 7 }) } },
          { at: 2, action: 'UpdateService', taskDefinition: next('b') },
          { at: 3, action: 'UpdateService', taskDefinition: next('c', { family: 'api' }) },
        ],
      }),
    );
    const deployed = scenario.timeline.map((a) => (a.action === 'UpdateService' ? a.taskDefinition : null));
    expect(deployed.map((td) => `${td?.family}:${td?.revision}`)).toEqual(['web:7', 'web:8', 'api:1']);
  });

  it('should accept names and images of revisions deployed later', () => {
    const td = fargate();
    const withApi = { ...td, containerDefinitions: [...td.containerDefinitions, { name: 'api', image: broken, essential: false }] };
    const scenario = loadScenario(
      withService({}, {
        timeline: [
          { at: 100, action: 'UpdateService', taskDefinition: withApi },
          { at: 150, action: 'ContainerExit', container: 'api', task: 3 },
        ],
        faults: [{ step: 'PullImage', image: broken }, { step: 'StopContainer', container: 'api' }],
      }),
    );
    expect(scenario.faults).toHaveLength(2);
  });
});

describe('service errors', () => {
  it('should reject a negative desiredCount', () => {
    const error = rejection(withService({ desiredCount: -1 }));
    expect(error.field).toBe('service.desiredCount');
    expect(error.message).toBe('service.desiredCount: must be an integer from 0 to 10000, got -1');
  });

  it("should reject a desiredCount above the simulator's limit, saying so", () => {
    expect(rejection(withService({ desiredCount: 10001 })).message).toBe(
      "service.desiredCount: must be at most 10000 (the simulator's limit for a service), got 10001",
    );
  });

  it('should reject minimumHealthyPercent above maximumPercent', () => {
    expect(rejection(withService({ deploymentConfiguration: { minimumHealthyPercent: 250 } })).message).toBe(
      'service.deploymentConfiguration.minimumHealthyPercent: must not be above maximumPercent (200), got 250',
    );
    expect(rejection(withService({ deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 90 } })).field).toBe(
      'service.deploymentConfiguration.maximumPercent',
    );
    expect(rejection(withService({ deploymentConfiguration: { minimumHealthyPercent: 150 } })).message).toBe(
      'service.deploymentConfiguration.minimumHealthyPercent: must be an integer from 0 to 100, got 150',
    );
  });

  it('should reject maximumPercent 250', () => {
    expect(rejection(withService({ deploymentConfiguration: { maximumPercent: 250 } })).message).toBe(
      'service.deploymentConfiguration.maximumPercent: must be an integer from 100 to 200 (the limit for rolling updates), got 250',
    );
  });

  it('should reject six target groups under service', () => {
    expect(rejection(withService({ loadBalancers: [lb(), lb(), lb(), lb(), lb(), lb()] })).message).toBe(
      'service.loadBalancers: at most 5 target groups, got 6',
    );
  });

  it('should refuse a service load balancer entry that repeats another, naming both under service', () => {
    expect(rejection(withService({ loadBalancers: [lb(), lb()] })).message).toBe(
      'service.loadBalancers[1]: the same target group, container and port as service.loadBalancers[0]: a task is one target there, not two (remove the repeat)',
    );
  });

  it("should reject a service load balancer naming a container that does not exist", () => {
    expect(rejection(withService({ loadBalancers: [lb('api')] })).message).toBe(
      'service.loadBalancers[0].containerName: no container named "api" in the task definition (containers: web, sidecar)',
    );
  });

  it('should reject two service registries under service', () => {
    expect(rejection(withService({ serviceRegistries: [registry, registry] })).field).toBe('service.serviceRegistries');
  });

  it('should reject top-level settings that differ from the service', () => {
    expect(rejection(withService({ loadBalancers: [lb()] }, { loadBalancers: [lb(), lb()] })).message).toBe(
      'loadBalancers: must be absent or the same as service.loadBalancers in a service scenario (2 here, 1 in service.loadBalancers)',
    );
    // where two lists of one length part, said: no comparing two blocks of JSON by eye
    expect(rejection(withService({ loadBalancers: [{ ...lb(), containerPort: 8080 }] }, { loadBalancers: [lb()] })).message).toBe(
      'loadBalancers: must be absent or the same as service.loadBalancers in a service scenario (loadBalancers[0].containerPort is 80, service.loadBalancers[0].containerPort is 8080)',
    );
    expect(rejection(withService({ serviceRegistries: [] }, { serviceRegistries: [registry] })).field).toBe('serviceRegistries');
    expect(rejection(withService({ launchType: 'FARGATE' }, { launchType: 'EC2' })).message).toBe(
      'launchType: must be absent or the same as service.launchType in a service scenario (got EC2, service.launchType is FARGATE)',
    );
  });

  it('should refuse, by name, what AWS accepts but is not simulated, rather than run it as a replica rolling update', () => {
    expect(rejection(withService({ schedulingStrategy: 'DAEMON' })).message).toBe('service.schedulingStrategy: only a REPLICA service is simulated, got "DAEMON"');
    expect(rejection(withService({ deploymentController: { type: 'CODE_DEPLOY' } })).message).toBe(
      `service.deploymentController.type: only ECS's own rolling update (type ECS) is simulated, got "CODE_DEPLOY"`,
    );
    expect(rejection(withService({ deploymentConfiguration: { strategy: 'BLUE_GREEN' } })).message).toBe(
      'service.deploymentConfiguration.strategy: only the rolling update (ROLLING) is simulated, got "BLUE_GREEN"',
    );
    expect(rejection(withService({ deploymentController: 'ECS' })).field).toBe('service.deploymentController');
    // what is simulated, spelt out as describe-services prints it, runs
    const s = loadScenario(withService({ schedulingStrategy: 'REPLICA', deploymentController: { type: 'ECS' }, deploymentConfiguration: { strategy: 'ROLLING', minimumHealthyPercent: 50 } }));
    expect(s.service?.deploymentConfiguration.minimumHealthyPercent).toBe(50);
    expect(s.warnings).toBeUndefined();
  });

  it('should say which features that change how ECS starts a task are not simulated (EFS, registry credentials, Service Connect, ECS Exec), wherever the definition is', () => {
    const td = fargate();
    const withEfs = { ...td, volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }, { name: 'scratch' }], containerDefinitions: [{ ...td.containerDefinitions[0], repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:r' } }, td.containerDefinitions[1]] };
    const s = loadScenario(withService({ serviceConnectConfiguration: { enabled: true, namespace: 'ns' }, enableExecuteCommand: true }, { timeline: [{ at: 60, action: 'UpdateService', taskDefinition: withEfs }] }));
    expect(s.warnings).toEqual([
      expect.stringMatching(/^timeline\[0\]\.taskDefinition\.volumes\[0\]: EFS volumes are not simulated: ECS mounts the file system before the containers start/),
      expect.stringMatching(/^timeline\[0\]\.taskDefinition\.containerDefinitions\[0\]\.repositoryCredentials: private registry credentials are not simulated/),
      expect.stringMatching(/^service\.serviceConnectConfiguration: Service Connect is not simulated/),
      expect.stringMatching(/^service\.enableExecuteCommand: ECS Exec is not simulated/),
    ]);
    // turned off, they change nothing: nothing said
    expect(loadScenario(withService({ serviceConnectConfiguration: { enabled: false }, enableExecuteCommand: false })).warnings).toBeUndefined();
  });

  it('should warn, on Fargate only, of the fields Fargate refuses (privileged, links, DNS and host settings, GPUs, ipcMode, Docker volumes), and not of empty ones', () => {
    const td = fargate();
    const web = { ...td.containerDefinitions[0], privileged: true, links: ['db'], dnsServers: [], extraHosts: [{ hostname: 'a', ipAddress: '10.0.0.1' }], disableNetworking: false, resourceRequirements: [{ type: 'GPU', value: '1' }] };
    const risky = { ...td, ipcMode: 'host', volumes: [{ name: 'd', dockerVolumeConfiguration: { scope: 'task' } }, { name: 'scratch', host: {} }], containerDefinitions: [web, td.containerDefinitions[1]] };
    const at = 'taskDefinition';
    expect(loadScenario({ taskDefinition: risky }).warnings).toEqual([
      `${at}.ipcMode, ${at}.volumes[0].dockerVolumeConfiguration, ${at}.containerDefinitions[0].privileged, ${at}.containerDefinitions[0].links, ${at}.containerDefinitions[0].extraHosts, ${at}.containerDefinitions[0].resourceRequirements[0] (GPU): not valid on Fargate (RegisterTaskDefinition refuses them for FARGATE, and a Fargate task cannot have them); the simulator does not model them and runs the task without`,
    ]);
    // the same definition on EC2 takes them all (bridge: links are Docker's there)
    const onEc2 = { ...risky, networkMode: 'bridge', requiresCompatibilities: ['EC2'], containerDefinitions: risky.containerDefinitions.map((c) => ({ ...c, memory: 128 })) };
    expect(loadScenario({ taskDefinition: onEc2, launchType: 'EC2' }).warnings ?? []).not.toContainEqual(expect.stringContaining('not valid on Fargate'));
  });

  it('should say that container restarts and environment files are not simulated (an exit would be a restart in place; a fetch from S3 could fail)', () => {
    const td = fargate();
    const restarts = { ...td, containerDefinitions: [{ ...td.containerDefinitions[0], restartPolicy: { enabled: true, restartAttemptPeriod: 60 }, environmentFiles: [{ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }] }, td.containerDefinitions[1]] };
    expect(loadScenario({ taskDefinition: restarts }).warnings).toEqual([
      expect.stringMatching(/^taskDefinition\.containerDefinitions\[0\]\.restartPolicy: container restarts are not simulated: ECS restarts a container that exits/),
      expect.stringMatching(/^taskDefinition\.containerDefinitions\[0\]\.environmentFiles: environment files are not simulated: ECS fetches them from S3/),
    ]);
    // a restart policy turned off, and no files: nothing said
    const off = { ...td, containerDefinitions: [{ ...td.containerDefinitions[0], restartPolicy: { enabled: false }, environmentFiles: [] }, td.containerDefinitions[1]] };
    expect(loadScenario({ taskDefinition: off }).warnings).toBeUndefined();
  });

  it('should warn that deployment alarms never fire here', () => {
    const s = loadScenario(withService({ deploymentConfiguration: { alarms: { alarmNames: ['5xx'], enable: true, rollback: true } } }));
    expect(s.warnings).toEqual(['service.deploymentConfiguration.alarms: CloudWatch alarms are not simulated; no alarm ever fires, so only the circuit breaker fails a deployment']);
    expect(loadScenario(withService({ deploymentConfiguration: { alarms: { alarmNames: [], enable: false, rollback: false } } })).warnings).toBeUndefined();
  });

  it('should name service.launchType when it does not fit the task definition', () => {
    expect(rejection(withService({ launchType: 'EC2' })).message).toBe(
      'service.launchType: EC2 is not in taskDefinition.requiresCompatibilities (FARGATE)',
    );
  });

  it('should reject wrong types naming the field', () => {
    expect(rejection({ taskDefinition: fargate(), service: 'web' }).message).toBe(
      'service: must be an object such as { "serviceName": "web", "desiredCount": 2 }, got "web"',
    );
    expect(rejection({ taskDefinition: fargate(), service: { desiredCount: 2 } }).message).toBe(
      'service.serviceName: required: a name of up to 255 ASCII letters, numbers, hyphens and underscores',
    );
    expect(rejection(withService({ serviceName: 'my web' })).field).toBe('service.serviceName');
    expect(rejection(withService({ serviceName: 'x'.repeat(256) })).field).toBe('service.serviceName');
    expect(rejection(withService({ desiredCount: '3' })).message).toBe('service.desiredCount: must be an integer from 0 to 10000, got "3"');
    expect(rejection(withService({ desiredCount: 1.5 })).message).toBe('service.desiredCount: must be an integer from 0 to 10000, got 1.5');
    expect(rejection(withService({ desiredCount: 1e308 })).message).toBe('service.desiredCount: must be an integer from 0 to 10000, got 1e+308');
    expect(rejection(withService({ deploymentConfiguration: [] })).field).toBe('service.deploymentConfiguration');
    expect(rejection(withService({ deploymentConfiguration: { deploymentCircuitBreaker: { enable: 'yes' } } })).message).toBe(
      'service.deploymentConfiguration.deploymentCircuitBreaker.enable: must be true or false, got "yes"',
    );
    expect(rejection(withService({ healthCheckGracePeriodSeconds: -1 })).message).toBe(
      'service.healthCheckGracePeriodSeconds: must be an integer from 0 to 2147483647 seconds, got -1',
    );
    expect(rejection(withService({ launchType: 'LAMBDA' })).message).toBe(
      'service.launchType: unknown launch type "LAMBDA" (expected FARGATE, EC2 or EXTERNAL)',
    );
  });
});

describe('service timeline and fault errors', () => {
  it('should reject UpdateService without a service', () => {
    expect(rejection({ taskDefinition: fargate(), timeline: [{ at: 1, action: 'UpdateService', desiredCount: 2 }] }).message).toBe(
      'timeline[0].action: UpdateService needs a "service"',
    );
  });

  it('should reject UpdateService with neither desiredCount nor taskDefinition', () => {
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'UpdateService', desiredCount: null }] })).message).toBe(
      'timeline[0]: UpdateService needs desiredCount, taskDefinition, deploymentConfiguration or forceNewDeployment: true, got none of them',
    );
  });

  it('should reject a bad desiredCount or task definition in UpdateService, by its place in the file', () => {
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'UpdateService', desiredCount: -2 }] })).message).toBe(
      'timeline[0].desiredCount: must be an integer from 0 to 10000, got -2',
    );
    const empty = { ...fargate(), containerDefinitions: [] };
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'StopTask' }, { at: 1, action: 'UpdateService', taskDefinition: empty }] })).message).toBe(
      'timeline[1].taskDefinition.containerDefinitions: at least one container is required',
    );
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'UpdateService', taskDefinition: 'web:2' }] })).message).toBe(
      'timeline[0].taskDefinition: names web:2, which the scenario has not registered before this action at 1 s (actions of one second go in file order; registered: web:1); a definition registered only in AWS cannot be read: give its JSON here (aws ecs describe-task-definition --task-definition web:2 prints it)',
    );
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'UpdateService', taskDefinition: 5 }] })).message).toMatch(/^timeline\[0\]\.taskDefinition: must be an object/);
  });

  it('should reject a deployed revision that cannot run where the service runs', () => {
    const ec2 = { containerDefinitions: [{ name: 'web', image: 'nginx' }] };
    // and its size, a problem of its own, with it
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'UpdateService', taskDefinition: ec2 }] })).lines()).toEqual([
      "timeline[0].taskDefinition.networkMode: the service's launch type FARGATE requires awsvpc, got bridge (the EC2 default: networkMode is missing)",
      expect.stringMatching(/^timeline\[0\]\.taskDefinition\.cpu: required on Fargate/),
    ]);
    const ec2Only = { ...next(), requiresCompatibilities: ['EC2'] };
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'UpdateService', taskDefinition: ec2Only }] })).message).toBe(
      "timeline[0].taskDefinition.requiresCompatibilities: must include FARGATE, the service's launch type, got EC2",
    );
    const noWeb = { ...fargate(), containerDefinitions: [{ name: 'api', image: 'api' }] };
    expect(rejection(withService({ loadBalancers: [lb()] }, { timeline: [{ at: 1, action: 'UpdateService', taskDefinition: noWeb }] })).message).toBe(
      'timeline[0].taskDefinition.containerDefinitions: no container named "web" for service.loadBalancers[0] (containers: api)',
    );
    // so must a revision carry the container its Cloud Map registry names, and map its port
    const srv = { registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1', containerName: 'web', containerPort: 80 };
    expect(rejection(withService({ serviceRegistries: [srv] }, { timeline: [{ at: 1, action: 'UpdateService', taskDefinition: noWeb }] })).message).toBe(
      'timeline[0].taskDefinition.containerDefinitions: no container named "web" for service.serviceRegistries[0].containerName (containers: api)',
    );
    // nor may it take the network away from a task Cloud Map registers
    const ec2Service = { taskDefinition: { ...fargate(), requiresCompatibilities: ['EC2'] }, launchType: 'EC2', service: { serviceName: 'web', serviceRegistries: [{ registryArn: srv.registryArn }] } };
    const noNetwork = { ...fargate(), requiresCompatibilities: ['EC2'], networkMode: 'none', containerDefinitions: [{ name: 'web', image: 'nginx:2' }] };
    expect(rejection({ ...ec2Service, timeline: [{ at: 1, action: 'UpdateService', taskDefinition: noNetwork }] }).message).toBe(
      'timeline[0].taskDefinition.networkMode: must not be none while the service registers its tasks in Cloud Map (service.serviceRegistries): a task with no network has no address or port to register',
    );
    const unmapped = { ...fargate(), containerDefinitions: [{ name: 'web', image: 'nginx:2' }] };
    expect(rejection(withService({ serviceRegistries: [srv] }, { timeline: [{ at: 1, action: 'UpdateService', taskDefinition: unmapped }] })).message).toBe(
      'timeline[0].taskDefinition.containerDefinitions: container web does not map port 80 for service.serviceRegistries[0] (it has no portMappings): service discovery needs a port from the task definition',
    );
  });

  it('should reject a task index on a standalone task', () => {
    expect(rejection({ taskDefinition: fargate(), timeline: [{ at: 1, action: 'StopTask', task: 1 }] }).message).toBe(
      'timeline[0].task: only for services (without a "service" the scenario has one task), got 1',
    );
  });

  it('should reject a task index that is not an index', () => {
    expect(rejection(withService({}, { timeline: [{ at: 1, action: 'SpotInterruption', task: -1 }] })).message).toBe(
      "timeline[0].task: must be an integer ≥ 0 (the index of the service's task in start order), got -1",
    );
  });

  it('should reject a ContainerExit for a container deployed only after it', () => {
    const td = fargate();
    const withApi = { ...td, containerDefinitions: [...td.containerDefinitions, { name: 'api', image: 'api', essential: false }] };
    const timeline = [{ at: 50, action: 'ContainerExit', container: 'api' }, { at: 100, action: 'UpdateService', taskDefinition: withApi }];
    expect(rejection(withService({}, { timeline })).message).toBe(
      'timeline[0].container: no container named "api" in the task definition (containers: web, sidecar)',
    );
    const later = [{ at: 150, action: 'ContainerExit', container: 'db' }, timeline[1]];
    expect(rejection(withService({}, { timeline: later })).message).toBe(
      'timeline[0].container: no container named "db" in any revision of the task definition deployed by 150 s (containers: web, sidecar, api)',
    );
  });

  it('should reject an image fault naming an image no revision uses', () => {
    expect(rejection(withService({}, { faults: [{ step: 'PullImage', image: 'x' }] })).message).toBe(
      'faults[0].image: no container uses image "x" (images: nginx:latest, envoy)',
    );
  });

  it('should require exactly one of container and image on PullImage', () => {
    expect(rejection(withService({}, { faults: [{ step: 'PullImage', container: 'web', image: 'nginx:latest' }] })).message).toBe(
      'faults[0].image: give container or image, not both (container is "web")',
    );
    expect(rejection(withService({}, { faults: [{ step: 'PullImage' }] })).message).toBe(
      'faults[0].container: required: name a container, or give "image" to fail every container using that image',
    );
    expect(rejection(withService({}, { faults: [{ step: 'PullImage', image: 5 }] })).message).toBe(
      'faults[0].image: must be an image such as "nginx:latest", got 5',
    );
  });

  it('should say service.loadBalancers is empty for a service without load balancers', () => {
    expect(rejection(withService({}, { faults: [{ step: 'RegisterTargets' }] })).message).toBe(
      'faults[0].step: RegisterTargets needs at least one load balancer (service.loadBalancers is empty)',
    );
  });
});

describe('container instances', () => {
  const ec2 = () => ({
    family: 'worker',
    networkMode: 'bridge',
    containerDefinitions: [{ name: 'worker', image: 'worker:1', cpu: 512, memoryReservation: 1024 }],
  });
  const onEc2 = (containerInstances: unknown, rest: object = {}) => ({
    taskDefinition: ec2(),
    launchType: 'EC2',
    service: { serviceName: 'worker', desiredCount: 2 },
    containerInstances,
    ...rest,
  });

  it('should load the instances a service runs on: one size, or a list of sizes', () => {
    expect(loadScenario(onEc2({ count: 2, cpu: 2048, memory: 3904 })).containerInstances).toEqual({ count: 2, groups: [{ count: 2, cpu: 2048, memory: 3904, enis: null }] });
    const mixed = [{ count: 2, cpu: 1024, memory: 2048 }, { count: 1, cpu: 4096, memory: 8192, enis: 3 }];
    expect(loadScenario(onEc2(mixed)).containerInstances).toEqual({ count: 3, groups: [{ ...mixed[0], enis: null }, mixed[1]] });
    expect(rejection(onEc2({ count: 1, cpu: 1024, memory: 2048, enis: 0 })).message).toBe('containerInstances.enis: must be an integer from 1 to 120 network interfaces, got 0');
    expect(loadScenario(onEc2(undefined)).containerInstances).toBeNull();
  });

  it('should refuse them for a single task, and say what does make one wait', () => {
    const { service: _, ...single } = onEc2({ count: 1, cpu: 1024, memory: 2048 });
    expect(rejection(single).message).toBe(
      'containerInstances: only for services: instances are modelled for the tasks a service places (to make a single task wait for capacity, give it an Auto Scaling group capacityProviderStrategy and a PlaceTask fault)',
    );
  });

  it('should warn when they are written inside the service, where they mean nothing', () => {
    const { containerInstances, ...rest } = onEc2({ count: 1, cpu: 1024, memory: 2048 });
    const s = loadScenario({ ...rest, service: { ...rest.service, containerInstances } });
    expect(s.containerInstances).toBeNull();
    expect(s.warnings).toEqual(['service.containerInstances is ignored: container instances belong to the cluster, so write "containerInstances" at the top level of the scenario']);
  });

  it("should warn of CreateService's taskDefinition and cluster pasted under service, and refuse a scenario whose only definition is there", () => {
    const s = loadScenario(withService({ taskDefinition: 'web:7', cluster: 'prod' }));
    expect(s.taskDefinition.family).toBe('web');
    expect(s.settings.cluster).toBe('default');
    expect(s.warnings).toEqual([
      'service.taskDefinition is ignored: the service runs the scenario\'s "taskDefinition" (a new revision is deployed by an UpdateService in the timeline)',
      'service.cluster is ignored: the cluster is named in "settings": { "cluster": … }',
    ]);
    expect(rejection({ service: { serviceName: 'web', taskDefinition: fargate() } }).message).toBe(
      'taskDefinition: required at the top level of the scenario: service.taskDefinition is not read (the service runs the scenario\'s "taskDefinition"), so move the definition up',
    );
  });

  it('should refuse them on Fargate, saying why', () => {
    const error = rejection({ ...withService({}), containerInstances: { count: 1, cpu: 1024, memory: 2048 } });
    expect(error.message).toBe('containerInstances: only for the EC2 launch type, got FARGATE (Fargate runs each task on capacity of its own)');
  });

  it('should name the field and the problem for impossible fleets', () => {
    expect(rejection(onEc2({ count: 0, cpu: 1024, memory: 2048 })).message).toBe('containerInstances.count: must be an integer from 1 to 5000, got 0');
    expect(rejection(onEc2({ count: 1, cpu: -5, memory: 2048 })).message).toBe('containerInstances.cpu: must be an integer from 128 to 196608 CPU units, got -5');
    expect(rejection(onEc2({ count: 1, cpu: 1024, memory: '2 GB' })).field).toBe('containerInstances.memory');
    expect(rejection(onEc2({ count: 1, cpu: 1024 })).field).toBe('containerInstances.memory');
    expect(rejection(onEc2(3)).message).toMatch(/^containerInstances: must be an object such as \{ "count": 2, "cpu": 2048, "memory": 3904 \}, or a list of them/);
    expect(rejection(onEc2([])).message).toBe('containerInstances: must list at least one group of instances, got an empty array');
    expect(rejection(onEc2([{ count: 1, cpu: 1024, memory: 2048 }, { count: 1, cpu: 64, memory: 2048 }])).message).toBe('containerInstances[1].cpu: must be an integer from 128 to 196608 CPU units, got 64');
    expect(rejection(onEc2([{ count: 3000, cpu: 1024, memory: 2048 }, { count: 3000, cpu: 2048, memory: 4096 }])).message).toBe(
      "containerInstances: at most 5000 instances in all (ECS's quota per cluster), got 6000",
    );
  });

  describe('placement strategy and constraints', () => {
    const placed = (service: object, rest: object = {}) => {
      const o = onEc2({ count: 3, cpu: 2048, memory: 4096 }, rest);
      return { ...o, service: { ...o.service, ...service } };
    };

    it("should take CreateService's rules, host as instanceId and binpack's field in any case", () => {
      const s = loadScenario(
        placed({
          placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'MEMORY' }, { type: 'spread', field: 'host' }, { type: 'random', field: 'ignored' }],
          placementConstraints: [{ type: 'distinctInstance' }, { type: 'memberOf', expression: 'attribute:ecs.availability-zone not_in [us-east-1c]' }],
        }),
      );
      expect(s.service?.placementStrategy).toEqual([
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'memory' },
        { type: 'spread', field: 'instanceId' },
        { type: 'random' },
      ]);
      expect(s.service?.placementConstraints).toEqual([
        { type: 'distinctInstance' },
        { type: 'memberOf', expression: 'attribute:ecs.availability-zone not_in [us-east-1c]', zones: { in: false, names: ['us-east-1c'] } },
      ]);
      expect(s.warnings).toBeUndefined();
    });

    it('should name the rule and the problem for rules ECS refuses', () => {
      const strategy = (placementStrategy: unknown) => rejection(placed({ placementStrategy })).message;
      const constraint = (placementConstraints: unknown) => rejection(placed({ placementConstraints })).message;
      expect(strategy([{ type: 'binpack', field: 'disk' }])).toBe('service.placementStrategy[0].field: binpack packs by "cpu" or "memory", got "disk"');
      expect(strategy([{ type: 'spread' }])).toBe('service.placementStrategy[0].field: spread needs "instanceId", "host" or an attribute such as "attribute:ecs.availability-zone", got nothing');
      expect(strategy([{ type: 'pack' }])).toBe('service.placementStrategy[0].type: unknown placement strategy type "pack" (expected binpack, random or spread)');
      expect(strategy(Array.from({ length: 6 }, () => ({ type: 'random' })))).toBe('service.placementStrategy: at most 5 rules (ECS allows 5 per service), got 6');
      expect(constraint([{ type: 'distinctInstance', expression: 'x' }])).toBe('service.placementConstraints[0].expression: distinctInstance takes no expression, got "x"');
      expect(constraint([{ type: 'memberOf' }])).toMatch(/^service\.placementConstraints\[0\]\.expression: memberOf needs an expression/);
      expect(constraint(Array.from({ length: 11 }, () => ({ type: 'distinctInstance' })))).toBe('service.placementConstraints: at most 10 constraints (ECS allows 10 per service), got 11');
      expect(rejection({ ...withService({ placementStrategy: [{ type: 'random' }] }) }).message).toBe(
        'service.placementStrategy: not for Fargate: AWS supports placement strategies and constraints only on EC2 instances; Fargate spreads tasks over Availability Zones itself',
      );
    });

    it('should warn when a rule has nothing to act on, a memberOf cannot be read, or the constraints leave no zone with an instance', () => {
      const { containerInstances: _, ...always } = placed({ placementStrategy: [{ type: 'binpack', field: 'cpu' }], placementConstraints: [{ type: 'distinctInstance' }] });
      expect(loadScenario(always).warnings).toEqual([
        'service.placementStrategy and service.placementConstraints have nothing to act on without a service on "containerInstances": the cluster always has room, and tasks are spread over Availability Zones',
      ]);
      const zone = (expression: string) => ({ type: 'memberOf', expression });
      const ignored = (i: number) =>
        `service.placementConstraints[${i}].expression is ignored: the simulator reads memberOf only as one clause on attribute:ecs.availability-zone (==, !=, in [...], not_in [...]); its instances have no other attribute that differs`;
      // other attributes, and clauses joined by and/or, are not read (rather than misread)
      const unread = loadScenario(placed({ placementConstraints: [zone('attribute:ecs.instance-type =~ t3.*'), zone('attribute:ecs.availability-zone == us-east-1b or attribute:ecs.availability-zone == us-east-1c')] }));
      expect(unread.warnings).toEqual([ignored(0), ignored(1)]);
      expect(unread.service?.placementConstraints.map((c) => c.type === 'memberOf' && c.zones)).toEqual([null, null]);
      const none = (zones: string) => `worker:1: its memberOf constraints leave no zone with a container instance (the instances sit in ${zones}): no task of it can be placed`;
      expect(loadScenario(placed({ placementConstraints: [zone('attribute:ecs.availability-zone == eu-west-1a')] })).warnings).toEqual([none('us-east-1a, us-east-1b, us-east-1c')]);
      // two instances sit in zones a and b only; two constraints that agree on no zone
      const two = (placementConstraints: object[]) => loadScenario({ ...placed({ placementConstraints }), containerInstances: { count: 2, cpu: 2048, memory: 4096 } }).warnings;
      expect(two([zone('attribute:ecs.availability-zone == us-east-1c')])).toEqual([none('us-east-1a, us-east-1b')]);
      expect(two([zone('attribute:ecs.availability-zone == us-east-1a'), zone('attribute:ecs.availability-zone != us-east-1a')])).toEqual([none('us-east-1a, us-east-1b')]);
      expect(rejection(placed({ placementConstraints: [zone(`attribute:ecs.availability-zone in [${'x, '.repeat(700)}]`)] })).message).toMatch(
        /^service\.placementConstraints\[0\]\.expression: must be at most 2000 characters \(PlacementConstraint's limit\), got \d+$/,
      );
    });

    it('should point out misspelt keys in the rules and rules written where nothing reads them, and take empty lists anywhere', () => {
      const s = loadScenario(placed({ placementStrategy: [{ type: 'random', fields: 'x' }] }));
      expect(s.warnings).toEqual(['service.placementStrategy[0].fields is not a field we know, so it is ignored: did you mean service.placementStrategy[0].field?']);
      const top = loadScenario({ ...placed({}), placementStrategy: [{ type: 'random' }] });
      expect(top.warnings).toEqual(['placementStrategy is ignored at the top level of a service scenario: write it under "service"']);
      expect(loadScenario(withService({ placementStrategy: [], placementConstraints: [] })).service?.placementConstraints).toEqual([]);
    });

    it("should take the task definition's memberOf constraints too, and refuse a distinctInstance there", () => {
      const withTd = (placementConstraints: object[]) => ({ ...placed({}), taskDefinition: { ...ec2(), placementConstraints } });
      const s = loadScenario(withTd([{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' }]));
      expect(s.taskDefinition.placementConstraints).toEqual([
        { type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b', zones: { in: true, names: ['us-east-1b'] } },
      ]);
      expect(rejection(withTd([{ type: 'distinctInstance' }])).message).toBe(
        'taskDefinition.placementConstraints[0].type: a task definition takes only memberOf (distinctInstance belongs to the service, placementConstraints under "service")',
      );
      const { service: _, containerInstances: __, ...single } = withTd([{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' }]);
      expect(loadScenario(single).warnings).toEqual([
        'taskDefinition.placementConstraints has nothing to act on without a service on "containerInstances": the cluster always has room, and tasks are spread over Availability Zones',
      ]);
    });
  });
});
