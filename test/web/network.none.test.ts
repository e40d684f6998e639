// Picking network mode none on the page: what a task with no network cannot
// have goes, and the page says what went (scenario.rewrite.ts).
import { describe, expect, it } from 'vitest';
import { dropNetworkUses, type Obj } from '../../src/web/scenario.rewrite.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';

const TG = (n: number) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-${n}/73e2d6bc24d8a06${n}`;
const scenario = (extra: object): Obj => ({
  taskDefinition: {
    family: 'web',
    networkMode: 'none',
    requiresCompatibilities: ['EC2'],
    containerDefinitions: [
      { name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] },
      { name: 'log', image: 'fluent-bit', memory: 64, essential: false },
    ],
  },
  launchType: 'EC2',
  ...extra,
});

describe('network mode none on the page', () => {
  it('should remove the port mappings, target groups and registry, say so, and leave a scenario that loads', () => {
    const o = scenario({
      loadBalancers: [1, 2].map((n) => ({ targetGroupArn: TG(n), containerName: 'web', containerPort: 80 })),
      serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-web' }],
    });
    expect(dropNetworkUses(o)).toBe('Network mode none: its containers have no network, so the port mappings of web, the 2 target groups and the Cloud Map registry were removed.');
    expect(o.loadBalancers).toBeUndefined();
    expect(o.serviceRegistries).toBeUndefined();
    expect(parseScenario(JSON.stringify(o)).taskDefinition.containerDefinitions.map((c) => c.portMappings)).toEqual([[], []]);
  });

  it('should say "was" for one target group alone, and nothing when nothing went', () => {
    const o = scenario({ service: { serviceName: 'web', desiredCount: 1, loadBalancers: [{ targetGroupArn: TG(1), containerName: 'web', containerPort: 80 }] } });
    (o.taskDefinition.containerDefinitions as { portMappings?: unknown }[])[0]!.portMappings = [];
    // a CreateService-style service holds its own load balancers: they go from there
    expect(dropNetworkUses(o)).toBe('Network mode none: its containers have no network, so the target group was removed.');
    expect((o.service as Record<string, unknown>).loadBalancers).toBeUndefined();
    expect(dropNetworkUses(o)).toBe('');
  });
});
