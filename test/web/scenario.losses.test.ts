// A setting that takes part of the scenario with it puts the scenario aside;
// one that changes a value in place does not (the list keeps five).
import { describe, expect, it } from 'vitest';
import { removesParts } from '../../src/web/scenario.losses.ts';

const td = { family: 'web', networkMode: 'awsvpc', containerDefinitions: [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }] }] };
const lb = (name: string) => ({ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/73e2d6bc24d8a067`, containerName: 'web', containerPort: 80 });
const text = (o: object) => JSON.stringify(o, null, 2);

describe('whether a setting removed part of the scenario', () => {
  it('should say so for a removed field, list item or emptied list', () => {
    const before = text({ taskDefinition: td, loadBalancers: [lb('a'), lb('b')], faults: [{ step: 'RegisterTargets' }] });
    expect(removesParts(before, text({ taskDefinition: td, loadBalancers: [lb('a')], faults: [{ step: 'RegisterTargets' }] }))).toBe(true);
    expect(removesParts(before, text({ taskDefinition: { ...td, containerDefinitions: [{ name: 'web', image: 'nginx' }] }, loadBalancers: [lb('a'), lb('b')], faults: [{ step: 'RegisterTargets' }] }))).toBe(true);
    expect(removesParts(before, text({ taskDefinition: td, loadBalancers: [lb('a'), lb('b')], faults: [] }))).toBe(true);
  });

  it('should not for a value changed in place, or for what was only added', () => {
    const before = text({ taskDefinition: td, launchType: 'FARGATE' });
    expect(removesParts(before, text({ taskDefinition: { ...td, networkMode: 'bridge', cpu: '256' }, launchType: 'EC2' }))).toBe(false);
    expect(removesParts(before, text({ taskDefinition: td, launchType: 'FARGATE', loadBalancers: [lb('a')] }))).toBe(false);
    // a bare task definition is the same scenario once the setting wraps it
    expect(removesParts(text(td), text({ taskDefinition: td, launchType: 'EC2' }))).toBe(false);
  });
});
