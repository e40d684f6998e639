// Service scenarios for tests, and a replay of who was RUNNING/active when.
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { TG_ARN } from './scenarios.ts';

export const webTd = (image = 'registry.example/app:1') => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'web', image, portMappings: [{ containerPort: 80 }] }],
});

export function webService(service: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return loadScenario({
    taskDefinition: webTd(),
    service: { serviceName: 'web', loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }], ...service },
    ...extra,
  });
}

export function runService(s: ReturnType<typeof webService>, untilSeconds = 20_000) {
  const sim = new ServiceSimulation(s);
  sim.runUntil(untilSeconds * 1000);
  return sim;
}

/** After every task event, in order: how many tasks are RUNNING and how many are active (desired RUNNING, not stopped). */
export function countsOverTime(sim: ServiceSimulation): { t: number; running: number; active: number }[] {
  const state = new Map<number, { status: string; desired: string }>();
  const out: { t: number; running: number; active: number }[] = [];
  for (const o of sim.occurrences) {
    if (o.kind !== 'task') continue;
    const f = o.task.frames[o.frame]!;
    state.set(o.task.index, { status: f.lastStatus, desired: f.context.desiredStatus });
    const all = [...state.values()];
    out.push({
      t: f.t,
      running: all.filter((s) => s.status === 'RUNNING').length,
      active: all.filter((s) => s.desired === 'RUNNING' && s.status !== 'STOPPED').length,
    });
  }
  return out;
}

export const noticesOf = (sim: ServiceSimulation) => sim.occurrences.flatMap((o) => (o.kind === 'service' ? [o.notice] : []));
