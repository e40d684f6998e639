// A scenario's `service` (CreateService field names): its desired count, its
// rolling update's limits and circuit breaker, its capacity provider strategy
// and placement; and what UpdateService may change of them. service.ts relates
// it to the top-level fields and to the timeline.
import { z } from 'zod';
import { LAUNCH_TYPES, type DeploymentConfiguration } from './types.ts';
import { counts, ecsName, flag, int, list, object, oneOf, onlySimulated, opt, printable, says, text } from './fields.ts';
import { placementConstraints, placementStrategy } from './placement-rules.ts';
import { describe } from './errors.ts';
import { loadBalancers, serviceRegistries } from './registrations.schema.ts';

/** ECS has no such ceiling; the simulator keeps a service at 10,000 tasks or fewer. */
export const MAX_DESIRED_COUNT = 10_000;
/** How a ThresholdConfiguration's value makes the circuit breaker's threshold (the API Reference's types). */
export const THRESHOLD_TYPES = ['COUNT', 'BOUNDED_PERCENT', 'UNBOUNDED_PERCENT'] as const;
/** AWS states no ceiling for a threshold's value; the simulator's service stops at 10,000 tasks, 50,000 started. */
export const MAX_THRESHOLD_VALUE = 100_000;
/** CreateService requires desiredCount for a replica service; a scenario may leave it out and get one task. */
export const DEFAULT_DESIRED_COUNT = 1;
/** Rolling update defaults for a replica service (DeploymentConfiguration). */
export const DEFAULT_DEPLOYMENT_CONFIGURATION: DeploymentConfiguration = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: false, rollback: false, resetOnHealthyTask: true, thresholdConfiguration: null },
};
/** "The maximum value is 200" for maximumPercent with rolling updates. */
export const MAX_MAXIMUM_PERCENT = 200;
/** healthCheckGracePeriodSeconds: "up to 2,147,483,647 seconds". */
export const MAX_GRACE_PERIOD_SECONDS = 2_147_483_647;

/** Fargate Spot is a capacity provider: RunTask and CreateService take it in a strategy, never as a launch type. */
export const SPOT_IS_A_PROVIDER = {
  FARGATE_SPOT: 'FARGATE_SPOT is a capacity provider, not a launch type: give "capacityProviderStrategy": [{ "capacityProvider": "FARGATE_SPOT", "weight": 1 }] instead of launchType',
};
/** A number of tasks: the service's desiredCount, and UpdateService's. */
export const taskCount = z
  .number({ error: says(`must be an integer from 0 to ${MAX_DESIRED_COUNT}`) })
  .int()
  .min(0)
  .max(MAX_DESIRED_COUNT, { error: says(`must be at most ${MAX_DESIRED_COUNT} (the simulator's limit for a service)`) });

// DeploymentConfiguration's deploymentCircuitBreaker, in CreateService and UpdateService. The API
// requires enable and rollback; a service left without them has the breaker off (a warning says so),
// an UpdateService must give both: one left out would turn a breaker that is on off, unseen.
const updateFlag = () =>
  z.boolean({ error: (i) => (i.input === undefined ? 'required: true or false (the API requires enable and rollback, and one left out would turn the breaker off)' : `must be true or false, got ${describe(i.input)}`) });
const breakerFields = (given: 'optional' | 'required') => ({
  enable: given === 'optional' ? opt(flag(), false) : updateFlag(),
  rollback: given === 'optional' ? opt(flag(), false) : updateFlag(),
  // AWS's two fields of July 2026 (ThresholdConfiguration, resetOnHealthyTask)
  resetOnHealthyTask: opt(flag(), true),
  thresholdConfiguration: opt(
    object(
      { type: oneOf('threshold type', THRESHOLD_TYPES), value: int(1, MAX_THRESHOLD_VALUE) },
      'an object such as { "type": "COUNT", "value": 3 }',
    ),
    null,
  ),
});
const BREAKER_EXAMPLE = 'an object such as { "enable": true, "rollback": true }';
const circuitBreaker = object(breakerFields('optional'), BREAKER_EXAMPLE);

const MINIMUM_REQUIREMENT = 'must be an integer from 0 to 100';
// minimumHealthyPercent is compared with maximumPercent before its own ceiling
// of 100, so 250 reads as "above maximumPercent (200)".
const deploymentConfiguration = object(
  {
    minimumHealthyPercent: opt(z.number({ error: says(MINIMUM_REQUIREMENT) }).int().min(0), DEFAULT_DEPLOYMENT_CONFIGURATION.minimumHealthyPercent),
    maximumPercent: opt(
      int(100, MAX_MAXIMUM_PERCENT, ' (the limit for rolling updates)'),
      DEFAULT_DEPLOYMENT_CONFIGURATION.maximumPercent,
    ),
    deploymentCircuitBreaker: opt(circuitBreaker, DEFAULT_DEPLOYMENT_CONFIGURATION.deploymentCircuitBreaker),
    // the rolling update is what is simulated (not BLUE_GREEN, LINEAR or CANARY)
    strategy: onlySimulated('ROLLING', 'the rolling update (ROLLING)'),
  },
  'an object such as { "minimumHealthyPercent": 100, "maximumPercent": 200 }',
).transform(({ strategy: _rolling, ...d }, ctx) => {
  const min = d.minimumHealthyPercent;
  const problem =
    min > d.maximumPercent
      ? `must not be above maximumPercent (${d.maximumPercent}), got ${min}`
      : min > 100
        ? `${MINIMUM_REQUIREMENT}, got ${min}`
        : null;
  if (problem === null) return d;
  ctx.issues.push({ code: 'custom', input: min, path: ['minimumHealthyPercent'], message: problem });
  return z.NEVER;
});

/**
 * UpdateService's deploymentConfiguration: what it gives replaces the
 * service's, what it leaves out is kept (our model). Their ranges (0-100,
 * 100-200) keep minimumHealthyPercent at or below maximumPercent.
 */
export const configurationUpdate = object(
  {
    minimumHealthyPercent: opt(int(0, 100), null),
    maximumPercent: opt(int(100, MAX_MAXIMUM_PERCENT, ' (the limit for rolling updates)'), null),
    deploymentCircuitBreaker: opt(object(breakerFields('required'), BREAKER_EXAMPLE), null),
    strategy: onlySimulated('ROLLING', 'the rolling update (ROLLING)'),
  },
  'an object such as { "minimumHealthyPercent": 50, "maximumPercent": 200 }',
).transform(({ strategy: _rolling, ...d }) => d);

/**
 * RunTask / CreateService `capacityProviderStrategy`. The task runs on the
 * provider with a `base`, else the one with the highest weight (the first on a
 * tie): one task, one provider.
 */
const capacityProviderStrategy = list(
  object(
    {
      capacityProvider: printable(text('must name a capacity provider such as "FARGATE_SPOT"')),
      weight: opt(int(0, 1000), 0),
      base: opt(int(0, 100_000), 0),
    },
    'an object such as { "capacityProvider": "FARGATE_SPOT", "weight": 1 }',
  ),
  'an array such as [{ "capacityProvider": "FARGATE_SPOT", "weight": 1 }]',
)
  .min(1, { error: 'must name at least one capacity provider, got an empty array' })
  .max(20, { error: counts('at most 20 capacity providers') });
/** An empty strategy, as create-service skeletons and real inputs carry it, names no provider: as if none were given. */
export const strategyOrNone = z.preprocess((x) => (Array.isArray(x) && x.length === 0 ? undefined : x), capacityProviderStrategy.optional());

export const service = object(
  {
    serviceName: ecsName(),
    desiredCount: opt(taskCount, DEFAULT_DESIRED_COUNT),
    // null here means "not given": service.ts falls back on the top-level fields.
    loadBalancers: opt(loadBalancers, null),
    serviceRegistries: opt(serviceRegistries, null),
    deploymentConfiguration: opt(deploymentConfiguration, DEFAULT_DEPLOYMENT_CONFIGURATION),
    healthCheckGracePeriodSeconds: opt(int(0, MAX_GRACE_PERIOD_SECONDS, ' seconds'), 0),
    launchType: opt(oneOf('launch type', LAUNCH_TYPES, SPOT_IS_A_PROVIDER), null),
    capacityProviderStrategy: opt(strategyOrNone, null),
    // null: not given (AWS's default, spread over zones; refused on Fargate only when given)
    placementStrategy: opt(placementStrategy, null),
    placementConstraints: opt(placementConstraints, null),
    // What AWS accepts but the simulator does not run is refused by name (a DAEMON
    // service, CodeDeploy or an external controller), not run as a replica rolling update.
    schedulingStrategy: onlySimulated('REPLICA', 'a REPLICA service'),
    deploymentController: opt(object({ type: onlySimulated('ECS', "ECS's own rolling update (type ECS)") }, 'an object such as { "type": "ECS" }'), null),
  },
  'an object such as { "serviceName": "web", "desiredCount": 2 }',
);
