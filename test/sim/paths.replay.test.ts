// The simulation and the chart must agree: generated lifecycles, replayed
// through the real clock-driven actors, visit the same lastStatus sequence.
import { describe, expect, it } from 'vitest';
import { generateLifecycles } from '../../src/sim/paths/lifecycles.ts';
import { worldOptions } from '../../src/sim/paths/world.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { taskShape } from '../../src/sim/timings.ts';
import { replay } from './paths.replay.ts';

const TG = (i: number) => ({ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg${i}/0123456789abcdef`, containerName: 'web', containerPort: 80 });
const web = { name: 'web', image: 'nginx:1.27', memory: 256, portMappings: [{ containerPort: 80 }], healthCheck: { command: ['CMD-SHELL', 'true'] } };
const sidecar = { name: 'log', image: 'log:1', memory: 64, essential: false, dependsOn: [{ containerName: 'web', condition: 'START' }] };

const SAMPLES: Record<string, Record<string, unknown>> = {
  'Fargate, one target group and a registry': {
    taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [web] },
    loadBalancers: [TG(0)],
    serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef' }],
  },
  'EC2 bridge with a sidecar and two target groups': {
    taskDefinition: { family: 'web', networkMode: 'bridge', containerDefinitions: [web, sidecar] },
    loadBalancers: [TG(0), TG(1)],
  },
  'EC2 awsvpc waiting for capacity, one target group': {
    taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['EC2'], containerDefinitions: [web] },
    loadBalancers: [TG(0)],
    capacityProviderStrategy: [{ capacityProvider: 'web-asg', weight: 1 }],
    faults: [{ step: 'PlaceTask', capacityAfterSeconds: 60 }],
  },
  'EC2 host, no load balancer': { taskDefinition: { family: 'web', networkMode: 'host', containerDefinitions: [web, sidecar] } },
};

describe('generated lifecycles replayed through the simulation', () => {
  for (const [title, raw] of Object.entries(SAMPLES)) {
    describe(title, () => {
      const scenario = loadScenario(raw);
      for (const l of generateLifecycles(taskShape(scenario), worldOptions(scenario))) {
        it(`${l.id}: should visit ${l.statuses.join(' → ')} in the simulation too`, () => {
          const { statuses, sim } = replay(raw, l);
          expect(statuses).toEqual(l.statuses);
          expect(sim.view().stopCode).toBe(l.stopCode);
        });
      }
    });
  }
});
