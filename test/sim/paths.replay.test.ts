// The simulation and the chart must agree: generated lifecycles, replayed
// through the real clock-driven actors, visit the same lastStatus sequence.
import { describe, expect, it } from 'vitest';
import { scenarioLifecycles } from '../../src/sim/paths/scenario-lifecycles.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { replay } from './paths.replay.ts';

const TG = (i: number) => ({ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg${i}/0123456789abcdef`, containerName: 'web', containerPort: 80 });
const web = { name: 'web', image: 'nginx:1.27', memory: 256, portMappings: [{ containerPort: 80 }], healthCheck: { command: ['CMD-SHELL', 'true'] } };
const sidecar = { name: 'log', image: 'log:1', memory: 64, essential: false, dependsOn: [{ containerName: 'web', condition: 'START' }] };
// a secret to retrieve, which may not be there (RetrieveSecrets): on Fargate before the pulls, on EC2 while they go on
const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const withSecret = <T extends object>(c: T) => ({ ...c, secrets: [{ name: 'TOKEN', valueFrom: '/web/token' }] });

const SAMPLES: Record<string, Record<string, unknown>> = {
  'Fargate, one target group and a registry, a secret': {
    taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', executionRoleArn: ROLE, containerDefinitions: [withSecret(web)] },
    loadBalancers: [TG(0)],
    serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef' }],
  },
  'EC2 bridge with a sidecar (holding a secret) and two target groups': {
    taskDefinition: { family: 'web', networkMode: 'bridge', executionRoleArn: ROLE, containerDefinitions: [web, withSecret(sidecar)] },
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
      // every lifecycle, and those where a secret is not there (told apart only by their reason)
      const secretFailures = scenarioLifecycles(scenario, { distinct: 'outcomes' }).filter((l) => l.steps.some((s) => s.startsWith('task.secretsFailed ')));
      if (title.includes('secret')) it('should list a secret that is not there', () => expect(secretFailures.length).toBeGreaterThan(0));
      const lifecycles = [...scenarioLifecycles(scenario).map((l) => [l.id, l] as const), ...secretFailures.map((l) => [`${l.id} (a secret not there)`, l] as const)];
      for (const [name, l] of lifecycles) {
        it(`${name}: should visit ${l.statuses.join(' → ')} in the simulation too`, () => {
          const { statuses, sim } = replay(raw, l);
          expect(statuses).toEqual(l.statuses);
          expect(sim.view().stopCode).toBe(l.stopCode);
        });
      }
    });
  }
});
