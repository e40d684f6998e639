// Which keys a scenario takes, and where: a field of another action or fault
// step is refused by name (the timeline and faults are our format, where it
// would change nothing in silence); a near miss of a known key is warned about
// (unknown keys of AWS's own shapes are ignored, as real inputs carry many).
import { FARGATE_PLATFORM_VERSION, ScenarioError } from './types.ts';
import { either } from './errors.ts';
import { action, DEFAULT_SETTINGS, fault, scenarioSchema } from './scenario.schema.ts';
import { locateTaskDefinition } from './task-definition.ts';
import { isNote, misspelt, typoWarnings } from './typos.ts';
import { CONTAINER_DEFINITION_KEYS, DEPENDS_ON_KEYS, HEALTH_CHECK_KEYS, PORT_MAPPING_KEYS, TASK_DEFINITION_KEYS } from './task-definition.keys.ts';

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The objects of a list, with their index (anything else in it is the schema's to refuse). */
export const entries = (x: unknown) => (Array.isArray(x) ? x : []).map((e, i) => [e, i] as const).filter(([e]) => isRecord(e)) as [Record<string, unknown>, number][];

const SCENARIO_KEYS = ['taskDefinition', ...Object.keys(scenarioSchema.shape)];

// every field some action or fault takes, from the schema (a field added there is known here too)
type Union = { options: readonly { shape: Record<string, unknown> }[] };
const keysOf = (union: Union) => [...new Set(union.options.flatMap((o) => Object.keys(o.shape)))];
const ACTION_KEYS = keysOf(action);
const FAULT_KEYS = keysOf(fault);
/** Which kinds (actions, fault steps) take each field, read off the schema's options. */
function takers(union: Union, kind: string): { kinds: string[]; fields: Record<string, string[]> } {
  const kinds = union.options.map((o) => String([...(o.shape[kind] as { values: Set<unknown> }).values][0]));
  const fields: Record<string, string[]> = {};
  union.options.forEach((o, i) => {
    for (const field of Object.keys(o.shape)) if (field !== kind) (fields[field] ??= []).push(kinds[i]!);
  });
  return { kinds, fields };
}
// the timeline and faults are our format: a field of another kind would be ignored in silence (a
// StopTask with a container stops the whole task; a ContainerExit's reason says nothing)
const ACTION_FIELDS = takers(action, 'action');
const FAULT_FIELD_STEPS = takers(fault, 'step');

/** Each field given to an action or fault that does not take it, refused by name. */
function onTheirKind(list: unknown, what: 'timeline' | 'faults', kind: 'action' | 'step', { kinds: known, fields }: ReturnType<typeof takers>): ScenarioError[] {
  const problems: ScenarioError[] = [];
  for (const [entry, i] of entries(list)) {
    const name = entry[kind];
    // an unknown kind is the schema's to refuse, naming the kinds there are
    if (!known.includes(String(name))) continue;
    for (const [field, kinds] of Object.entries(fields))
      if (field in entry && !kinds.includes(String(name)))
        problems.push(new ScenarioError(`${what}[${i}].${field}`, `${String(name)} takes no ${field} (${either(kinds)} ${kinds.length === 1 ? 'does' : 'do'}); remove it`));
  }
  return problems;
}

/** Fields on an action or a fault step that does not take them, and one PlaceTask at most: all refused at once, by name. */
export function faultFieldsOnTheirStep(scenario: Record<string, unknown>): void {
  const problems = [...onTheirKind(scenario.timeline, 'timeline', 'action', ACTION_FIELDS), ...onTheirKind(scenario.faults, 'faults', 'step', FAULT_FIELD_STEPS)];
  const placeTask = entries(scenario.faults).filter(([f]) => f.step === 'PlaceTask');
  if (placeTask.length > 1)
    problems.push(new ScenarioError(`faults[${placeTask[1]![1]}]`, `a second PlaceTask fault: give one (its capacityAfterSeconds, and fromSeconds for Fargate Spot, set the one window)`));
  if (problems.length > 0) throw ScenarioError.of(problems);
}
// CreateService has many more fields (cluster, networkConfiguration, …): only near misses of these are reported
const SERVICE_KEYS = [
  'serviceName', 'desiredCount', 'loadBalancers', 'serviceRegistries', 'deploymentConfiguration',
  'healthCheckGracePeriodSeconds', 'launchType', 'capacityProviderStrategy', 'placementStrategy', 'placementConstraints',
  // checked (only what is simulated runs), so a misspelling must not slip by
  'schedulingStrategy', 'deploymentController',
];
/** CreateService's fields a scenario reads under "service" (and a few it does not), out of place at the top. */
const SERVICE_ONLY_KEYS = [
  ...SERVICE_KEYS.filter((k) => !SCENARIO_KEYS.includes(k) && k !== 'desiredCount' && !k.startsWith('placement')),
  'serviceConnectConfiguration', 'role', 'availabilityZoneRebalancing', 'vpcLatticeConfigurations',
];
// Every field of AWS's DeploymentConfiguration, LoadBalancer and ServiceRegistry: small shapes, so any
// other key is a mistake worth a word, however far from a real one (minHealthyPercent, maxPercent)
const DEPLOYMENT_KEYS = [
  'minimumHealthyPercent', 'maximumPercent', 'deploymentCircuitBreaker', 'strategy', 'alarms',
  'bakeTimeInMinutes', 'lifecycleHooks', 'linearConfiguration', 'canaryConfiguration',
];
// a misspelt containerPort or port would be left out in silence (a registry's port is optional)
const LOAD_BALANCER_KEYS = ['targetGroupArn', 'containerName', 'containerPort', 'loadBalancerName', 'advancedConfiguration'];
const REGISTRY_KEYS = ['registryArn', 'containerName', 'containerPort', 'port'];
/** How an unknown key of one of these shapes is said: not AWS's, and AWS's listed. */
const awsShape = (name: string) => ({ what: `not a field of AWS's ${name}`, listed: 'its fields are' });

/** Misspelt keys of the load balancers and registries, at the top level or under `service`. */
function attachmentTypos(holder: Record<string, unknown>, at: string): string[] {
  return [
    ...entries(holder.loadBalancers).flatMap(([lb, i]) => typoWarnings(lb, LOAD_BALANCER_KEYS, `${at}loadBalancers[${i}].`, awsShape('LoadBalancer'))),
    ...entries(holder.serviceRegistries).flatMap(([r, i]) => typoWarnings(r, REGISTRY_KEYS, `${at}serviceRegistries[${i}].`, awsShape('ServiceRegistry'))),
  ];
}
const BREAKER_KEYS = ['enable', 'rollback', 'resetOnHealthyTask', 'thresholdConfiguration'];

/** A deploymentConfiguration's misspelt keys, its circuit breaker's and its threshold's too (resetOnHealthyTasks would run with the reset on). */
function deploymentTypos(config: unknown, at: string): string[] {
  if (!isRecord(config)) return [];
  const cb = config.deploymentCircuitBreaker;
  const threshold = isRecord(cb) ? cb.thresholdConfiguration : null;
  return [
    ...typoWarnings(config, DEPLOYMENT_KEYS, at, awsShape('DeploymentConfiguration')),
    ...(isRecord(cb) ? typoWarnings(cb, BREAKER_KEYS, `${at}deploymentCircuitBreaker.`) : []),
    // CreateService requires both (an UpdateService's are refused without them): left out, false
    ...(isRecord(cb) ? (['enable', 'rollback'] as const).filter((k) => cb[k] == null).map((k) => `${at}deploymentCircuitBreaker.${k} is left out, so it is false${k === 'enable' ? ': the breaker is off' : ''} (CreateService requires enable and rollback)`) : []),
    ...(isRecord(cb) && cb.enable !== true && isRecord(threshold) ? [`${at}deploymentCircuitBreaker.thresholdConfiguration changes nothing: the breaker is off (enable is not true)`] : []),
    ...(isRecord(threshold) ? typoWarnings(threshold, ['type', 'value'], `${at}deploymentCircuitBreaker.thresholdConfiguration.`) : []),
  ];
}

/**
 * Misspelt keys at the top level, in `settings`, and in timeline and fault
 * entries (what people type by hand). A bare task definition is a scenario
 * too (its launchType, timeline, … run): its top level knows both kinds of key.
 */
export function scenarioTypos(scenario: Record<string, unknown>, bareDefinition = false): string[] {
  const settings = scenario.settings;
  return [
    ...typoWarnings(scenario, bareDefinition ? [...SCENARIO_KEYS, ...TASK_DEFINITION_KEYS] : SCENARIO_KEYS),
    // (spotStopCode has no default written out: it is known all the same)
    ...(isRecord(settings) ? typoWarnings(settings, [...Object.keys(DEFAULT_SETTINGS), 'spotStopCode'], 'settings.', { what: 'not a setting we know', listed: 'the settings are' }) : []),
    ...entries(scenario.timeline).flatMap(([a, i]) => [
      ...typoWarnings(a, ACTION_KEYS, `timeline[${i}].`, { what: 'not a field any action takes', listed: 'the fields are' }),
      // a revision deployed by UpdateService is a task definition too (perhaps describe-task-definition output)
      ...revisionTypos(a.taskDefinition, `timeline[${i}]`),
      ...deploymentTypos(a.deploymentConfiguration, `timeline[${i}].deploymentConfiguration.`),
    ]),
    ...entries(scenario.faults).flatMap(([f, i]) => typoWarnings(f, FAULT_KEYS, `faults[${i}].`, { what: 'not a field any fault takes', listed: 'the fields are' })),
    ...(isRecord(scenario.service) ? typoWarnings(scenario.service, SERVICE_KEYS, 'service.') : []),
    ...attachmentTypos(scenario, ''),
    ...(isRecord(scenario.service) ? attachmentTypos(scenario.service, 'service.') : []),
    // a deploymentConfiguration's field one level too high: the breaker a test relies on would stay off
    ...(isRecord(scenario.service) ? DEPLOYMENT_KEYS.filter((k) => k in (scenario.service as Record<string, unknown>)).map((k) => `service.${k} is ignored: it belongs in service.deploymentConfiguration, so write "deploymentConfiguration": { "${k}": … }`) : []),
    // the cluster's, not the service's: an easy place to put it by mistake
    ...(isRecord(scenario.service) && 'containerInstances' in scenario.service
      ? ['service.containerInstances is ignored: container instances belong to the cluster, so write "containerInstances" at the top level of the scenario']
      : []),
    // CreateService's own fields, pasted with it: here the scenario names what runs, and where
    ...(isRecord(scenario.service) && 'taskDefinition' in scenario.service
      ? ['service.taskDefinition is ignored: the service runs the scenario\'s "taskDefinition" (a new revision is deployed by an UpdateService in the timeline)']
      : []),
    ...(isRecord(scenario.service) && 'cluster' in scenario.service ? ['service.cluster is ignored: the cluster is named in "settings": { "cluster": … }'] : []),
    ...(isRecord(scenario.containerInstances) ? typoWarnings(scenario.containerInstances, ['count', 'cpu', 'memory', 'enis'], 'containerInstances.') : []),
    ...entries(scenario.containerInstances).flatMap(([g, i]) => typoWarnings(g, ['count', 'cpu', 'memory', 'enis'], `containerInstances[${i}].`)),
    ...(isRecord(scenario.service) ? deploymentTypos(scenario.service.deploymentConfiguration, 'service.deploymentConfiguration.') : []),
    ...(isRecord(scenario.service)
      ? [
          ...entries(scenario.service.placementStrategy).flatMap(([r, i]) => typoWarnings(r, ['type', 'field'], `service.placementStrategy[${i}].`)),
          ...entries(scenario.service.placementConstraints).flatMap(([c, i]) => typoWarnings(c, ['type', 'expression'], `service.placementConstraints[${i}].`)),
        ]
      : []),
    // RunTask's and CreateService's: only a service on container instances is placed here
    ...(['placementStrategy', 'placementConstraints'] as const)
      .filter((k) => Array.isArray(scenario[k]) && (scenario[k] as unknown[]).length > 0)
      .map((k) =>
        isRecord(scenario.service)
          ? `${k} is ignored at the top level of a service scenario: write it under "service"`
          : `${k} is ignored: a single task is not placed on container instances here (only a service with "containerInstances" is)`,
      ),
    // a setting written beside them, not in "settings": it would change nothing, without a word
    ...[...Object.keys(DEFAULT_SETTINGS), 'spotStopCode']
      .filter((k) => k !== 'cluster' && k in scenario)
      .map((k) => `${k} is ignored at the top level: it is a setting, so write it under "settings": { "${k}": … }`),
    // a service's field with no service: one task runs
    ...(!isRecord(scenario.service) && 'desiredCount' in scenario ? ['desiredCount is ignored: one task runs; for several, give a "service" with its desiredCount'] : []),
    // RunTask's own fields, kept from its input, that would change what runs
    ...Object.entries(RUN_TASK_FIELDS)
      .filter(([k]) => k in scenario)
      .map(([k, why]) => `${k} is ignored: ${why}`),
    ...(bareDefinition ? ('actions' in scenario ? [ACTIONS_NOT_TIMELINE] : []) : strangersAtTop(scenario)),
    ...otherPlatformVersions(scenario),
  ];
}


/** RunTask's or CreateService's platformVersion naming another platform than the one simulated: the output would not show it. */
function otherPlatformVersions(scenario: Record<string, unknown>): string[] {
  const at = (o: unknown, where: string) =>
    isRecord(o) && o.platformVersion !== undefined && o.platformVersion !== 'LATEST' && o.platformVersion !== FARGATE_PLATFORM_VERSION
      ? [`${where}platformVersion ${JSON.stringify(o.platformVersion)} is ignored: the simulated Fargate platform is ${FARGATE_PLATFORM_VERSION} (LATEST), which the events and DescribeTasks report`]
      : [];
  return [...at(scenario, ''), ...at(scenario.service, 'service.')];
}

/**
 * RunTask's fields that change nothing here (or are said elsewhere), and what
 * describe-task-definition prints beside its taskDefinition: a scenario made
 * from either keeps them, quietly.
 */
const QUIET_AWS_FIELDS = new Set([
  'clientToken', 'enableECSManagedTags', 'enableExecuteCommand', 'group', 'networkConfiguration', 'placementConstraints', 'placementStrategy',
  'propagateTags', 'referenceId', 'startedBy', 'tags', 'volumeConfigurations', 'platformVersion',
  // boto3 prints it beside every response
  'ResponseMetadata',
]);

/**
 * A top-level key that is none of ours, no near miss, and no field of the AWS
 * shapes a scenario is made from (`actions` for timeline): ignored, as said.
 * A bare task definition is AWS's shape alone: its own unknown keys are its.
 */
function strangersAtTop(scenario: Record<string, unknown>): string[] {
  const known = [...SCENARIO_KEYS, ...Object.keys(RUN_TASK_FIELDS), ...Object.keys(DEFAULT_SETTINGS), 'spotStopCode', 'desiredCount'];
  const strangers = Object.keys(scenario).filter((k) => !known.includes(k) && !QUIET_AWS_FIELDS.has(k) && !isNote(k) && !misspelt(k, SCENARIO_KEYS));
  const serviceFields = strangers.filter((k) => SERVICE_ONLY_KEYS.includes(k));
  const others = strangers.filter((k) => !SERVICE_ONLY_KEYS.includes(k)).slice(0, MAX_STRANGERS);
  return [
    ...serviceFields.map((k) => `${k} is ignored at the top level: it is a service's field, so write it under "service": { "${k}": … }`),
    ...others.map((k) => (k === 'actions' ? ACTIONS_NOT_TIMELINE : `${k} is not a scenario key, so it is ignored (the keys are: ${SCENARIO_KEYS.join(', ')})`)),
  ];
}
/** Each entry of the timeline is an action: a list named for them is an easy guess (a bare definition's too, its other keys AWS's). */
const ACTIONS_NOT_TIMELINE = 'actions is not a scenario key, so it is ignored: the actions go in "timeline": [{ "at": …, "action": … }]';
/** Enough to see the pattern: a pasted object with hundreds of keys is not hundreds of mistakes. */
const MAX_STRANGERS = 5;

const RUN_TASK_FIELDS: Record<string, string> = {
  overrides: 'the task runs its definition as registered (RunTask’s overrides are not simulated): edit the definition instead',
  count: 'one task runs; for several, give a "service" with its desiredCount',
  cluster: 'the cluster is named in "settings": { "cluster": … }',
};

/** An UpdateService revision's misspelt keys, wherever its definition sits (describe-task-definition output too). */
function revisionTypos(definition: unknown, at: string): string[] {
  if (!isRecord(definition)) return [];
  const located = locateTaskDefinition({ taskDefinition: definition });
  return taskDefinitionTypos(located.definition, `${at}.${located.at}`);
}

/**
 * Misspelt keys in the task definition and its containers (`esential` would
 * leave a container essential). `topChecked`: its own keys were (a bare
 * definition's, with the scenario's).
 */
export function taskDefinitionTypos(definition: unknown, at: string, topChecked = false): string[] {
  if (!isRecord(definition)) return [];
  const prefix = at ? `${at}.` : '';
  return [
    ...(topChecked ? [] : typoWarnings(definition, TASK_DEFINITION_KEYS, prefix)),
    ...entries(definition.containerDefinitions).flatMap(([c, i]) => {
      const here = `${prefix}containerDefinitions[${i}].`;
      return [
        ...typoWarnings(c, CONTAINER_DEFINITION_KEYS, here),
        ...(isRecord(c.healthCheck) ? typoWarnings(c.healthCheck, HEALTH_CHECK_KEYS, `${here}healthCheck.`) : []),
        ...entries(c.dependsOn).flatMap(([d, j]) => typoWarnings(d, DEPENDS_ON_KEYS, `${here}dependsOn[${j}].`)),
        ...entries(c.portMappings).flatMap(([m, j]) => typoWarnings(m, PORT_MAPPING_KEYS, `${here}portMappings[${j}].`)),
      ];
    }),
  ];
}

