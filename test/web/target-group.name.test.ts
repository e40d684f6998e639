// The target groups the Target groups box adds are named after the family:
// the scenario loader warns of a name AWS would refuse, so the page must not make one.
import { describe, expect, it } from 'vitest';
import { targetGroupName } from '../../src/web/scenario.rewrite.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';

const withTargetGroup = (family: string) => ({
  taskDefinition: { family, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }] }] },
  loadBalancers: [{ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${targetGroupName(family, 5)}/73e2d6bc24d8a067`, containerName: 'web', containerPort: 80 }],
});

describe('the name of a target group the settings add', () => {
  it('should be the family and its number where the family is a valid name, as before', () => {
    expect(targetGroupName('web', 1)).toBe('web-1');
    expect(targetGroupName('nginx-fargate', 2)).toBe('nginx-fargate-2');
  });

  it('should make a name AWS takes from any family ECS takes (underscores, 255 characters, hyphens at the ends)', () => {
    expect(targetGroupName('my_app__svc', 1)).toBe('my-app-svc-1');
    expect(targetGroupName('_private', 3)).toBe('private-3');
    expect(targetGroupName('a'.repeat(255), 5)).toBe(`${'a'.repeat(30)}-5`);
    expect(targetGroupName('abcdefghijklmnopqrstuvwxyz1234_x', 1)).toBe('abcdefghijklmnopqrstuvwxyz1234-1');
    expect(targetGroupName('___', 1)).toBe('tg-1');
    for (const family of ['my_app__svc', '_private', 'a'.repeat(255), 'abcdefghijklmnopqrstuvwxyz1234_x', '___', 'web'])
      expect(loadScenario(withTargetGroup(family)).warnings, family).toBeUndefined();
  });
});
