// Picking network mode none on the page: what a task with no network cannot
// have goes, and the page says what went (scenario.rewrite.ts).
import { describe, expect, it } from 'vitest';
import { dropNetworkUses, dropTargetGroupSettings, switchLaunch, type Obj } from '../../src/web/scenario.rewrite.ts';
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

  it('should take the target group settings away with the last target group, so no note is left that only the JSON could answer', () => {
    const o = scenario({
      loadBalancers: [{ targetGroupArn: TG(1), containerName: 'web', containerPort: 80 }],
      settings: { deregistrationDelaySeconds: 30, healthyThresholdCount: 2, region: 'eu-west-1' },
    });
    // still a target group: they stay
    expect(dropTargetGroupSettings(o)).toBe('');
    expect(o.settings).toEqual({ deregistrationDelaySeconds: 30, healthyThresholdCount: 2, region: 'eu-west-1' });
    expect(dropNetworkUses(o)).toBe(
      'Network mode none: its containers have no network, so the port mappings of web and the target group were removed. settings.deregistrationDelaySeconds and settings.healthyThresholdCount removed with the target groups: they are settings of a target group.',
    );
    expect(o.settings).toEqual({ region: 'eu-west-1' });
    expect(parseScenario(JSON.stringify(o)).warnings ?? []).toEqual([]);
  });

  it('should take them away when ECS Anywhere takes the load balancer away', () => {
    const o = scenario({ loadBalancers: [{ targetGroupArn: TG(1), containerName: 'web', containerPort: 80 }], settings: { deregistrationDelaySeconds: 0 } });
    o.taskDefinition.networkMode = 'bridge';
    expect(switchLaunch(o, 'EXTERNAL', null)).toContain('settings.deregistrationDelaySeconds removed with the target groups: it is a setting of a target group.');
    expect(parseScenario(JSON.stringify(o)).warnings ?? []).toEqual([]);
  });
});
