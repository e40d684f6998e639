// Bad task definitions, named by the path the user wrote (bare or under taskDefinition).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/sim/scenario/load.ts';
import { fargate, rejection } from './helpers.ts';

const containers = (...defs: object[]) => ({ taskDefinition: { ...fargate(), containerDefinitions: defs } });

describe('task definition errors', () => {
  it('should reject a task definition without containers', () => {
    const error = rejection({ taskDefinition: { ...fargate(), containerDefinitions: [] } });
    expect(error.field).toBe('taskDefinition.containerDefinitions');
    expect(error.message).toBe('taskDefinition.containerDefinitions: at least one container is required');
  });

  it('should say what a container cpu must be, naming the field', () => {
    expect(rejection(containers({ name: 'a', image: 'b', cpu: 'lots' })).message).toBe(
      'taskDefinition.containerDefinitions[0].cpu: must be a whole number of CPU units from 0 to 2147483647 (or one written as a string such as "256"), got "lots"',
    );
  });

  it('should take a container cpu, memory and memoryReservation written as strings alike, and name what is wrong with a number', () => {
    const c = loadScenario(containers({ name: 'a', image: 'b', cpu: '128', memory: '512', memoryReservation: '256' })).taskDefinition.containerDefinitions[0]!;
    expect([c.cpu, c.memory, c.memoryReservation]).toEqual([128, 512, 256]);
    const memory = (value: unknown) => rejection(containers({ name: 'a', image: 'b', memory: value })).message;
    const range = 'taskDefinition.containerDefinitions[0].memory: must be a whole number of MiB from 1 to 2147483647 (or one written as a string such as "512"), got';
    // 0 MiB was given, not left out: the message says 0 is the problem
    expect(memory(0)).toBe(`${range} 0`);
    // a number too large to be an API integer is said to be out of range, not "not a number"
    expect(memory(1e308)).toBe(`${range} 1e+308`);
    expect(memory('12.5')).toBe(`${range} "12.5"`);
    // JSON's 1e400 parses as Infinity: said as too large, not as Infinity
    expect(rejection({ ...containers({ name: 'a', image: 'b' }), seed: Infinity }).message).toBe('seed: must be an integer from 0 to 4294967295, got a number too large to hold (1e309 or beyond)');
  });

  it('should refuse an image with a space or a character beyond ASCII, naming it by code point, and take template placeholders and digests', () => {
    const image = (value: string) => loadScenario(containers({ name: 'a', image: value, memory: 128 })).taskDefinition.containerDefinitions[0]!.image;
    const refused = (value: string) => rejection(containers({ name: 'a', image: value, memory: 128 })).message;
    expect(refused('nginx\u200b:1')).toBe('taskDefinition.containerDefinitions[0].image: must be an image reference in ASCII, such as "public.ecr.aws/nginx/nginx:1.27", got U+200B at character 6');
    expect(refused('ngïnx')).toMatch(/got U\+00EF at character 3$/);
    // unrendered templates keep their placeholders, spaces included
    expect(image('${REPOSITORY_URI}:latest')).toBe('${REPOSITORY_URI}:latest');
    expect(image('{{ must_env `IMAGE` }}')).toBe('{{ must_env `IMAGE` }}');
    expect(image('nginx@sha256:0123abcd')).toBe('nginx@sha256:0123abcd');
  });

  it('should name the task by its describe-task-definition ARN when family or revision is missing, and warn when there is no family at all', () => {
    const arn = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/web:5';
    const { family, revision } = loadScenario({ taskDefinition: { ...fargate(), taskDefinitionArn: arn } }).taskDefinition;
    expect(`${family}:${revision}`).toBe('web:5');
    const { family: f2, revision: r2 } = loadScenario({ taskDefinition: { ...fargate(), family: undefined, taskDefinitionArn: arn } }).taskDefinition;
    expect(`${f2}:${r2}`).toBe('web:5');
    // another family's ARN: its revision is not this definition's
    const other = loadScenario({ taskDefinition: { ...fargate(), taskDefinitionArn: arn.replace('/web:', '/api:') } });
    expect(`${other.taskDefinition.family}:${other.taskDefinition.revision}`).toBe('web:1');
    expect(other.warnings).toEqual(['taskDefinition.taskDefinitionArn names family "api", but family is "web": the task uses "web".']);
    // the same family, another revision: the one given stands, and it is said
    const renumbered = loadScenario({ taskDefinition: { ...fargate(), taskDefinitionArn: arn, revision: 7 } });
    expect(renumbered.taskDefinition.revision).toBe(7);
    expect(renumbered.warnings).toEqual(['taskDefinition.taskDefinitionArn names revision 5, but revision is 7: the task uses revision 7.']);
    // a revision no API integer holds is refused, not printed in every ARN
    expect(rejection({ taskDefinition: { ...fargate(), taskDefinitionArn: arn.replace(':5', ':9999999999') } }).message).toBe('taskDefinition.revision: must be an integer from 1 to 2147483647, got 9999999999');
    // numbering past the last revision the API holds is refused too
    expect(rejection({
      taskDefinition: { ...fargate(), taskDefinitionArn: arn.replace(':5', ':2147483647') },
      service: { serviceName: 'web', desiredCount: 1 },
      timeline: [{ at: 60, action: 'UpdateService', taskDefinition: { ...fargate(), cpu: '512', memory: '1024' } }],
    }).message).toBe('timeline[0].taskDefinition: would be registered as web:2147483648, beyond the highest revision the API holds (2147483647)');
    // UpdateService with a dump of the same ARN and other content: the next revision, not a clash blamed on a revision never given
    const deployed = loadScenario({
      taskDefinition: { ...fargate(), taskDefinitionArn: arn },
      service: { serviceName: 'web', desiredCount: 1 },
      timeline: [{ at: 60, action: 'UpdateService', taskDefinition: { ...fargate(), cpu: '512', memory: '1024', taskDefinitionArn: arn } }],
    });
    const update = deployed.timeline[0] as { taskDefinition: { family: string; revision: number } };
    expect(`${update.taskDefinition.family}:${update.taskDefinition.revision}`).toBe('web:6');
    expect(loadScenario({ taskDefinition: { ...fargate(), family: undefined } }).warnings).toEqual([
      'taskDefinition.family: missing (RegisterTaskDefinition requires one), so the task\'s family is "task" (task-definition/task:1, group family:task).',
    ]);
  });

  it('should reject a task definition with no containerDefinitions key', () => {
    expect(rejection({ taskDefinition: { family: 'web' } }).message).toBe(
      'taskDefinition.containerDefinitions: at least one container is required',
    );
  });

  it('should name fields of a bare task definition without a taskDefinition prefix', () => {
    expect(rejection({ containerDefinitions: [] }).message).toBe('containerDefinitions: at least one container is required');
  });

  it('should reject input that is neither a scenario nor a task definition', () => {
    expect(rejection({ family: 'web' }).field).toBe('taskDefinition');
    expect(rejection([fargate()]).message).toBe('must be a JSON object (a scenario or a task definition), got an array');
    // a list of containers alone, as Terraform's container_definitions holds them: how to wrap it
    expect(rejection(fargate().containerDefinitions).message).toBe('must be a JSON object, got a list of container definitions (Terraform\'s container_definitions?): wrap it as { "family": "web", "containerDefinitions": [ …the list… ] }');
  });

  it('should reject a taskDefinition given as an ARN string', () => {
    expect(rejection({ taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:3' }).message).toMatch(
      /^taskDefinition: must be an object \(a task definition\), got "arn:aws:ecs:/,
    );
  });

  it('should reject a Fargate-only definition without networkMode naming networkMode', () => {
    const { networkMode: _, ...definition } = fargate();
    const error = rejection({ taskDefinition: definition });
    expect(error.field).toBe('taskDefinition.networkMode');
    expect(error.problem).toBe('FARGATE (in requiresCompatibilities) requires networkMode awsvpc, got nothing');
  });

  it('should reject a FARGATE-compatible definition with networkMode bridge', () => {
    const error = rejection({ taskDefinition: { ...fargate(), networkMode: 'bridge', requiresCompatibilities: ['EC2', 'FARGATE'] } });
    expect(error.message).toBe('taskDefinition.networkMode: FARGATE (in requiresCompatibilities) requires networkMode awsvpc, got bridge');
  });

  it('should reject an unknown network mode', () => {
    expect(rejection({ taskDefinition: { ...fargate(), networkMode: 'nat' } }).message).toBe(
      'taskDefinition.networkMode: unknown network mode "nat" (expected awsvpc, bridge, host or none)',
    );
  });

  it('should reject a container without an image', () => {
    expect(rejection(containers({ name: 'web' })).message).toBe(
      'taskDefinition.containerDefinitions[0].image: required: a non-empty string',
    );
  });

  it('should reject duplicate container names', () => {
    const error = rejection(containers({ name: 'web', image: 'a' }, { name: 'web', image: 'b' }));
    expect(error.message).toBe('taskDefinition.containerDefinitions[1].name: duplicate container name "web" (also containerDefinitions[0])');
  });

  it('should reject a definition whose containers are all non-essential', () => {
    expect(rejection(containers({ name: 'web', image: 'a', essential: false })).message).toBe(
      'taskDefinition.containerDefinitions: at least one container must be essential (all have essential: false)',
    );
  });

  it('should reject essential given as a string', () => {
    expect(rejection(containers({ name: 'web', image: 'a', essential: 'yes' })).message).toBe(
      'taskDefinition.containerDefinitions[0].essential: must be true or false, got "yes"',
    );
  });

  it('should reject a stopTimeout over the 3600 s cap', () => {
    const error = rejection({ containerDefinitions: [{ name: 'web', image: 'a', stopTimeout: 5000 }] });
    expect(error.field).toBe('containerDefinitions[0].stopTimeout');
    expect(error.problem).toBe('must be an integer from 0 to 3600 seconds (2 to 120 on Fargate), got 5000');
  });

  it('should reject task cpu given as a boolean', () => {
    expect(rejection({ taskDefinition: { ...fargate(), cpu: true } }).field).toBe('taskDefinition.cpu');
  });

  it('should reject health check fields out of range', () => {
    const error = rejection(containers({ name: 'web', image: 'a', healthCheck: { command: ['CMD', 'true'], interval: 1 } }));
    expect(error.message).toBe('taskDefinition.containerDefinitions[0].healthCheck.interval: must be an integer from 5 to 300 seconds, got 1');
    expect(rejection(containers({ name: 'web', image: 'a', healthCheck: { retries: 11 } })).field).toBe(
      'taskDefinition.containerDefinitions[0].healthCheck.retries',
    );
  });
});

describe('what RegisterTaskDefinition refuses', () => {
  const ec2 = (extra: object, container: object = {}) => ({
    taskDefinition: { family: 'worker', networkMode: 'bridge', containerDefinitions: [{ name: 'worker', image: 'worker:1', memory: 256, ...container }], ...extra },
  });

  it('should refuse more than 10 containers, the quota of a task definition', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'x', memory: 64 }));
    expect(rejection({ containerDefinitions: eleven }).message).toBe('containerDefinitions: at most 10 containers per task definition (an ECS quota), got 11');
  });

  it('should check a task-level cpu and memory off Fargate too, and that the containers fit in them', () => {
    expect(rejection(ec2({ memory: 'NaN' })).message).toBe('taskDefinition.memory: must be MiB as a number ("2048") or GB ("2 GB"), got "NaN"');
    expect(rejection(ec2({ memory: '-5' })).field).toBe('taskDefinition.memory');
    expect(rejection(ec2({ cpu: '64' })).message).toBe('taskDefinition.cpu: must be from 128 to 196608 CPU units (or "1 vCPU" style), got "64"');
    expect(rejection(ec2({ memory: '128' })).message).toBe("taskDefinition.memory: the containers reserve 256 MiB in all, more than the task's 128");
    // what counts is what they reserve (memoryReservation before memory), each hard limit within the task
    const two = (memory: number, memoryReservation: number) => ({ name: `c${memory}`, image: 'x', memory, memoryReservation });
    expect(() => loadScenario({ taskDefinition: { family: 'w', memory: '1024', containerDefinitions: [two(600, 256), two(601, 256)] } })).not.toThrow();
    expect(rejection({ taskDefinition: { family: 'w', memory: '1024', containerDefinitions: [two(2048, 256)] } }).message).toBe(
      "taskDefinition.memory: a container's memory limit (2048 MiB) is more than the task's 1024",
    );
    expect(rejection(ec2({ memory: true })).message).toBe('taskDefinition.memory: must be a number or a string such as "512" or "1 GB", got true');
    expect(loadScenario(ec2({ cpu: '1 vCPU', memory: '1 GB' })).taskDefinition.cpu).toBe('1 vCPU');
  });

  it('should refuse a memoryReservation above the hard limit, and a healthCheck without its command', () => {
    expect(rejection(ec2({}, { memoryReservation: 512 })).message).toBe(
      'taskDefinition.containerDefinitions[0].memoryReservation: must not be above memory (the hard limit, 256 MiB), got 512',
    );
    const needs = 'must be the command Docker runs, a list such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]';
    expect(rejection(ec2({}, { healthCheck: { interval: 10 } })).message).toBe(`taskDefinition.containerDefinitions[0].healthCheck.command: required: ${needs.replace(/^must be /, '')}`);
    expect(rejection(ec2({}, { healthCheck: { command: 'curl localhost' } })).message).toBe(`taskDefinition.containerDefinitions[0].healthCheck.command: ${needs}, got "curl localhost"`);
    expect(rejection(ec2({}, { healthCheck: { command: [] } })).field).toBe('taskDefinition.containerDefinitions[0].healthCheck.command');
  });
});

describe('dependsOn errors', () => {
  const on = (containerName: string, condition = 'START') => ({ dependsOn: [{ containerName, condition }] });

  it('should reject a dependency on a container that does not exist', () => {
    expect(rejection(containers({ name: 'web', image: 'a', ...on('db') })).message).toBe(
      'taskDefinition.containerDefinitions[0].dependsOn[0].containerName: no container named "db" in the task definition (containers: web)',
    );
  });

  it('should reject a container depending on itself', () => {
    expect(rejection(containers({ name: 'web', image: 'a', ...on('web') })).field).toBe(
      'taskDefinition.containerDefinitions[0].dependsOn[0].containerName',
    );
  });

  it('should reject an unknown condition', () => {
    expect(rejection(containers({ name: 'web', image: 'a' }, { name: 'b', image: 'b', ...on('web', 'READY') })).message).toBe(
      'taskDefinition.containerDefinitions[1].dependsOn[0].condition: unknown condition "READY" (expected START, COMPLETE, SUCCESS or HEALTHY)',
    );
  });

  it('should reject HEALTHY on a container without a healthCheck', () => {
    const error = rejection(containers({ name: 'web', image: 'a', ...on('init', 'HEALTHY') }, { name: 'init', image: 'b' }));
    expect(error.field).toBe('taskDefinition.containerDefinitions[0].dependsOn[0].condition');
    expect(error.problem).toBe('HEALTHY requires container "init" to have a healthCheck');
  });

  it('should reject COMPLETE on an essential container', () => {
    const error = rejection(containers({ name: 'web', image: 'a', ...on('init', 'COMPLETE') }, { name: 'init', image: 'b' }));
    expect(error.problem).toBe('COMPLETE requires container "init" to be non-essential (essential: false)');
  });

  it('should reject a dependency cycle naming the entry that closes it', () => {
    const error = rejection(
      containers({ name: 'a', image: 'x', ...on('b') }, { name: 'b', image: 'x', ...on('c') }, { name: 'c', image: 'x', ...on('a') }),
    );
    expect(error.field).toBe('taskDefinition.containerDefinitions[2].dependsOn[0]');
    expect(error.problem).toBe('dependency cycle: a → b → c → a');
  });

  it('should ask for memory off Fargate when the task gives none, naming the container', () => {
    const ec2 = (td: object) => ({ taskDefinition: { family: 'w', networkMode: 'bridge', ...td }, launchType: 'EC2' });
    expect(rejection(ec2({ containerDefinitions: [{ name: 'a', image: 'a', memory: 128 }, { name: 'b', image: 'b' }] })).message).toBe(
      'taskDefinition.containerDefinitions[1].memory: required off Fargate when the task has no task-level memory: give memory or memoryReservation in MiB (container b)',
    );
    expect(() => loadScenario(ec2({ memory: '512', containerDefinitions: [{ name: 'b', image: 'b' }] }))).not.toThrow();
    expect(() => loadScenario(ec2({ containerDefinitions: [{ name: 'b', image: 'b', memoryReservation: 64 }] }))).not.toThrow();
  });

  describe('port mappings', () => {
    const onEc2 = (networkMode: string, ...defs: object[]) => ({ taskDefinition: { family: 'web', networkMode, containerDefinitions: defs }, launchType: 'EC2' });
    const web = (...portMappings: object[]) => ({ name: 'web', image: 'nginx', memory: 256, portMappings });

    it('should say what a port must be, naming the mapping', () => {
      expect(rejection(onEc2('bridge', web({ containerPort: 80, hostPort: '80' }))).message).toBe(
        'taskDefinition.containerDefinitions[0].portMappings[0].hostPort: must be an integer from 0 to 65535, got "80"',
      );
      expect(rejection(onEc2('bridge', web({ containerPort: 80 }, { containerPort: 70000 }))).field).toBe('taskDefinition.containerDefinitions[0].portMappings[1].containerPort');
      expect(rejection(onEc2('bridge', web({ containerPort: 80, protocol: 'sctp' }))).field).toBe('taskDefinition.containerDefinitions[0].portMappings[0].protocol');
    });

    it('should refuse what RegisterTaskDefinition refuses: a host-mode hostPort unlike its containerPort, a host port bound twice', () => {
      expect(rejection(onEc2('host', web({ containerPort: 8080, hostPort: 9090 }))).message).toBe(
        'taskDefinition.containerDefinitions[0].portMappings[0].hostPort: must be left out or equal to containerPort (8080) in host network mode, got 9090',
      );
      expect(rejection(onEc2('bridge', web({ containerPort: 80, hostPort: 80 }), { ...web({ containerPort: 8080, hostPort: 80 }), name: 'admin' })).message).toBe(
        'taskDefinition.containerDefinitions[1].portMappings[0].hostPort: TCP host port 80 is mapped multiple times in the task (AWS refuses it)',
      );
    });

    it('should refuse a mapping without a port, and a port bound twice on an awsvpc task', () => {
      expect(rejection(onEc2('bridge', web({ hostPort: 80 }))).message).toBe(
        'taskDefinition.containerDefinitions[0].portMappings[0].containerPort: required: a mapping names a containerPort (or a containerPortRange)',
      );
      expect(rejection(onEc2('awsvpc', web({ containerPort: 80 }, { containerPort: 80 }))).message).toBe(
        'taskDefinition.containerDefinitions[0].portMappings[1].containerPort: TCP port 80 is mapped multiple times in the task (AWS refuses it)',
      );
    });

    it('should accept what real definitions carry: port ranges, dynamic ports, TCP and UDP on one port, an awsvpc hostPort unlike its containerPort', () => {
      expect(() => loadScenario(onEc2('bridge', web({ containerPortRange: '8000-8010' }, { containerPort: 80, hostPort: 0 }, { containerPort: 81 })))).not.toThrow();
      expect(() => loadScenario(onEc2('bridge', web({ containerPort: 53, hostPort: 53, protocol: 'udp' }, { containerPort: 53, hostPort: 53 })))).not.toThrow();
      // accepted, but said to be ignored: the task's own interface takes the containerPort
      expect(loadScenario(onEc2('awsvpc', web({ containerPort: 8080, hostPort: 80 }))).warnings).toEqual([
        'taskDefinition.containerDefinitions[0].portMappings[0].hostPort 80 is ignored: an awsvpc task has its own network interface, where container web listens on 8080 (RegisterTaskDefinition now refuses a hostPort unlike the containerPort here)',
      ]);
      expect(loadScenario(onEc2('awsvpc', web({ containerPort: 8080, hostPort: 8080 }))).warnings).toBeUndefined();
    });

    describe('containerPortRange (API Reference, PortMapping)', () => {
      const at = (j: number, key: string) => `taskDefinition.containerDefinitions[0].portMappings[${j}].${key}`;

      it('should refuse a range that is not "first-last" with first below last, from 1 to 65535', () => {
        expect(rejection(onEc2('bridge', web({ containerPortRange: '80-x' }))).message).toBe(`${at(0, 'containerPortRange')}: must be a range of ports such as "8000-8010", got "80-x"`);
        expect(rejection(onEc2('bridge', web({ containerPortRange: 8000 }))).message).toBe(`${at(0, 'containerPortRange')}: must be a range of ports such as "8000-8010", got 8000`);
        expect(rejection(onEc2('bridge', web({ containerPortRange: '8010-8000' }))).message).toBe(
          `${at(0, 'containerPortRange')}: must start at a lower port than it ends at, such as "8000-8010", got "8010-8000"`,
        );
        // one port is no range: the first must be lower than the last
        expect(rejection(onEc2('bridge', web({ containerPortRange: '8000-8000' }))).field).toBe(at(0, 'containerPortRange'));
        for (const range of ['0-10', '65000-65536'])
          expect(rejection(onEc2('bridge', web({ containerPortRange: range }))).message).toBe(
            `${at(0, 'containerPortRange')}: must be a range of ports from 1 to 65535, such as "8000-8010", got ${JSON.stringify(range)}`,
          );
      });

      it('should refuse a range outside bridge and awsvpc, and take it in both', () => {
        expect(rejection(onEc2('host', web({ containerPortRange: '8000-8010' }))).message).toBe(
          `${at(0, 'containerPortRange')}: needs networkMode bridge or awsvpc (AWS takes port ranges only there), got host`,
        );
        // none takes no mapping at all, a range no more than a port
        expect(rejection(onEc2('none', web({ containerPortRange: '8000-8010' }))).message).toBe(
          'taskDefinition.containerDefinitions[0].portMappings: must be empty with networkMode none: its containers have no network, and RegisterTaskDefinition refuses port mappings there',
        );
        for (const mode of ['bridge', 'awsvpc']) expect(() => loadScenario(onEc2(mode, web({ containerPortRange: '8000-8010' }, { containerPortRange: '9000-9001', protocol: 'udp' })))).not.toThrow();
        // the bridge default too
        expect(() => loadScenario({ taskDefinition: { family: 'web', containerDefinitions: [web({ containerPortRange: '8000-8010' })] }, launchType: 'EC2' })).not.toThrow();
      });

      it('should refuse a containerPort, a hostPort or a hostPortRange beside a range', () => {
        expect(rejection(onEc2('bridge', web({ containerPortRange: '8000-8010', containerPort: 8000 }))).message).toBe(
          `${at(0, 'containerPortRange')}: must not be given with a containerPort (a mapping maps one port or a range), got "8000-8010" beside containerPort 8000`,
        );
        expect(rejection(onEc2('bridge', web({ containerPortRange: '8000-8010', hostPort: 8000 }))).message).toBe(
          `${at(0, 'hostPort')}: must be left out with a containerPortRange (ECS picks a range's host ports: the same ports on awsvpc, ephemeral ones on bridge), got 8000`,
        );
        expect(rejection(onEc2('awsvpc', web({ containerPortRange: '8000-8010', hostPortRange: '8000-8010' }))).message).toBe(
          `${at(0, 'hostPortRange')}: must be left out (ECS sets a range's host ports itself: the same ports on awsvpc, ephemeral ones on bridge), got "8000-8010"`,
        );
        // 0 and null ask for no host port, as they do beside a containerPort
        expect(() => loadScenario(onEc2('bridge', web({ containerPortRange: '8000-8010', hostPort: 0, containerPort: null })))).not.toThrow();
      });

      it('should refuse a port in two mappings of a container: ranges overlapping each other or a containerPort, whatever the protocol', () => {
        expect(rejection(onEc2('bridge', web({ containerPortRange: '8000-8010' }, { containerPortRange: '8005-8020' }))).message).toBe(
          `${at(1, 'containerPortRange')}: must not overlap portMappings[0].containerPortRange "8000-8010" (a port can be in only one of a container's port mappings), got "8005-8020"`,
        );
        expect(rejection(onEc2('bridge', web({ containerPortRange: '8000-8010' }, { containerPort: 8010 }))).message).toBe(
          `${at(1, 'containerPort')}: must not be in portMappings[0].containerPortRange "8000-8010" (a port can be in only one of a container's port mappings), got 8010`,
        );
        expect(rejection(onEc2('awsvpc', web({ containerPort: 8000, protocol: 'udp' }, { containerPortRange: '7990-8000' }))).message).toBe(
          `${at(1, 'containerPortRange')}: must not include portMappings[0].containerPort 8000 (a port can be in only one of a container's port mappings, whatever its protocol), got "7990-8000"`,
        );
        // side by side is not overlapping
        expect(() => loadScenario(onEc2('bridge', web({ containerPortRange: '8000-8010' }, { containerPortRange: '8011-8020' }, { containerPort: 7999 })))).not.toThrow();
      });

      it('should refuse an awsvpc range meeting another container\'s port, bound on the one interface; on bridge each gets host ports of its own', () => {
        const two = (mode: string) => onEc2(mode, web({ containerPortRange: '8000-8010' }), { ...web({ containerPort: 8005 }), name: 'admin' });
        expect(rejection(two('awsvpc')).message).toBe(
          'taskDefinition.containerDefinitions[1].portMappings[0].containerPort: must not be in containerDefinitions[0].portMappings[0].containerPortRange "8000-8010" (TCP): an awsvpc task\'s containers share its network interface, where a port is bound once, got 8005',
        );
        expect(() => loadScenario(two('bridge'))).not.toThrow();
      });

      it('should refuse more than 100 ranges in a container, and a bridge range wider than the ephemeral ports', () => {
        const ranges = (n: number) => Array.from({ length: n }, (_, k) => ({ containerPortRange: `${10000 + 2 * k}-${10001 + 2 * k}` }));
        expect(() => loadScenario(onEc2('awsvpc', web(...ranges(100))))).not.toThrow();
        expect(rejection(onEc2('awsvpc', web(...ranges(101)))).message).toBe(
          'taskDefinition.containerDefinitions[0].portMappings: at most 100 port ranges (containerPortRange) per container, got 101',
        );
        // each port of a bridge range takes a host port of the ephemeral range (32768–60999)
        expect(rejection(onEc2('bridge', web({ containerPortRange: '1-40000' }))).message).toBe(
          `${at(0, 'containerPortRange')}: the task would bind more than 28,232 dynamic host ports, all an instance has (32768–60999): a bridge range takes one for each of its ports, got "1-40000"`,
        );
        expect(() => loadScenario(onEc2('awsvpc', web({ containerPortRange: '1-40000' })))).not.toThrow();
      });
    });
  });
});
