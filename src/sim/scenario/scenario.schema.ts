// Everything in a scenario file besides the task definition. Keys we do not
// know are stripped, not rejected: describe-task-definition output carries
// `tags`. A `service` object (CreateService field names: service.schema.ts)
// makes the scenario a service; the load balancers and Cloud Map registry a
// task registers with are in registrations.schema.ts.
// Checks against the task definition (container names, ENIs, …) are in consistency.ts.
import { z } from 'zod';
import { LAUNCH_TYPES, type Settings } from './types.ts';
import { counts, ecsName, flag, int, kindOf, list, object, oneOf, opt, printable, says, text } from './fields.ts';
import { describe } from './errors.ts';
import { SPOT_STOP_CODES } from '../../../machines/status.ts';
import { loadBalancers, MAX_TARGET_GROUPS, serviceRegistries } from './registrations.schema.ts';
import { configurationUpdate, service, SPOT_IS_A_PROVIDER, strategyOrNone, taskCount } from './service.schema.ts';

export const DEFAULT_SETTINGS: Settings = {
  deregistrationDelaySeconds: 300,
  healthCheckIntervalSeconds: 30,
  healthyThresholdCount: 5,
  unhealthyThresholdCount: 2,
  region: 'us-east-1',
  account: '123456789012',
  cluster: 'default',
};
export const DEFAULT_SEED = 1;
export const DEFAULT_START_TIME = '2026-01-01T00:00:00Z';
/** ContainerExit without `exitCode`: a failure, the common case worth simulating. */
export const DEFAULT_EXIT_CODE = 1;
/** An ALB target group's deregistration delay: 0 to 3600 seconds. */
export const MAX_DEREGISTRATION_DELAY_SECONDS = 3600;
/** ECS's quota of container instances per cluster. */
export const MAX_CONTAINER_INSTANCES = 5_000;

/** An AWS region code: us-east-1, cn-north-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1. */
export const REGION_CODE = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

const settings = object({
  deregistrationDelaySeconds: opt(int(0, MAX_DEREGISTRATION_DELAY_SECONDS, ' seconds'), DEFAULT_SETTINGS.deregistrationDelaySeconds),
  healthCheckIntervalSeconds: opt(int(5, 300, ' seconds'), DEFAULT_SETTINGS.healthCheckIntervalSeconds),
  healthyThresholdCount: opt(int(2, 10), DEFAULT_SETTINGS.healthyThresholdCount),
  unhealthyThresholdCount: opt(int(2, 10), DEFAULT_SETTINGS.unhealthyThresholdCount),
  // AWS region codes (us-east-1, cn-north-1, us-gov-west-1, eusc-de-east-1): every ARN and zone is built from it
  region: opt(
    z.string({ error: says('must be an AWS region code such as "us-east-1"') }).regex(REGION_CODE, { error: says('must be an AWS region code such as "us-east-1"') }),
    DEFAULT_SETTINGS.region,
  ),
  account: opt(z.string({ error: says('must be a 12-digit account ID') }).regex(/^\d{12}$/), DEFAULT_SETTINGS.account),
  // a name, or its ARN as `aws ecs run-task --cluster` also takes it
  // which of its two codes a Spot interruption gives (a consumer's rule should match both)
  spotStopCode: oneOf('Spot stop code', SPOT_STOP_CODES).optional(),
  cluster: opt(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:cluster\//, '') : v),
      // an ARN left whole was not a cluster's: say what one looks like, not the name's rule
      z.unknown().refine((v) => typeof v !== 'string' || !v.startsWith('arn:'), { error: (i) => `must be a cluster name or its ARN, arn:aws:ecs:<region>:<12-digit account>:cluster/<name>, got ${describe(i.input)}`, abort: true }).pipe(ecsName()),
    ),
    DEFAULT_SETTINGS.cluster,
  ),
});

/**
 * The cluster's EC2 container instances: a group of one size (registered CPU
 * units and MiB, as describe-container-instances prints them), or a list of
 * such groups. Given, the service's tasks are placed on them and wait for
 * room; absent, there is always room.
 */
const INSTANCE_GROUP = '{ "count": 2, "cpu": 2048, "memory": 3904 }';
const instanceGroup = object(
  {
    count: int(1, MAX_CONTAINER_INSTANCES),
    cpu: int(128, 196_608, ' CPU units'),
    memory: int(128, 24_576 * 1024, ' MiB'),
    // each awsvpc task takes an interface of its own: the instance type's limit
    // less the primary one (2 on an m5.large, 3 on an m5.xlarge; more with ENI trunking)
    enis: opt(int(1, 120, ' network interfaces'), null),
  },
  `an object such as ${INSTANCE_GROUP}, or a list of them (one per instance size)`,
);
const instanceGroups = list(instanceGroup)
  .min(1, { error: 'must list at least one group of instances, got an empty array' })
  .max(10, { error: counts('at most 10 groups of instances') });
// one group or a list, each read by its own schema so that errors name the field inside (a union would not)
const containerInstances = z.unknown().transform((value, ctx) => {
  const parsed = Array.isArray(value) ? instanceGroups.safeParse(value) : instanceGroup.transform((g) => [g]).safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.issues.push({ code: 'custom', input: value, path: issue.path as PropertyKey[], message: issue.message });
    return z.NEVER;
  }
  const groups = parsed.data;
  const count = groups.reduce((n, g) => n + g.count, 0);
  if (count <= MAX_CONTAINER_INSTANCES) return { count, groups };
  ctx.issues.push({ code: 'custom', input: value, message: `at most ${MAX_CONTAINER_INSTANCES} instances in all (ECS's quota per cluster), got ${count}` });
  return z.NEVER;
});

// Offsets are required when a time is given: a zone-less time would be read in
// the machine's local zone and the same file would give different output.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;
const ISO_REQUIREMENT = `must be an ISO-8601 date-time with a zone, such as "${DEFAULT_START_TIME}", or a date alone (midnight UTC)`;

const startTime = z.string({ error: says(ISO_REQUIREMENT) }).transform((value, ctx) => {
  const match = ISO_8601.exec(value);
  const ms = Date.parse(value);
  // Date.parse rolls 2026-02-30 over to March; a real date survives the round trip.
  // (setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999)
  const day = match ? new Date(new Date(0).setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Years past 9000 would print six-digit years (+010000-…) once a run goes on: not ISO-8601.
  if (match && Number(match[1]) >= 9000) {
    ctx.issues.push({ code: 'custom', input: value, message: says('must be before the year 9000 (a run from later would print dates that are not ISO-8601)')({ code: 'custom', input: value }) });
    return z.NEVER;
  }
  // well formed, but no such day (2026-02-30, month 13): say that, not that the form is wrong
  const badMonth = match !== null && (Number(match[2]) < 1 || Number(match[2]) > 12);
  if (match && (badMonth || day?.getUTCDate() !== Number(match[3]))) {
    const [, year, month, date] = match;
    const why = badMonth ? `there is no month ${month}` : `${year}-${month} has no day ${date}`;
    ctx.issues.push({ code: 'custom', input: value, message: says(`is not a real date: ${why}`)({ code: 'custom', input: value }) });
    return z.NEVER;
  }
  if (!match || Number.isNaN(ms)) {
    ctx.issues.push({ code: 'custom', input: value, message: says(ISO_REQUIREMENT)({ code: 'custom', input: value }) });
    return z.NEVER;
  }
  // Before 1970 (UTC), DescribeTasks' Unix seconds would be negative, and before
  // the year 0 the times would not be ISO-8601 either (ECS itself dates from 2014).
  if (ms < 0) {
    ctx.issues.push({ code: 'custom', input: value, message: says('must be 1970-01-01T00:00:00Z or later (DescribeTasks gives times in seconds since then)')({ code: 'custom', input: value }) });
    return z.NEVER;
  }
  return ms;
});

/** StopTask: "Up to 255 characters are allowed in this message." */
export const MAX_STOP_REASON = 255;
/** A ContainerExit sent live (the page's box): a process's exit status, 0-255 as in a scenario file. */
export const exitCodeProblem = (code: number): string | null => (Number.isInteger(code) && code >= 0 && code <= 255 ? null : `exitCode must be an integer from 0 to 255, got ${code}`);
export const stopReasonTooLong = (reason: string) => `must be at most ${MAX_STOP_REASON} characters (StopTask's limit), got ${[...reason].length}`;

export const ACTIONS = ['StopTask', 'ContainerExit', 'SpotInterruption', 'HealthChecksFail', 'UpdateService'] as const;
export const FAULTS = ['PlaceTask', 'RetrieveSecrets', 'PullImage', 'AttachEni', 'ReleaseEni', 'RegisterTargets', 'RegisterInstance', 'RunContainer', 'StopContainer', 'HealthCheck'] as const;

/**
 * How far into a run an action may come, and how long a run may go (about
 * 31 years): later times would overflow the date that events print.
 */
export const MAX_RUN_SECONDS = 1_000_000_000;
const AT_MOST = says(`must be at most ${MAX_RUN_SECONDS.toLocaleString('en-US')} seconds (about 31 years)`);
const at = z
  // 1e400 reads as Infinity, which is a number too: say how far it may go
  .number({ error: (issue) => (issue.input === Number.POSITIVE_INFINITY ? AT_MOST(issue) : says('must be a number of seconds ≥ 0')(issue)) })
  .min(0)
  .max(MAX_RUN_SECONDS, { error: AT_MOST });
// services only (service.ts): which of the service's tasks, in start order; null = not given
const task = opt(z.number({ error: says("must be an integer ≥ 0 (the index of the service's task in start order)") }).int().min(0), null);

export const action = z.discriminatedUnion(
  'action',
  [
    object({
      at,
      action: z.literal('StopTask'),
      reason: opt(printable(z.string({ error: says('must be a string') }).max(MAX_STOP_REASON, { error: (i) => stopReasonTooLong(String(i.input)) })), null),
      task,
    }),
    object({
      at,
      action: z.literal('ContainerExit'),
      container: text('must be the name of a container in the task definition'),
      exitCode: opt(int(0, 255), DEFAULT_EXIT_CODE),
      task,
    }),
    object({ at, action: z.literal('SpotInterruption'), task }),
    // the app in the container stops answering its health checks from `at` on (the load balancer's, its own)
    object({ at, action: z.literal('HealthChecksFail'), container: text('must be the name of a container in the task definition'), task }),
    object({
      at,
      action: z.literal('UpdateService'),
      desiredCount: opt(taskCount, null),
      // validated like the top-level one, with its place in the file (service.ts)
      taskDefinition: opt(z.unknown(), null),
      forceNewDeployment: opt(flag(), false),
      deploymentConfiguration: opt(configurationUpdate, null),
    }),
  ],
  { error: kindOf('action', 'action', ACTIONS, '{ "at": 600, "action": "StopTask" }', { kinds: FAULTS, said: 'a fault step (give it in "faults": [{ "step": … }])' }) },
);

const container = text('must be the name of a container in the task definition');
export const fault = z.discriminatedUnion(
  'step',
  [
    // exactly one of the two (service.ts); image: any container of any revision using it
    object({ step: z.literal('PullImage'), container: opt(container, null), image: opt(text('must be an image such as "nginx:latest"'), null) }),
    object({ step: z.literal('AttachEni') }),
    // a secret a container names is not there, so the task fails before any container is created;
    // valueFrom: only that one (every task whose definition names it), null: the first each task names
    object({ step: z.literal('RetrieveSecrets'), valueFrom: opt(text('must be the valueFrom of a secret in the task definition'), null) }),
    // ECS cannot detach or delete the ENI (an IAM role or its permissions were deleted: our model of where it waits) until restoredAfterSeconds into the run (null = never)
    object({ step: z.literal('ReleaseEni'), restoredAfterSeconds: opt(int(1, 86_400, ' seconds'), null) }),
    // no capacity until capacityAfterSeconds into the run (null = never). On an Auto Scaling group
    // provider the task waits in PROVISIONING (ECS gives up after 10-30 min); in a service on
    // FARGATE_SPOT the scheduler cannot place the Spot share from fromSeconds on (consistency.ts)
    object({
      step: z.literal('PlaceTask'),
      capacityAfterSeconds: opt(int(1, 86_400, ' seconds'), null),
      fromSeconds: opt(int(0, 86_400, ' seconds'), 0),
    }),
    // index into loadBalancers; null = every target group
    object({ step: z.literal('RegisterTargets'), targetGroup: opt(int(0, MAX_TARGET_GROUPS - 1), null) }),
    object({ step: z.literal('RegisterInstance') }),
    // the process exits by itself afterSeconds after it started, in every task
    // (a crash loop); like PullImage, a container or an image (every revision using it)
    object({
      step: z.literal('RunContainer'),
      container: opt(container, null),
      image: opt(text('must be an image such as "nginx:latest"'), null),
      exitCode: opt(int(0, 255), 1),
      afterSeconds: opt(int(1, 86_400, ' seconds'), 10),
    }),
    object({
      step: z.literal('StopContainer'),
      container,
      // the container ignores SIGTERM (SIGKILL after stopTimeout: 137), or, with exitCode, exits on it with that code
      // (143 is a process ended by SIGTERM itself: no handler, under an init process); consistency.ts checks the pair
      ignoreSigterm: opt(flag(), null),
      exitCode: opt(int(0, 255), null),
    }),
    // null = the load balancer health checks fail; image: every check on a container running that image
    // fails, its own healthCheck and the load balancer's when it is a target (a revision that fails its checks)
    // passAfterSeconds: a slow start, not a broken app: the checks fail only until the container has run this long
    // failAfterSeconds: an app that goes bad (a leak, a hung worker): the checks pass until it has run this long
    object({
      step: z.literal('HealthCheck'),
      container: opt(container, null),
      image: opt(text('must be an image such as "nginx:latest"'), null),
      passAfterSeconds: opt(int(1, 86_400, ' seconds'), null),
      failAfterSeconds: opt(int(1, 86_400, ' seconds'), null),
    }),
  ],
  { error: kindOf('step', 'fault', FAULTS, '{ "step": "PullImage", "container": "web" }', { kinds: ACTIONS, said: 'a timeline action (give it in "timeline": [{ "at": …, "action": … }])' }) },
);

export const scenarioSchema = object({
  launchType: opt(oneOf('launch type', LAUNCH_TYPES, SPOT_IS_A_PROVIDER), null),
  capacityProviderStrategy: opt(strategyOrNone, null),
  // null = not given (a service may give them instead)
  loadBalancers: opt(loadBalancers, null),
  serviceRegistries: opt(serviceRegistries, null),
  settings: opt(settings, DEFAULT_SETTINGS),
  // the random source takes 32 bits: larger seeds would wrap onto smaller ones and repeat their runs
  seed: opt(int(0, 4_294_967_295), DEFAULT_SEED),
  // null = not given: a moment drawn from the seed (defaultStartTime)
  startTime: opt(startTime, null),
  timeline: opt(list(action), []),
  faults: opt(list(fault), []),
  service: opt(service, null),
  containerInstances: opt(containerInstances, null),
});

export type ParsedScenario = z.output<typeof scenarioSchema>;
