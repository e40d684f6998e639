// Everything in a scenario file besides the task definition. Keys we do not
// know are stripped, not rejected: describe-task-definition output carries
// `tags`, and a later issue adds `service` (reserved, ignored for now).
// Checks against the task definition (container names, ENIs, …) are in consistency.ts.
import { z } from 'zod';
import { LAUNCH_TYPES, type Settings } from './types.ts';
import { counts, int, kindOf, list, object, oneOf, opt, says, text } from './fields.ts';

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
/** "At most 5 target groups per service" (ECS load balancer types). */
export const MAX_TARGET_GROUPS = 5;

const settings = object({
  deregistrationDelaySeconds: opt(int(0, 3600, ' seconds'), DEFAULT_SETTINGS.deregistrationDelaySeconds),
  healthCheckIntervalSeconds: opt(int(5, 300, ' seconds'), DEFAULT_SETTINGS.healthCheckIntervalSeconds),
  healthyThresholdCount: opt(int(2, 10), DEFAULT_SETTINGS.healthyThresholdCount),
  unhealthyThresholdCount: opt(int(2, 10), DEFAULT_SETTINGS.unhealthyThresholdCount),
  region: opt(text(), DEFAULT_SETTINGS.region),
  account: opt(z.string({ error: says('must be a 12-digit account ID') }).regex(/^\d{12}$/), DEFAULT_SETTINGS.account),
  cluster: opt(text(), DEFAULT_SETTINGS.cluster),
});

const loadBalancer = object({
  targetGroupArn: text(),
  containerName: text('must be the name of a container in the task definition'),
  containerPort: int(1, 65535),
});

const serviceRegistry = object({ registryArn: text() });

// Offsets are required when a time is given: a zone-less time would be read in
// the machine's local zone and the same file would give different output.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;
const ISO_REQUIREMENT = `must be an ISO-8601 date-time with a zone, such as "${DEFAULT_START_TIME}"`;

const startTime = z.string({ error: says(ISO_REQUIREMENT) }).transform((value, ctx) => {
  const match = ISO_8601.exec(value);
  const ms = Date.parse(value);
  // Date.parse rolls 2026-02-30 over to March; a real date survives the round trip.
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || Number.isNaN(ms) || day?.getUTCDate() !== Number(match[3])) {
    ctx.issues.push({ code: 'custom', input: value, message: says(ISO_REQUIREMENT)({ code: 'custom', input: value }) });
    return z.NEVER;
  }
  return ms;
});

export const ACTIONS = ['StopTask', 'ContainerExit', 'SpotInterruption'] as const;
export const FAULTS = ['PullImage', 'AttachEni', 'RegisterTargets', 'RegisterInstance', 'StopContainer', 'HealthCheck'] as const;

const at = z.number({ error: says('must be a number of seconds ≥ 0') }).min(0);

const action = z.discriminatedUnion(
  'action',
  [
    object({ at, action: z.literal('StopTask'), reason: opt(z.string({ error: says('must be a string') }), null) }),
    object({
      at,
      action: z.literal('ContainerExit'),
      container: text('must be the name of a container in the task definition'),
      exitCode: opt(int(0, 255), DEFAULT_EXIT_CODE),
    }),
    object({ at, action: z.literal('SpotInterruption') }),
  ],
  { error: kindOf('action', 'action', ACTIONS, '{ "at": 600, "action": "StopTask" }') },
);

const container = text('must be the name of a container in the task definition');
const fault = z.discriminatedUnion(
  'step',
  [
    object({ step: z.literal('PullImage'), container }),
    object({ step: z.literal('AttachEni') }),
    // index into loadBalancers; null = every target group
    object({ step: z.literal('RegisterTargets'), targetGroup: opt(int(0, MAX_TARGET_GROUPS - 1), null) }),
    object({ step: z.literal('RegisterInstance') }),
    object({
      step: z.literal('StopContainer'),
      container,
      // the only stop fault we model is a container that ignores SIGTERM
      ignoreSigterm: opt(z.literal(true, { error: says('must be true (a container that ignores SIGTERM)') }), true as const),
    }),
    // null = the load balancer health checks fail
    object({ step: z.literal('HealthCheck'), container: opt(container, null) }),
  ],
  { error: kindOf('step', 'fault', FAULTS, '{ "step": "PullImage", "container": "web" }') },
);

export const scenarioSchema = object({
  launchType: opt(oneOf('launch type', LAUNCH_TYPES), null),
  loadBalancers: opt(
    list(loadBalancer, 'an array of { targetGroupArn, containerName, containerPort }').max(MAX_TARGET_GROUPS, {
      error: counts(`at most ${MAX_TARGET_GROUPS} target groups`),
    }),
    [],
  ),
  serviceRegistries: opt(
    list(serviceRegistry, 'an array of { registryArn }').max(1, {
      error: counts('at most 1 service registry (ECS allows one per service)'),
    }),
    [],
  ),
  settings: opt(settings, DEFAULT_SETTINGS),
  seed: opt(z.number({ error: says('must be an integer') }).int(), DEFAULT_SEED),
  startTime: opt(startTime, Date.parse(DEFAULT_START_TIME)),
  timeline: opt(list(action), []),
  faults: opt(list(fault), []),
});
