// The task definition as users register it (register-task-definition input)
// or as describe-task-definition prints it. Objects strip every key we do not
// model (logConfiguration, volumes, taskDefinitionArn, …): real
// definitions are full of them, and rejecting them would reject real files.
// Checks that need the whole definition (names, dependsOn) are in task-definition.ts.
import { z } from 'zod';
import { DEPENDENCY_CONDITIONS } from '../../../machines/task.types.ts';
import { CPU_ARCHITECTURES, NETWORK_MODES } from './types.ts';
import { taskDefinitionPlacementConstraints } from './placement-rules.ts';
import { valueFromProblem } from '../secrets.ts';
import { counts, ecsName, flag, int, list, object, oneOf, opt, printable, says, text, units, wholeNumber } from './fields.ts';
import { cpuUnits, memoryMiB } from './fargate-size.ts';
import { describe } from './errors.ts';

/** EC2 has no documented ceiling (the agent's ECS_CONTAINER_STOP_TIMEOUT applies); we cap at an hour. */
export const MAX_STOP_TIMEOUT_SECONDS = 3600;
/** "For tasks that use the Fargate launch type, the max stop timeout value is 120 seconds" (ContainerDefinition). */
export const MAX_FARGATE_STOP_TIMEOUT_SECONDS = 120;
export const MIN_FARGATE_STOP_TIMEOUT_SECONDS = 2;
/** A revision is an API Integer (32 bits). */
export const MAX_REVISION = 2_147_483_647;
/** ECS's quota of containers per task definition (not adjustable). */
export const MAX_CONTAINERS = 10;

const HEALTH_COMMAND = 'the command Docker runs, a list such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]';

// ECS field names (interval, timeout, …) in, our *Seconds names out; ranges and
// defaults from the HealthCheck API reference.
const healthCheck = object(
  {
    interval: opt(int(5, 300, ' seconds'), 30),
    timeout: opt(int(2, 60, ' seconds'), 5),
    retries: opt(int(1, 10), 3),
    startPeriod: opt(int(0, 300, ' seconds'), 0),
    // required by RegisterTaskDefinition; what it runs is not simulated (HealthCheck faults decide)
    // The HealthCheck API reference: the list must start with CMD (the arguments
    // run directly) or CMD-SHELL (run by the container's shell). Docker's
    // ["NONE"] turns a check off; ECS takes no such list, and read as a check it
    // would pass where Docker runs none.
    command: list(text(), HEALTH_COMMAND)
      .min(1, { error: says(`must be ${HEALTH_COMMAND}`) })
      .refine((c) => (c[0] === 'CMD' || c[0] === 'CMD-SHELL') && c.length > 1, {
        error: (issue) => {
          const c = issue.input as string[];
          const got = c.length === 1 && (c[0] === 'CMD' || c[0] === 'CMD-SHELL') ? `${c[0]} alone` : `a list starting with ${describe(c[0])}`;
          return `must start with "CMD" (the arguments run as they are) or "CMD-SHELL" (a command line for the container's shell), then the command, such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], got ${got}`;
        },
      }),
  },
  'an object with command, interval, timeout, retries and startPeriod',
).transform((h) => ({
  intervalSeconds: h.interval,
  timeoutSeconds: h.timeout,
  retries: h.retries,
  startPeriodSeconds: h.startPeriod,
}));

const OS_FAMILY = 'must be LINUX or a Windows Server family such as WINDOWS_SERVER_2022_CORE';
const osFamily = z.string({ error: says(OS_FAMILY) }).regex(/^(LINUX|WINDOWS_SERVER_[0-9A-Z]+_(CORE|FULL))$/, { error: says(OS_FAMILY) });

const dependency = object({
  containerName: text('must be the name of a container in this task definition'),
  condition: oneOf('condition', DEPENDENCY_CONDITIONS),
});

/** ECS's limit on containerPortRange mappings in one container (PortMapping, containerPortRange). */
export const MAX_PORT_RANGES = 100;

const RANGE_EXAMPLE = 'such as "8000-8010"';

// containerPortRange as the PortMapping API reference takes it: "first-last",
// ports 1 to 65535, the first lower than the last.
const portRange = z.unknown().transform((given, ctx) => {
  const m = typeof given === 'string' ? /^(\d{1,5})-(\d{1,5})$/.exec(given) : null;
  const [first, last] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  const problem = !m
    ? `must be a range of ports ${RANGE_EXAMPLE}`
    : first < 1 || last > 65535
      ? `must be a range of ports from 1 to 65535, ${RANGE_EXAMPLE}`
      : first >= last
        ? `must start at a lower port than it ends at, ${RANGE_EXAMPLE}`
        : null;
  if (problem === null) return { text: given as string, first, last };
  ctx.addIssue({ code: 'custom', input: given, message: `${problem}, got ${describe(given)}` });
  return z.NEVER;
});

// A port mapping as AWS takes it: a containerPort, or a containerPortRange
// instead. A range binds no fixed host port (ECS picks them: the same ports on
// awsvpc, ephemeral ones on bridge), so the simulation skips it; what
// RegisterTaskDefinition refuses about it is checked here and in task-definition.ts.
const portMapping = object(
  {
    containerPort: opt(int(1, 65535), null),
    containerPortRange: opt(portRange, null),
    // 0 or none: a dynamic host port on bridge, the containerPort on host and awsvpc
    hostPort: opt(int(0, 65535), null),
    // not part of a mapping AWS takes ("You do not specify a hostPortRange"): read only to refuse it beside a range
    hostPortRange: opt(z.unknown(), null),
    protocol: opt(oneOf('protocol', ['tcp', 'udp'] as const), 'tcp'),
  },
  'an object such as { "containerPort": 80 }',
).superRefine((m, ctx) => {
  if (m.containerPort === null && m.containerPortRange === null)
    ctx.addIssue({ code: 'custom', path: ['containerPort'], input: undefined, message: 'required: a mapping names a containerPort (or a containerPortRange)' });
  const range = m.containerPortRange;
  if (range === null) return;
  // one port or a range: a port can be in only one mapping (CDK leaves containerPort out of a range's mapping)
  if (m.containerPort !== null)
    ctx.addIssue({ code: 'custom', path: ['containerPortRange'], input: range.text, message: `must not be given with a containerPort (a mapping maps one port or a range), got ${JSON.stringify(range.text)} beside containerPort ${m.containerPort}` });
  // ECS picks a range's host ports itself; 0, like none, asks for no port in particular
  if (m.hostPort)
    ctx.addIssue({ code: 'custom', path: ['hostPort'], input: m.hostPort, message: `must be left out with a containerPortRange (ECS picks a range's host ports: the same ports on awsvpc, ephemeral ones on bridge), got ${m.hostPort}` });
  if (m.hostPortRange !== null)
    ctx.addIssue({ code: 'custom', path: ['hostPortRange'], input: m.hostPortRange, message: `must be left out (ECS sets a range's host ports itself: the same ports on awsvpc, ephemeral ones on bridge), got ${describe(m.hostPortRange)}` });
});

// A secret as RegisterTaskDefinition takes it: the environment variable's name
// and the Secrets Manager secret or SSM parameter (a name or an ARN) it comes from.
const secret = object(
  {
    name: text('must be the name of the environment variable the secret sets'),
    valueFrom: printable(text('must be a Secrets Manager secret ARN, or an SSM parameter name or ARN')).superRefine((v, ctx) => {
      const problem = valueFromProblem(v);
      // a long one quoted in part: the message is one line, not the 200 KB pasted
      const got = v.length > 200 ? `${JSON.stringify(`${v.slice(0, 199)}…`)} (${v.length.toLocaleString('en-US')} characters)` : JSON.stringify(v);
      if (problem) ctx.addIssue({ code: 'custom', input: v, message: `${problem}, got ${got}` });
    }),
  },
  'an object such as { "name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db/password" }',
);

const container = object({
  name: ecsName(),
  // AWS takes up to 255 characters (task definition parameters, "image")
  // AWS takes letters, digits and - _ : . / # (and @ for a digest) only: nothing
  // beyond ASCII. Anything else printable passes, as unrendered templates keep
  // placeholders in it (${REPOSITORY_URI}, {{ must_env `IMAGE` }}).
  image: printable(text().max(255, { error: (i) => `must be at most 255 characters (AWS's limit), got ${String((i.input as string).length)}` })).superRefine((image, ctx) => {
    const at = [...image].findIndex((ch) => !/^[\x20-\x7e]$/.test(ch));
    if (at >= 0)
      ctx.addIssue({ code: 'custom', input: image, message: `must be an image reference in ASCII, such as "public.ecr.aws/nginx/nginx:1.27", got U+${[...image][at]!.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at character ${at + 1}` });
  }),
  essential: opt(flag(), true),
  // container-level CPU units, shown in events as a string (AWS: "cpu": "0")
  cpu: opt(wholeNumber(0, 'CPU units', '256'), 0),
  // MiB: the hard limit and the soft reservation (they must fit in a Fargate
  // task's memory). 0 is no limit at all: Docker itself needs a few MiB.
  memory: opt(wholeNumber(1, 'MiB', '512'), null),
  memoryReservation: opt(wholeNumber(1, 'MiB', '512'), null),
  dependsOn: opt(list(dependency, 'an array of { containerName, condition }'), []),
  stopTimeout: opt(
    int(0, MAX_STOP_TIMEOUT_SECONDS, ` seconds (${MIN_FARGATE_STOP_TIMEOUT_SECONDS} to ${MAX_FARGATE_STOP_TIMEOUT_SECONDS} on Fargate)`),
    null,
  ),
  healthCheck: opt(healthCheck, null),
  // how long a container depending on this one (COMPLETE, SUCCESS, HEALTHY) waits for it
  startTimeout: opt(int(1, 86_400, ' seconds'), null),
  portMappings: opt(list(portMapping, 'an array such as [{ "containerPort": 80 }]'), []),
  // what the agent retrieves with the execution role before it pulls (the RetrieveSecrets fault)
  secrets: opt(list(secret, 'an array such as [{ "name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db/password" }]'), []),
}).superRefine((c, ctx) => {
  // the soft limit lies under the hard one (ContainerDefinition)
  if (c.memory !== null && c.memoryReservation !== null && c.memoryReservation > c.memory)
    ctx.addIssue({ code: 'custom', path: ['memoryReservation'], input: c.memoryReservation, message: `must not be above memory (the hard limit, ${c.memory} MiB), got ${c.memoryReservation}` });
}).transform(({ portMappings, ...c }) => {
  const fixed = portMappings.flatMap((m, index) => (m.containerPort === null ? [] : [{ ...m, containerPort: m.containerPort, index }]));
  return {
    ...c,
    // the container ports: a load balancer must name one
    portMappings: fixed.map((m) => m.containerPort),
    // and the host ports they bind, for placement on EC2 instances (null: left out or 0)
    portBindings: fixed.map((m) => ({ containerPort: m.containerPort, hostPort: m.hostPort || null, protocol: m.protocol, index: m.index })),
    // the containerPortRanges, for the checks that need the network mode and the other mappings
    portRanges: portMappings.flatMap((m, index) =>
      m.containerPortRange === null ? [] : [{ first: m.containerPortRange.first, last: m.containerPortRange.last, text: m.containerPortRange.text, protocol: m.protocol, index }],
    ),
  };
});

const containers = z.array(container, {
  error: (issue) =>
    issue.input === undefined
      ? 'at least one container is required'
      : says('must be an array of container definitions')(issue),
}).min(1, { error: 'at least one container is required' })
  .max(MAX_CONTAINERS, { error: counts(`at most ${MAX_CONTAINERS} containers per task definition (an ECS quota)`) });

export const taskDefinitionSchema = object(
  {
    family: opt(ecsName(), 'task'),
    // an API Integer: ARNs beyond it name no revision AWS could have registered
    revision: opt(z.number({ error: says(`must be an integer from 1 to ${MAX_REVISION}`) }).int().min(1).max(MAX_REVISION), 1),
    // null here means "not given": the default depends on the launch type (task-definition.ts).
    networkMode: opt(oneOf('network mode', NETWORK_MODES), null),
    // every value AWS takes; MANAGED_INSTANCES is not simulated (load.ts says so when it is all there is)
    requiresCompatibilities: opt(list(oneOf('compatibility', ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']), 'an array such as ["FARGATE"]'), []),
    cpu: units('"256" or "1 vCPU"', cpuUnits, 'CPU units as a number ("256") or vCPU ("1 vCPU")'),
    memory: units('"512" or "1 GB"', memoryMiB, 'MiB as a number ("2048") or GB ("2 GB")'),
    containerDefinitions: containers,
    // the role the agent retrieves secrets with: only whether there is one matters (task-definition.ts)
    executionRoleArn: opt(text('must be the ARN of the task execution role, such as "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"'), null),
    // where a service may place its tasks (memberOf); placement-rules.ts
    placementConstraints: opt(taskDefinitionPlacementConstraints, []),
    // Shown on the task, not simulated: Fargate's storage (20–200 GiB: the API
    // reference's minimum; the developer guide says 21; without it a task has
    // 20) and the CPU architecture.
    ephemeralStorage: opt(object({ sizeInGiB: int(20, 200, ' GiB') }, 'an object such as { "sizeInGiB": 30 }'), null),
    runtimePlatform: opt(
      object(
        // LINUX or a Windows Server family, WINDOWS_SERVER_<version>_<CORE|FULL> (new versions come: any is taken)
        { cpuArchitecture: opt(oneOf('cpu architecture', CPU_ARCHITECTURES), 'X86_64'), operatingSystemFamily: opt(osFamily, 'LINUX') },
        'an object such as { "cpuArchitecture": "ARM64" }',
      ),
      null,
    ),
  },
  'an object (a task definition)',
);

export type ParsedTaskDefinition = z.output<typeof taskDefinitionSchema>;
