// A setting that takes away what a fault acts on (the last target group, the
// registry, awsvpc): the fault goes, and the page says which and why, in words
// true of that fault (scenario.rewrite.ts).
import { describe, expect, it } from 'vitest';
import { dropImpossibleFaultsSaid, type Obj } from '../../src/web/scenario.rewrite.ts';
import { webTd } from '../support/service.ts';

const TG = (n: number) => ({ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-${n}/73e2d6bc24d8a06${n}`, containerName: 'web', containerPort: 80 });
const said = (o: Record<string, unknown>) => {
  const copy = structuredClone(o) as Obj;
  return { said: dropImpossibleFaultsSaid(copy), faults: copy.faults };
};

describe('faults a setting takes away', () => {
  it('should say a target fault went with the last target group, or with the one it names', () => {
    expect(said({ taskDefinition: webTd(), faults: [{ step: 'RegisterTargets' }, { step: 'HealthCheck' }] })).toEqual({
      said: 'RegisterTargets fault removed: there is no target group left to register with. HealthCheck fault removed: with no target group, no load balancer checks the task (a container healthCheck fault names its container).',
      faults: [],
    });
    // two target groups down to one: the fault on the second goes, the one on the first stays
    expect(said({ taskDefinition: webTd(), loadBalancers: [TG(1)], faults: [{ step: 'RegisterTargets', targetGroup: 1 }, { step: 'RegisterTargets', targetGroup: 0 }] })).toEqual({
      said: 'RegisterTargets fault removed: the target group it names (targetGroup 1) is gone.',
      faults: [{ step: 'RegisterTargets', targetGroup: 0 }],
    });
  });

  it("should keep a health check fault given by image whose container has a healthCheck of its own: it still fails that check", () => {
    const td = { ...webTd(), containerDefinitions: webTd().containerDefinitions.map((c) => ({ ...c, healthCheck: { command: ['CMD', 'true'] } })) };
    const image = webTd().containerDefinitions[0]!.image;
    expect(said({ taskDefinition: td, service: { serviceName: 'web' }, faults: [{ step: 'HealthCheck', image }] })).toEqual({ said: '', faults: [{ step: 'HealthCheck', image }] });
    // without one, nothing is left to fail
    expect(said({ taskDefinition: webTd(), service: { serviceName: 'web' }, faults: [{ step: 'HealthCheck', image }] }).faults).toEqual([]);
  });

  it('should say nothing when nothing went', () => {
    expect(said({ taskDefinition: webTd(), loadBalancers: [TG(0)], faults: [{ step: 'RegisterTargets' }] })).toEqual({ said: '', faults: [{ step: 'RegisterTargets' }] });
  });
});
