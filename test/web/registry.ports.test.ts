// A Cloud Map registry on a bridge or host task names the container and port
// its SRV record points at (CreateService requires them): the page fills them
// in when it turns discovery on or changes the network mode (scenario.rewrite.ts).
import { describe, expect, it } from 'vitest';
import { awsLikeId, BASE36, fitRegistries, HEX, mappedPort, type Obj } from '../../src/web/scenario.rewrite.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';

const SRV = 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-web';
const scenario = (networkMode: string, containers: object[], extra: object = {}): Obj => ({
  taskDefinition: { family: 'web', networkMode, requiresCompatibilities: ['EC2'], containerDefinitions: containers as Obj['taskDefinition'][] },
  launchType: 'EC2',
  ...extra,
});
const log = { name: 'log', image: 'fluent-bit', memory: 64, essential: false };
const web = { name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 8080, hostPort: 0 }] };

describe('a Cloud Map registry on a bridge or host task, on the page', () => {
  it('should name the first container that maps a port, say so, and leave a scenario that loads', () => {
    for (const mode of ['bridge', 'host']) {
      const o = scenario(mode, [{ ...log }, structuredClone(web)], { serviceRegistries: [{ registryArn: SRV }] });
      expect(fitRegistries(o)).toBe(
        `The Cloud Map registry now names container web and port 8080: with networkMode ${mode} CreateService requires a container and the port it maps, and takes no port of its own (its SRV record points at the port the container maps).`,
      );
      expect(o.serviceRegistries).toEqual([{ registryArn: SRV, containerName: 'web', containerPort: 8080 }]);
      expect(parseScenario(JSON.stringify(o)).serviceRegistries).toEqual([{ registryArn: SRV, containerName: 'web', containerPort: 8080 }]);
      // done once: nothing more to say
      expect(fitRegistries(o)).toBe('');
    }
  });

  it('should leave an awsvpc registry as it is, where an A record needs neither', () => {
    const o = scenario('awsvpc', [structuredClone(web)], { serviceRegistries: [{ registryArn: SRV, port: 9000 }] });
    expect(fitRegistries(o)).toBe('');
    expect(o.serviceRegistries).toEqual([{ registryArn: SRV, port: 9000 }]);
  });

  it('should replace an awsvpc port with a container and its port, in a service that holds its own registry', () => {
    const o = scenario('bridge', [structuredClone(web)], { service: { serviceName: 'web', serviceRegistries: [{ registryArn: SRV, port: 9000 }] } });
    fitRegistries(o);
    expect((o.service as { serviceRegistries: unknown }).serviceRegistries).toEqual([{ registryArn: SRV, containerName: 'web', containerPort: 8080 }]);
    expect(parseScenario(JSON.stringify(o)).serviceRegistries).toHaveLength(1);
  });

  it('should map port 80 on the first container when none maps a port, as the target groups do, and say so', () => {
    const o = scenario('host', [{ ...log, essential: true }], { serviceRegistries: [{ registryArn: SRV }] });
    expect(fitRegistries(o)).toMatch(/^The Cloud Map registry now names container log and port 80 \(log mapped no port, so containerPort 80 was added to it: change both to the port it listens on\): /);
    expect(o.taskDefinition.containerDefinitions?.[0]?.portMappings).toEqual([{ containerPort: 80 }]);
    expect(parseScenario(JSON.stringify(o)).serviceRegistries).toEqual([{ registryArn: SRV, containerName: 'log', containerPort: 80 }]);
  });

  it('should keep a container and port that are right, and a named container that maps a port', () => {
    const containers = () => [{ ...structuredClone(web), portMappings: [{ containerPort: 8080 }, { containerPort: 9090 }] }, { ...log, portMappings: [{ containerPort: 24224 }] }];
    // right as given: only the awsvpc port goes
    const right = scenario('bridge', containers(), { serviceRegistries: [{ registryArn: SRV, containerName: 'web', containerPort: 9090, port: 53 }] });
    expect(fitRegistries(right)).toMatch(/^The Cloud Map registry’s port went: /);
    expect(right.serviceRegistries).toEqual([{ registryArn: SRV, containerName: 'web', containerPort: 9090 }]);
    // a container named without its port: that container's
    const named = scenario('bridge', containers(), { serviceRegistries: [{ registryArn: SRV, containerName: 'log' }] });
    fitRegistries(named);
    expect(named.serviceRegistries).toEqual([{ registryArn: SRV, containerName: 'log', containerPort: 24224 }]);
    expect(mappedPort(named, 'nobody')).toEqual({ name: 'web', port: 8080, mapped: false });
  });

  it('should not take a port range for a port: a container mapping only a containerPortRange gets port 80 mapped', () => {
    const ranged = { ...structuredClone(web), portMappings: [{ containerPortRange: '8000-8010' }] };
    const o = scenario('bridge', [ranged], { serviceRegistries: [{ registryArn: SRV }] });
    fitRegistries(o);
    expect(o.taskDefinition.containerDefinitions?.[0]?.portMappings).toEqual([{ containerPortRange: '8000-8010' }, { containerPort: 80 }]);
    expect(o.serviceRegistries).toEqual([{ registryArn: SRV, containerName: 'web', containerPort: 80 }]);
  });
});

describe('the ids a setting writes into an ARN', () => {
  it('should have the shape AWS gives them, and be the same for the same name and differ for another', () => {
    const tg = awsLikeId('shop-1', 16, HEX);
    expect(tg).toMatch(/^[0-9a-f]{16}$/);
    expect(awsLikeId('shop-1', 16, HEX)).toBe(tg);
    expect(awsLikeId('shop-2', 16, HEX)).not.toBe(tg);
    expect(awsLikeId('shop', 16, BASE36)).toMatch(/^[0-9a-z]{16}$/);
  });
});
