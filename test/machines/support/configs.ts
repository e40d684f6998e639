// The configuration matrix of the model-based tests: launch type × network
// mode × target groups × registry × containers, and on EC2 a task that waits
// for capacity (PlaceTask). Scenarios go through the real
// loader, so the shape is the one `ecs-lifecycle paths` would use.
import { TASK_STATUSES, type TaskStatus } from '../../../machines/status.ts';
import type { TaskShape } from '../../../machines/task.types.ts';
import { loadScenario } from '../../../src/sim/scenario/load.ts';
import type { Scenario } from '../../../src/sim/scenario/types.ts';
import { taskShape } from '../../../src/sim/timings.ts';

export interface Config {
  title: string;
  scenario: Scenario;
  shape: TaskShape;
}

const NETWORKS = [
  ['FARGATE', 'awsvpc'],
  ['EC2', 'awsvpc'],
  ['EC2', 'bridge'],
  ['EC2', 'host'],
] as const;
const TARGET_GROUPS = [0, 1, 5] as const;
const HEALTH = { command: ['CMD-SHELL', 'true'] };

/**
 * One essential container; or an essential app with a health check and a
 * startTimeout, and a non-essential sidecar that waits for it to be HEALTHY.
 */
const CONTAINER_SETS = {
  essential: [{ name: 'app', image: 'app:1', portMappings: [{ containerPort: 80 }] }],
  'essential+sidecar': [
    { name: 'app', image: 'app:1', portMappings: [{ containerPort: 80 }], healthCheck: HEALTH, startTimeout: 60 },
    { name: 'log', image: 'log:1', essential: false, dependsOn: [{ containerName: 'app', condition: 'HEALTHY' }] },
  ],
} as const;

const EXECUTION_ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const SECRET = { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/mbt/db' };

/** A dependsOn chain of every other condition: an init job that must succeed, the app, a log router started with it. */
const CHAIN = [
  { name: 'init', image: 'init:1', essential: false },
  { name: 'app', image: 'app:1', portMappings: [{ containerPort: 80 }], dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] },
  { name: 'log', image: 'log:1', essential: false, dependsOn: [{ containerName: 'app', condition: 'START' }] },
];

export function scenarioFor(
  launchType: string,
  networkMode: string,
  targets: number,
  registry: boolean,
  containers: readonly object[],
  faults: object[] = [],
  extra: Record<string, unknown> = {},
): Scenario {
  // a task waits for capacity only on an Auto Scaling group capacity provider
  const waits = faults.some((f) => (f as { step: string }).step === 'PlaceTask');
  return loadScenario({
    faults,
    taskDefinition: { family: 'mbt', networkMode, requiresCompatibilities: [launchType], cpu: '256', memory: '512', executionRoleArn: EXECUTION_ROLE, containerDefinitions: containers },
    // Fargate tasks run on Fargate Spot, so that Spot interruptions are explored too
    ...(waits ? { capacityProviderStrategy: [{ capacityProvider: 'mbt-asg', weight: 1 }] } : launchType === 'FARGATE' ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] } : { launchType }),
    loadBalancers: Array.from({ length: targets }, (_, i) => ({
      targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg${i}/0123456789abcdef`,
      containerName: 'app',
      containerPort: 80,
    })),
    // bridge and host name the container and port the SRV record points at (CreateService requires them)
    serviceRegistries: registry ? [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef', ...(networkMode === 'awsvpc' ? {} : { containerName: 'app', containerPort: 80 }) }] : [],
    ...extra,
  });
}

export function configs(): Config[] {
  const out: Config[] = [];
  for (const [launch, network] of NETWORKS)
    for (const targets of TARGET_GROUPS)
      for (const registry of [false, true])
        for (const [set, containers] of Object.entries(CONTAINER_SETS)) {
          const scenario = scenarioFor(launch, network, targets, registry, containers);
          const title = `${launch} ${network}, ${targets} target group(s), ${registry ? 'registry' : 'no registry'}, ${set}`;
          out.push({ title, scenario, shape: taskShape(scenario) });
        }
  // Waiting for capacity changes only the start: one container set is enough.
  for (const [launch, network] of NETWORKS.filter(([l]) => l === 'EC2'))
    for (const targets of TARGET_GROUPS)
      for (const registry of [false, true]) {
        const scenario = scenarioFor(launch, network, targets, registry, CONTAINER_SETS.essential, [{ step: 'PlaceTask' }]);
        const title = `${launch} ${network}, ${targets} target group(s), ${registry ? 'registry' : 'no registry'}, essential, waits for capacity`;
        out.push({ title, scenario, shape: taskShape(scenario) });
      }
  // Beyond the matrix, what else changes the paths: the world's options (a drain shorter than
  // the stops, so after a Spot notice a drain may end first; a scheduler), the other dependsOn
  // conditions, the other launch type and network mode, 2 target groups.
  const extras: [string, Scenario][] = [
    ['FARGATE awsvpc, 2 target group(s), registry, essential+sidecar, deregistration delay 0', scenarioFor('FARGATE', 'awsvpc', 2, true, CONTAINER_SETS['essential+sidecar'], [], { settings: { deregistrationDelaySeconds: 0 } })],
    ['FARGATE awsvpc, 1 target group(s), no registry, essential, a service task', scenarioFor('FARGATE', 'awsvpc', 1, false, CONTAINER_SETS.essential, [], { service: { serviceName: 'mbt', desiredCount: 1 } })],
    ['EC2 bridge, 1 target group(s), no registry, init+app+log (dependsOn SUCCESS and START)', scenarioFor('EC2', 'bridge', 1, false, CHAIN)],
    ['EXTERNAL bridge, 0 target group(s), no registry, essential', scenarioFor('EXTERNAL', 'bridge', 0, false, [{ name: 'app', image: 'app:1' }])],
    ['EC2 none, 0 target group(s), no registry, essential', scenarioFor('EC2', 'none', 0, false, [{ name: 'app', image: 'app:1' }])],
    // a secret to retrieve before the pulls, which may not be there
    ['FARGATE awsvpc, 1 target group(s), registry, essential with a secret', scenarioFor('FARGATE', 'awsvpc', 1, true, [{ ...CONTAINER_SETS.essential[0], secrets: [SECRET] }])],
    ['EC2 bridge, 0 target group(s), no registry, essential+sidecar, the sidecar with a secret', scenarioFor('EC2', 'bridge', 0, false, [CONTAINER_SETS['essential+sidecar'][0], { ...CONTAINER_SETS['essential+sidecar'][1], secrets: [SECRET] }])],
  ];
  for (const [title, scenario] of extras) out.push({ title, scenario, shape: taskShape(scenario) });
  return out;
}

/** §1–§2 of the facts: the states a task with this shape may ever visit. */
export function allowedStates(shape: TaskShape): Set<TaskStatus> {
  const registers = shape.targets > 0 || shape.registry;
  return new Set(
    TASK_STATUSES.filter((s) => {
      if (s === 'PROVISIONING') return shape.eni || shape.capacity;
      if (s === 'DEPROVISIONING') return shape.eni;
      if (s === 'ACTIVATING' || s === 'DEACTIVATING') return registers;
      return true;
    }),
  );
}

/** §1's table: the states of a normal run and stop. */
export const normalRun = (shape: TaskShape): TaskStatus[] => TASK_STATUSES.filter((s) => allowedStates(shape).has(s));
