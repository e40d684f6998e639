// Shared test inputs: the real inputs beside the checkout (or their copies), and a
// Fargate web task behind a load balancer with service discovery.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import type { TaskStatus } from '../../machines/status.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The real inputs beside the checkout (../shared/realworld); a clone on its own has copies in test/fixtures/realworld. */
export const sharedRealworld = resolve(repoRoot, '../shared/realworld');
export const realworld = existsSync(sharedRealworld) ? sharedRealworld : join(repoRoot, 'test/fixtures/realworld');

export function realTaskDefinitions(): { file: string; json: Record<string, unknown> }[] {
  const dir = join(realworld, 'task-definitions');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

export const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
export const REGISTRY_ARN = 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef';

/** A Fargate definition with one nginx container `web`, plus `web`'s extra fields. */
export function webDefinition(web: Record<string, unknown> = {}) {
  return {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', portMappings: [{ containerPort: 80 }], ...web }],
  };
}

/**
 * A Fargate web task with one target group *and* a Cloud Map registry (both hold
 * it in ACTIVATING), stopped at 600 s unless `extra` says otherwise.
 */
export function fargateWeb(extra: Record<string, unknown> = {}): Scenario {
  return loadScenario({
    taskDefinition: webDefinition(),
    loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
    serviceRegistries: [{ registryArn: REGISTRY_ARN }],
    timeline: [{ at: 600, action: 'StopTask', reason: 'Deploying a new version' }],
    ...extra,
  });
}

export function run(s: Scenario, untilSeconds = 3600) {
  const sim = createSimulation(s);
  sim.runUntil(untilSeconds * 1000);
  return sim;
}

/** The task's lastStatus values in the order it visited them. */
export function statuses(sim: ReturnType<typeof run>): TaskStatus[] {
  return sim.trace.filter((e) => e.actor === 'task' && !e.to.startsWith('desired')).map((e) => e.to as TaskStatus);
}

/** When `actor` entered state `to` (virtual ms), or undefined. */
export function enteredAt(sim: ReturnType<typeof run>, actor: string, to: string): number | undefined {
  return sim.trace.find((e) => e.actor === actor && e.to === to)?.t;
}

/** §1 of the facts: the states a task visits on a normal run and stop. */
export function expectedStatuses(awsvpc: boolean, registered: boolean): TaskStatus[] {
  const all: [TaskStatus, boolean][] = [
    ['PROVISIONING', awsvpc],
    ['PENDING', true],
    ['ACTIVATING', registered],
    ['RUNNING', true],
    ['DEACTIVATING', registered],
    ['STOPPING', true],
    ['DEPROVISIONING', awsvpc],
    ['STOPPED', true],
  ];
  return all.filter(([, on]) => on).map(([s]) => s);
}
