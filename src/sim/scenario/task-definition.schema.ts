// The task definition as users register it (register-task-definition input)
// or as describe-task-definition prints it. Objects strip every key we do not
// model (portMappings, logConfiguration, volumes, taskDefinitionArn, …): real
// definitions are full of them, and rejecting them would reject real files.
// Checks that need the whole definition (names, dependsOn) are in task-definition.ts.
import { z } from 'zod';
import { DEPENDENCY_CONDITIONS } from '../../../machines/task.types.ts';
import { NETWORK_MODES } from './types.ts';
import { ecsName, flag, int, list, object, oneOf, opt, says, text, units } from './fields.ts';

/** EC2 has no documented ceiling (the agent's ECS_CONTAINER_STOP_TIMEOUT applies); we cap at an hour. */
export const MAX_STOP_TIMEOUT_SECONDS = 3600;
/** "For tasks that use the Fargate launch type, the max stop timeout value is 120 seconds" (ContainerDefinition). */
export const MAX_FARGATE_STOP_TIMEOUT_SECONDS = 120;
export const MIN_FARGATE_STOP_TIMEOUT_SECONDS = 2;

// ECS field names (interval, timeout, …) in, our *Seconds names out; ranges and
// defaults from the HealthCheck API reference.
const healthCheck = object(
  {
    interval: opt(int(5, 300, ' seconds'), 30),
    timeout: opt(int(2, 60, ' seconds'), 5),
    retries: opt(int(1, 10), 3),
    startPeriod: opt(int(0, 300, ' seconds'), 0),
  },
  'an object with interval, timeout, retries and startPeriod',
).transform((h) => ({
  intervalSeconds: h.interval,
  timeoutSeconds: h.timeout,
  retries: h.retries,
  startPeriodSeconds: h.startPeriod,
}));

const dependency = object({
  containerName: text('must be the name of a container in this task definition'),
  condition: oneOf('condition', DEPENDENCY_CONDITIONS),
});

// The raw portMappings read twice: as container ports, and as host bindings.
const container = z.preprocess((raw) => (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, hostPorts: (raw as { portMappings?: unknown }).portMappings } : raw), object({
  name: ecsName(),
  image: text(),
  essential: opt(flag(), true),
  // container-level CPU units, shown in events as a string (AWS: "cpu": "0")
  cpu: opt(z.union([z.number().int().min(0), z.string().regex(/^\d+$/).transform(Number)], { error: says('must be a number of CPU units (an integer ≥ 0, or one written as a string such as "256")') }), 0),
  // MiB: the hard limit and the soft reservation (they must fit in a Fargate task's memory)
  memory: opt(z.number({ error: says('must be a number of MiB') }).int().min(0), null),
  memoryReservation: opt(z.number({ error: says('must be a number of MiB') }).int().min(0), null),
  dependsOn: opt(list(dependency, 'an array of { containerName, condition }'), []),
  stopTimeout: opt(
    int(0, MAX_STOP_TIMEOUT_SECONDS, ` seconds (${MIN_FARGATE_STOP_TIMEOUT_SECONDS} to ${MAX_FARGATE_STOP_TIMEOUT_SECONDS} on Fargate)`),
    null,
  ),
  healthCheck: opt(healthCheck, null),
  // how long a container depending on this one (COMPLETE, SUCCESS, HEALTHY) waits for it
  startTimeout: opt(int(1, 86_400, ' seconds'), null),
  // The container ports (a load balancer must name one) and the host ports
  // they bind (placement on EC2 instances); entries with port ranges or other
  // shapes are real too, and are ignored.
  portMappings: z
    .unknown()
    .optional()
    .transform((pm) => (Array.isArray(pm) ? pm.map((p) => (p as { containerPort?: unknown } | null)?.containerPort).filter((n): n is number => typeof n === 'number') : [])),
  hostPorts: z.unknown().optional(),
}).transform(({ hostPorts, ...c }) => ({ ...c, portBindings: bindings(hostPorts) })));

/** Each mapping's containerPort and its hostPort (null when left out or 0: a dynamic port on bridge, the containerPort on host). */
function bindings(pm: unknown): { containerPort: number; hostPort: number | null }[] {
  if (!Array.isArray(pm)) return [];
  return pm.flatMap((p) => {
    const m = p as { containerPort?: unknown; hostPort?: unknown } | null;
    if (typeof m?.containerPort !== 'number') return [];
    return [{ containerPort: m.containerPort, hostPort: typeof m.hostPort === 'number' && m.hostPort > 0 ? m.hostPort : null }];
  });
}

const containers = z.array(container, {
  error: (issue) =>
    issue.input === undefined
      ? 'at least one container is required'
      : says('must be an array of container definitions')(issue),
}).min(1, { error: 'at least one container is required' });

export const taskDefinitionSchema = object(
  {
    family: opt(ecsName(), 'task'),
    revision: opt(z.number({ error: says('must be a positive integer') }).int().min(1), 1),
    // null here means "not given": the default depends on the launch type (task-definition.ts).
    networkMode: opt(oneOf('network mode', NETWORK_MODES), null),
    requiresCompatibilities: opt(list(text(), 'an array such as ["FARGATE"]'), []),
    cpu: units(),
    memory: units(),
    containerDefinitions: containers,
  },
  'an object (a task definition)',
);

export type ParsedTaskDefinition = z.output<typeof taskDefinitionSchema>;
