// The scenario loader: text or parsed JSON in, a normalised Scenario out, or
// one ScenarioError naming the field and the problem. Order of the checks:
// the task definition alone, then the scenario's own fields, then how the two
// relate. The first two are independent of each other, so their problems are
// reported together (every field's type and range at once); past them, the
// first problem found is the one reported, as one mistake there (a wrong
// container name) would echo through every check after it.
import { fargateInvalidFields } from './fargate-invalid.ts';
import { checkScenario } from './consistency.ts';
import { parseJsonNoting } from './json.ts';
import { DEFAULT_START_TIME, REGION_CODE, scenarioSchema, type ParsedScenario } from './scenario.schema.ts';
import { createRandom, mixSeed } from '../random.ts';
import { describe, inText, parseOrThrow, warningsInText } from './errors.ts';
import { arnWarnings } from './arn-warnings.ts';
import { resolveService, resolveTimeline, type Revision } from './service.ts';
import { namedDefinition } from './foreign-shapes.ts';
import { unsimulatedFeatures } from './unsimulated.ts';
import { locateTaskDefinition, namedByArn, namingWarnings, normaliseTaskDefinition, statusWarnings } from './task-definition.ts';
import { portName, RESERVED_HOST_PORTS, taskReservation, type Reservation } from './reservation.ts';
import { placementWarnings } from './placement-rules.ts';
import { LAUNCH_TYPES, ScenarioError, type Fault, type LaunchType, type Scenario, type TaskDefinition } from './types.ts';
import { entries, faultFieldsOnTheirStep, isRecord, scenarioTypos, taskDefinitionTypos } from './scenario-keys.ts';
import { DEFAULT_STOP_TIMEOUT_S } from '../timings.ts';
import { usesFargateSpot } from './capacity.ts';

/** Parse JSON text (a scenario, a task definition or describe-task-definition output). */
export function parseScenario(text: string): Scenario {
  const { value, warnings } = parseJsonNoting(text);
  try {
    const scenario = loadScenario(value, warnings);
    return scenario.warnings ? { ...scenario, warnings: warningsInText(scenario.warnings, text.startsWith('\uFEFF') ? text.slice(1) : text) } : scenario;
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    throw inText(err, text.startsWith('\uFEFF') ? text.slice(1) : text);
  }
}

/**
 * The Spot stop code written out as its default is the default: absent, as
 * when it is not given, so the names (which hash the settings) stay the same.
 */
function withoutDefaultSpotCode<T extends { spotStopCode?: string }>(settings: T): T {
  if (settings.spotStopCode !== 'SpotInterruption') return settings;
  const { spotStopCode: _default, ...rest } = settings;
  return rest as T;
}

/** Validate and normalise an already parsed scenario, task definition or describe-task-definition output. */
/** `noted`: warnings about the text it was parsed from (a key given twice). */
export function loadScenario(raw: unknown, noted: readonly string[] = []): Scenario {
  // a list of containers alone (Terraform's container_definitions, a definition's own list): say how to wrap it
  if (Array.isArray(raw) && raw.length > 0 && raw.every((c) => isRecord(c) && typeof c.image === 'string'))
    throw new ScenarioError('', 'must be a JSON object, got a list of container definitions (Terraform\'s container_definitions?): wrap it as { "family": "web", "containerDefinitions": [ …the list… ] }');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ScenarioError('', `must be a JSON object (a scenario or a task definition), got ${describe(raw)}`);
  }
  // RunTask or CreateService input: its definition by name
  const named = (raw as Record<string, unknown>).taskDefinition;
  if (typeof named === 'string') throw new ScenarioError('taskDefinition', namedDefinition(named));
  const located = locateTaskDefinition(raw as Record<string, unknown>);
  try {
    return loadLocated(located, noted);
  } catch (err) {
    const { definition, at, scenario } = located;
    if (!(err instanceof ScenarioError)) throw err;
    const typos = [...scenarioTypos(scenario, scenario === definition), ...taskDefinitionTypos(definition, at, scenario === definition)];
    throw skeletonHint(withTypoHints(err, typos), definition);
  }
}

/**
 * `register-task-definition --generate-cli-skeleton` prints every field with
 * "" or 0 in it; filled in only in part, its placeholders are refused. A
 * refusal of such a value, in a definition holding many, says once, first,
 * that it is a template.
 */
function skeletonHint(err: ScenarioError, definition: unknown): ScenarioError {
  if (!err.problems.some((p) => /got (""|0)$/.test(p.problem))) return err;
  let empty = 0;
  let seen = 0;
  const walk = (v: unknown): void => {
    if (++seen > 100_000 || empty >= SKELETON_EMPTY_STRINGS) return;
    if (v === '') empty++;
    else if (Array.isArray(v)) v.forEach(walk);
    // an environment variable's value is often "" in a real definition: not a placeholder
    else if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (k !== 'environment') walk(x);
  };
  walk(definition);
  if (empty < SKELETON_EMPTY_STRINGS) return err;
  // said once, before the placeholders refused
  return ScenarioError.of(err.problems, 'this looks like a --generate-cli-skeleton template: its "" and 0 are placeholders, which RegisterTaskDefinition refuses too; fill in or remove every field you do not use');
}
/** Empty strings in a definition from which it reads as a skeleton (a real one has few or none). */
const SKELETON_EMPTY_STRINGS = 5;

/**
 * A load refused for want of a field that a misspelt key was meant to give
 * (`contianer` leaves a ContainerExit with no `container`): the refusal names
 * the key given, as the warning would have had the scenario loaded. Each
 * misspelling is said once, at the problem it likely caused: the field it
 * meant (or one in it), else a problem in its object that names the key,
 * else the first problem anywhere that names it (a load balancer's port,
 * where `portMapings` was misspelt in the container).
 */
const HINTED_PROBLEMS = 500;

function withTypoHints(err: ScenarioError, typos: readonly string[]): ScenarioError {
  const problems = [...err.problems];
  for (const typo of typos) {
    const m = /^(\S+) is not a field we know, so it is ignored: did you mean (\S+)\?$/.exec(typo);
    if (!m) continue;
    const [, given, meant] = m as unknown as [string, string, string];
    const key = meant.slice(Math.max(meant.lastIndexOf('.'), meant.lastIndexOf(']')) + 1);
    const givenKey = given.slice(Math.max(given.lastIndexOf('.'), given.lastIndexOf(']')) + 1);
    const parent = meant.slice(0, meant.length - key.length).replace(/\.$/, '');
    const within = (field: string, path: string) => field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`);
    // (not a refusal of the key where it is given: "StopTask takes no container" is no missing container)
    const word = new RegExp(`\\b${key}\\b`);
    const names = (p: ScenarioError) => word.test(p.problem) && !p.field.endsWith(`.${key}`);
    // a refusal that already says what was found ("found \"At\"") needs no more
    const open = (p: ScenarioError) => !p.problem.includes(`"${givenKey}"`);
    const related = (p: ScenarioError) => p.field !== '' && (within(p.field, meant) || meant.startsWith(`${p.field}.`));
    // among the first problems only (a person reads twelve, in the file's order, sorted later):
    // a generated file's 10,000 misspelt keys and problems would take a minute, pair by pair
    const shown = problems.slice(0, HINTED_PROBLEMS);
    const at = [related, (p: ScenarioError) => (parent === '' || within(p.field, parent)) && names(p), names]
      .map((rule) => shown.findIndex((p) => open(p) && rule(p)))
      .find((i) => i >= 0);
    if (at === undefined) continue;
    const p = problems[at]!;
    problems[at] = new ScenarioError(p.field, `${p.problem} (${given} is given: a misspelling of ${key}?)`, p.line);
  }
  return ScenarioError.of(problems, err.hint);
}

function loadLocated({ definition, at, scenario }: ReturnType<typeof locateTaskDefinition>, noted: readonly string[]): Scenario {
  let normalised: ReturnType<typeof normaliseTaskDefinition>;
  try {
    normalised = normaliseTaskDefinition(namedByArn(definition), at);
  } catch (err) {
    throw err instanceof ScenarioError ? withScenarioProblems(err, scenario) : err;
  }
  const { taskDefinition, networkModeGiven } = normalised;
  const options = scenarioOptions(scenario);
  faultFieldsOnTheirStep(scenario);
  const resolved = resolveService(options, defaultLaunchType(taskDefinition, at));
  const { timeline, revisions } = resolveTimeline(options.timeline, resolved.service, { taskDefinition, at, networkModeGiven, from: 0 });
  const loaded: Scenario = {
    taskDefinition,
    launchType: resolved.launchType,
    loadBalancers: resolved.loadBalancers,
    serviceRegistries: resolved.serviceRegistries,
    settings: withoutDefaultSpotCode({ ...options.settings, ...whereRegistered(definition, scenario) }),
    seed: options.seed,
    startTime: options.startTime ?? defaultStartTime(options.seed),
    timeline,
    faults: options.faults.map(normaliseFault),
    service: resolved.service,
    capacityProviderName: onSpotByDefault(resolved, options.timeline) ? 'FARGATE_SPOT' : resolved.capacityProviderName,
    launchTypeGiven: resolved.launchTypeGiven,
    containerInstances: options.containerInstances,
  };
  checkScenario(loaded, { at, launchTypeGiven: resolved.launchTypeGiven, networkModeGiven, fields: resolved.fields, revisions });
  const warnings = [...noted, ...zeroStopTimeouts(revisions), ...scenarioTypos(scenario, scenario === definition), ...taskDefinitionTypos(definition, at, scenario === definition), ...namingWarnings(namedByArn(definition), at), ...statusWarnings(definition, at), ...neverPlaced(loaded, revisions), ...placementWarnings(loaded, revisions, placementGiven(scenario)), ...awsvpcHostPorts(revisions), ...windowsAsLinux(revisions), ...deploymentAlarms(scenario), ...mootSettings(scenario, loaded), ...repeatedFaults(loaded.faults), ...anySecretMakesPicksMoot(loaded.faults), ...overlappingCrashes(loaded), ...arnWarnings(loaded, resolved.fields), ...clusterElsewhere(scenario, definition), ...classicNamesIgnored(scenario), ...unsimulatedFeatures(scenario, definition, at), ...fargateInvalidFields(scenario, definition, at, loaded.launchType === 'FARGATE')];
  // Array.prototype.sort is stable: actions at the same second keep file order.
  return { ...loaded, timeline: [...loaded.timeline].sort((a, b) => a.at - b.at), ...(warnings.length ? { warnings: firstWarnings(warnings) } : {}) };
}

/**
 * Without a startTime, the run starts on DEFAULT_START_TIME plus a fraction
 * of a second drawn from the seed. AWS's timestamps carry milliseconds (a
 * whole second is one in a thousand), and every other moment of a run is
 * counted from this one: a start on the second would give every task's
 * createdAt, and every action at a whole `at`, a timestamp without them, and
 * a consumer's parser that needs them would pass against AWS and fail here.
 */
export function defaultStartTime(seed: number): number {
  return Date.parse(DEFAULT_START_TIME) + createRandom(mixSeed(seed, START_TIME_STREAM)).between(1, 999);
}
/** (its own stream: the timings drawn from the seed stay as they were) */
const START_TIME_STREAM = 0x5747;

/** Enough to see what is wrong (a generated file can repeat one slip 100,000 times): the first 20, and a count of the rest. */
const MAX_WARNINGS = 20;
function firstWarnings(all: string[]): string[] {
  if (all.length <= MAX_WARNINGS) return all;
  return [...all.slice(0, MAX_WARNINGS), `… and ${(all.length - MAX_WARNINGS).toLocaleString('en-US')} more warnings`];
}

/** StopContainer: a container that ignores SIGTERM (the default), or, with exitCode, one that exits on it with that code. */
function stopContainerFault(f: Extract<ParsedScenario['faults'][number], { step: 'StopContainer' }>, field: string): Fault {
  if (f.exitCode === 137)
    throw new ScenarioError(`${field}.exitCode`, 'must not be 137, the code of a container killed by SIGKILL: for one killed after its stopTimeout, leave exitCode out (it ignores SIGTERM)');
  if (f.exitCode !== null && f.ignoreSigterm === true)
    throw new ScenarioError(`${field}.ignoreSigterm`, `must be left out with exitCode: a container that exits on SIGTERM with exit code ${f.exitCode} does not ignore it (one that ignores it is killed: 137)`);
  if (f.exitCode === null && f.ignoreSigterm === false)
    throw new ScenarioError(`${field}.ignoreSigterm`, 'must be true or left out: this fault is a container that ignores SIGTERM (for one that exits on SIGTERM with a code of its own, give exitCode; for one that exits with 0, leave the fault out)');
  return { step: f.step, container: f.container, ignoreSigterm: f.exitCode === null, exitCode: f.exitCode };
}

/**
 * Two RunContainer faults on one container (by its name, or its image): the
 * first in the file applies, and the other is dropped in silence unless said.
 */
function overlappingCrashes(s: Scenario): string[] {
  const crashes = s.faults.flatMap((f, i) => (f.step === 'RunContainer' ? [{ f, i }] : []));
  if (crashes.length < 2) return [];
  const revisions = definitionsRun(s);
  const said = new Set<string>();
  for (const td of revisions)
    for (const c of td.containerDefinitions) {
      const hits = crashes.filter(({ f }) => f.container === c.name || f.image === c.image);
      // an exact copy is repeatedFaults' to report
      for (const { f, i } of hits.slice(1)) if (JSON.stringify(f) !== JSON.stringify(hits[0]!.f)) said.add(`faults[${i}] also crashes container ${c.name} (image ${c.image}), which faults[${hits[0]!.i}] crashes first: only that one applies to it.`);
    }
  return [...said];
}

/** A RetrieveSecrets fault without valueFrom fails each task on its first secret: one that picks a secret then changes nothing. */
function anySecretMakesPicksMoot(faults: Scenario['faults']): string[] {
  const any = faults.findIndex((f) => f.step === 'RetrieveSecrets' && f.valueFrom === null);
  if (any < 0) return [];
  return faults.flatMap((f, i) =>
    f.step === 'RetrieveSecrets' && f.valueFrom !== null
      ? [`faults[${i}] picks the secret ${f.valueFrom}, but faults[${any}], with no valueFrom, already fails each task on the first secret it names: faults[${i}] changes nothing.`]
      : [],
  );
}

/** A fault given twice (the same step on the same target): harmless, but likely a slip worth a note. */
function repeatedFaults(faults: readonly unknown[]): string[] {
  // one warning per fault repeated, naming every copy (a generated file may hold hundreds)
  const copies = new Map<string, number[]>();
  faults.forEach((f, i) => {
    const key = JSON.stringify(f);
    const at = copies.get(key);
    if (at) at.push(i);
    else copies.set(key, [i]);
  });
  return [...copies.values()]
    .filter((at) => at.length > 1)
    .map(([first, ...rest]) => {
      const named = rest.length <= 3 ? rest.map((i) => `faults[${i}]`).join(', ') : `faults[${rest[0]}], faults[${rest[1]}] and ${rest.length - 2} more`;
      return `${named} ${rest.length === 1 ? 'repeats' : 'repeat'} faults[${first}]: a fault applies once, so ${rest.length === 1 ? 'the copy changes' : 'the copies change'} nothing.`;
    });
}

/**
 * Neither a launch type nor a strategy: the cluster's default strategy
 * decides. A Spot notice in the timeline says it was Fargate Spot, so the task
 * reports that provider from the start, as a Spot task does.
 */
function onSpotByDefault(r: { launchType: string; launchTypeGiven: boolean; capacityProviderName: string | null }, timeline: readonly { action: string }[]): boolean {
  return r.launchType === 'FARGATE' && !r.launchTypeGiven && r.capacityProviderName === null && timeline.some((a) => a.action === 'SpotInterruption');
}

/** An ECS ARN's region (when it names a real one) and account. */
function placeOf(arn: unknown, resource: string): { region: string | null; account: string } | null {
  const m = typeof arn === 'string' ? new RegExp(`^arn:aws[\\w-]*:ecs:([a-z0-9-]+):(\\d{12}):${resource}/`).exec(arn) : null;
  // an ARN from an emulator may name no real region: then the default stays
  return m ? { region: REGION_CODE.test(m[1]!) ? m[1]! : null, account: m[2]! } : null;
}

/**
 * A cluster given by its ARN, and describe-task-definition output, say where
 * the task runs: their region and account become the run's (and so every
 * ARN's) unless the scenario's settings say otherwise; the cluster's first.
 */
function whereRegistered(definition: unknown, scenario: Record<string, unknown>): { region?: string; account?: string } {
  const given = (isRecord(scenario.settings) ? scenario.settings : {}) as Record<string, unknown>;
  const places = [placeOf(given.cluster, 'cluster'), placeOf((definition as { taskDefinitionArn?: unknown } | null)?.taskDefinitionArn, 'task-definition')];
  const region = places.find((p) => p?.region)?.region;
  const account = places.find((p) => p)?.account;
  return { ...(given.region == null && region ? { region } : {}), ...(given.account == null && account ? { account } : {}) };
}

/**
 * A cluster ARN elsewhere than settings.region or settings.account say (the
 * settings win), or than the task definition's ARN (the cluster's wins), or,
 * with no cluster ARN, the definition's ARN elsewhere than the settings say
 * (the settings win): not in silence.
 */
function clusterElsewhere(scenario: Record<string, unknown>, definition: unknown): string[] {
  const given = (isRecord(scenario.settings) ? scenario.settings : {}) as Record<string, unknown>;
  const p = placeOf(given.cluster, 'cluster');
  const d = placeOf((definition as { taskDefinitionArn?: unknown } | null)?.taskDefinitionArn, 'task-definition');
  // settings that name another place than the definition's ARN rewrite it, cluster or not
  const definitionMoved = d
    ? [
        ...(typeof given.region === 'string' && d.region && d.region !== given.region ? [`taskDefinitionArn is in ${d.region}, but settings.region is ${given.region}: every ARN is built in ${given.region}, the task definition's too (leave settings.region out to run where it was registered)`] : []),
        ...(typeof given.account === 'string' && d.account !== given.account ? [`taskDefinitionArn is in account ${d.account}, but settings.account is ${given.account}: every ARN is built in ${given.account}, the task definition's too (leave settings.account out to use its account)`] : []),
      ]
    : [];
  if (!p) return definitionMoved;
  const regionGiven = typeof given.region === 'string';
  const accountGiven = typeof given.account === 'string';
  return [
    ...(d && !(regionGiven && accountGiven) && ((!regionGiven && d.region && p.region && d.region !== p.region) || (!accountGiven && d.account !== p.account))
      ? [`taskDefinitionArn is in ${d.region ?? '?'} and account ${d.account}, but settings.cluster in ${p.region ?? '?'} and account ${p.account}: every ARN is built where the cluster is (give settings.region and settings.account to choose)`]
      : []),
    ...(typeof given.region === 'string' && p.region && p.region !== given.region ? [`settings.cluster is in ${p.region}, but settings.region is ${given.region}: every ARN is built in ${given.region} (leave settings.region out to run in the cluster's)`] : []),
    ...(typeof given.account === 'string' && p.account !== given.account ? [`settings.cluster is in account ${p.account}, but settings.account is ${given.account}: every ARN is built in ${given.account} (leave settings.account out to use the cluster's)`] : []),
    ...definitionMoved,
  ];
}

/** Every load balancer entry the scenario gives, with where (at the top or in its service). */
function loadBalancerEntries(scenario: Record<string, unknown>): [Record<string, unknown>, string][] {
  const service = isRecord(scenario.service) ? scenario.service : {};
  return ([[scenario.loadBalancers, 'loadBalancers'], [service.loadBalancers, 'service.loadBalancers']] as const).flatMap(([list, at]) =>
    entries(list).map(([lb, i]) => [lb, `${at}[${i}]`] as [Record<string, unknown>, string]),
  );
}
/**
 * A Classic Load Balancer (loadBalancerName, no target group): ECS still takes
 * one for EC2 services, the simulator has no such thing; say so rather than
 * "targetGroupArn: got nothing".
 */
/** The scenario's own fields, as given (what the task definition is checked apart). */
function scenarioOptions(scenario: Record<string, unknown>): ParsedScenario {
  noClassicLoadBalancers(scenario);
  notWrappedServices(scenario);
  return parseOrThrow(scenarioSchema, scenario, '');
}

/**
 * A refused task definition, with what is wrong in the scenario's own fields
 * too: they do not depend on it, and one run says all there is to fix.
 */
function withScenarioProblems(err: ScenarioError, scenario: Record<string, unknown>): ScenarioError {
  try {
    scenarioOptions(scenario);
    return err;
  } catch (more) {
    if (!(more instanceof ScenarioError)) return err;
    return ScenarioError.of([...err.problems, ...more.problems], err.hint ?? more.hint);
  }
}

function noClassicLoadBalancers(scenario: Record<string, unknown>): void {
  for (const [lb, at] of loadBalancerEntries(scenario))
    if (lb.loadBalancerName != null && lb.targetGroupArn == null)
      throw new ScenarioError(`${at}.loadBalancerName`, 'Classic Load Balancers are not simulated: give the targetGroupArn of an Application or Network Load Balancer target group instead');
}
/** describe-services output pasted whole as the service: say which part to take, rather than "serviceName: got nothing". */
function notWrappedServices(scenario: Record<string, unknown>): void {
  const service = scenario.service;
  if (isRecord(service) && service.serviceName === undefined && Array.isArray(service.services))
    throw new ScenarioError('service', 'looks like the output of describe-services: give one of its "services" (the object itself) as the service');
}
/** A name beside a target group: AWS asks to leave it out for an Application or Network Load Balancer; the target group is what runs. */
const classicNamesIgnored = (scenario: Record<string, unknown>): string[] =>
  loadBalancerEntries(scenario)
    .filter(([lb]) => lb.loadBalancerName != null && lb.targetGroupArn != null)
    .map(([, at]) => `${at}.loadBalancerName is ignored: with a targetGroupArn (an Application or Network Load Balancer) AWS asks to leave the name out; the target group is what the task registers with.`);

/**
 * FARGATE when the definition requires only FARGATE (likewise EXTERNAL), else
 * EC2, the launch type RunTask uses when none is given.
 */
function defaultLaunchType({ requiresCompatibilities: given }: TaskDefinition, at: string): LaunchType {
  // Compatibilities the simulator does not run (MANAGED_INSTANCES) are left
  // aside; a definition that names only those cannot run here at all.
  const required = given.filter((c) => (LAUNCH_TYPES as readonly string[]).includes(c));
  if (given.length > 0 && required.length === 0) {
    const managed = given.includes('MANAGED_INSTANCES') ? ': Amazon ECS Managed Instances are not simulated' : '';
    throw new ScenarioError(`${at ? `${at}.` : ''}requiresCompatibilities`, `names no launch type the simulator runs (FARGATE, EC2 or EXTERNAL), got ${given.join(', ')}${managed}`);
  }
  if (required.length > 0 && required.every((c) => c === 'FARGATE')) return 'FARGATE';
  if (required.length > 0 && required.every((c) => c === 'EXTERNAL')) return 'EXTERNAL';
  return 'EC2';
}

/** PullImage and RunContainer name a container or an image, exactly one; the other is left out (image) or null (container). */
function normaliseFault(f: ParsedScenario['faults'][number], i: number): Fault {
  if (f.step === 'StopContainer') return stopContainerFault(f, `faults[${i}]`);
  if (f.step === 'HealthCheck') {
    if (f.container !== null && f.image !== null) throw new ScenarioError(`faults[${i}].image`, `give container or image, not both (container is "${f.container}")`);
    if (f.passAfterSeconds !== null && f.failAfterSeconds !== null)
      throw new ScenarioError(`faults[${i}].failAfterSeconds`, 'give passAfterSeconds (the checks fail, then pass: a slow start) or failAfterSeconds (they pass, then fail), not both');
    const failAfter = f.failAfterSeconds !== null ? { failAfterSeconds: f.failAfterSeconds } : {};
    return { step: f.step, container: f.container, ...(f.image !== null ? { image: f.image } : {}), passAfterSeconds: f.passAfterSeconds, ...failAfter };
  }
  if (f.step !== 'PullImage' && f.step !== 'RunContainer') return f;
  if (f.container !== null && f.image !== null) {
    throw new ScenarioError(`faults[${i}].image`, `give container or image, not both (container is "${f.container}")`);
  }
  if (f.container === null && f.image === null) {
    throw new ScenarioError(`faults[${i}].container`, `required: name a container, or give "image" to ${f.step === 'PullImage' ? 'fail' : 'crash'} every container using that image`);
  }
  const which = f.image !== null ? { container: null, image: f.image } : { container: f.container };
  return f.step === 'PullImage' ? { step: f.step, ...which } : { step: f.step, ...which, exitCode: f.exitCode, afterSeconds: f.afterSeconds };
}

/** The definitions a scenario runs: its own, and each an UpdateService deploys. */
const definitionsRun = (s: Scenario) => [s.taskDefinition, ...s.timeline.flatMap((a) => (a.action === 'UpdateService' && a.taskDefinition ? [a.taskDefinition] : []))];

/** The target group settings: a task with no target group has nothing they act on. */
export const TARGET_GROUP_SETTINGS = ['deregistrationDelaySeconds', 'healthCheckIntervalSeconds', 'healthyThresholdCount', 'unhealthyThresholdCount'];

/** Settings given that can change nothing in this scenario (--strict makes them errors, as its help says). */
function mootSettings(scenario: Record<string, unknown>, s: Scenario): string[] {
  const given = isRecord(scenario.settings) ? scenario.settings : {};
  const out = s.loadBalancers.length > 0 ? [] : TARGET_GROUP_SETTINGS.filter((k) => k in given).map((k) => `settings.${k} changes nothing: the task has no target group (loadBalancers is empty)`);
  // without a launch type given, the cluster's default strategy may be Fargate Spot (paths explores it)
  const spot = s.capacityProviderName === 'FARGATE_SPOT' || usesFargateSpot(s) || !s.launchTypeGiven;
  if ('spotStopCode' in given && !spot) out.push(`settings.spotStopCode changes nothing: the task does not run on Fargate Spot (launch type ${s.launchType})`);
  // CreateService's grace period delays the heed paid to health checks: with none, it is "unused" (the API reference)
  const revisions = definitionsRun(s);
  const checked = s.loadBalancers.length > 0 || revisions.some((td) => td.containerDefinitions.some((c) => c.essential && c.healthCheck !== null));
  if (s.service && s.service.healthCheckGracePeriodSeconds > 0 && !checked)
    out.push('service.healthCheckGracePeriodSeconds changes nothing: the service has no health check to wait for (no load balancer, and no essential container with a healthCheck)');
  return out;
}

/** CloudWatch alarms that fail a deployment: the simulator has no metrics, so none ever fires. */
function deploymentAlarms(scenario: Record<string, unknown>): string[] {
  const service = scenario.service as { deploymentConfiguration?: { alarms?: { enable?: unknown } } } | null | undefined;
  return service?.deploymentConfiguration?.alarms?.enable === true
    ? ['service.deploymentConfiguration.alarms: CloudWatch alarms are not simulated; no alarm ever fires, so only the circuit breaker fails a deployment']
    : [];
}

/**
 * stopTimeout 0 off Fargate (refused there): the ECS agent takes 0 as unset
 * and waits its own default (`if apiTimeoutStopContainer <= 0` in
 * amazon-ecs-agent's task engine), so it is made unset here too, and said.
 */
function zeroStopTimeouts(revisions: Revision[]): string[] {
  return revisions.flatMap((r) =>
    r.taskDefinition.containerDefinitions.flatMap((c, i) => {
      if (c.stopTimeout !== 0) return [];
      c.stopTimeout = null;
      return [`${r.at ? `${r.at}.` : ''}containerDefinitions[${i}].stopTimeout 0: the ECS agent takes 0 as not set and waits its default, ${DEFAULT_STOP_TIMEOUT_S} s (ECS_CONTAINER_STOP_TIMEOUT), before SIGKILL`];
    }),
  );
}

/** A Windows task runs here as a Linux one would: say so, since its output claims Linux. */
function windowsAsLinux(revisions: Revision[]): string[] {
  return revisions.flatMap((r) => {
    const os = r.taskDefinition.runtimePlatform?.operatingSystemFamily ?? 'LINUX';
    return os === 'LINUX' ? [] : [`${r.at ? `${r.at}.` : ''}runtimePlatform.operatingSystemFamily ${os}: Windows tasks are not modelled; this one runs, and is shown, as a Linux task`];
  });
}

/**
 * Older definitions (aws-samples' tomcat and kibana) give an awsvpc mapping a
 * hostPort unlike its containerPort. They still load, as such inputs are
 * real, but the task's own interface takes the containerPort: say so.
 */
function awsvpcHostPorts(revisions: Revision[]): string[] {
  return revisions.flatMap((r) =>
    r.taskDefinition.networkMode !== 'awsvpc'
      ? []
      : r.taskDefinition.containerDefinitions.flatMap((c, i) =>
          c.portBindings
            .filter((b) => b.hostPort !== null && b.hostPort !== b.containerPort)
            .map(
              (b) =>
                `${r.at ? `${r.at}.` : ''}containerDefinitions[${i}].portMappings[${b.index}].hostPort ${b.hostPort} is ignored: an awsvpc task has its own network interface, where container ${c.name} listens on ${b.containerPort} (RegisterTaskDefinition now refuses a hostPort unlike the containerPort here)`,
            ),
        ),
  );
}

/** Whether the file gave a placement strategy or constraints (a default strategy needs no warning). */
function placementGiven(scenario: Record<string, unknown>): { strategy: boolean; constraints: boolean } {
  const own = isRecord(scenario.service) ? scenario.service : {};
  // an empty list, as create-service skeletons and describe-services output carry it, gives nothing
  const given = (x: unknown) => x != null && !(Array.isArray(x) && x.length === 0);
  return { strategy: given(own.placementStrategy), constraints: given(own.placementConstraints) };
}

/** A revision bigger than every container instance is valid (AWS registers it) but can never run: say so up front. */
function neverPlaced(s: Scenario, revisions: Revision[]): string[] {
  const ci = s.containerInstances;
  const whereOf = (r: Revision) => `${r.at || 'taskDefinition'} (${r.taskDefinition.family}:${r.taskDefinition.revision})`;
  const keptPorts = (need: Reservation) => need.ports.filter((p) => RESERVED_HOST_PORTS.includes(p)).map(portName);
  const keptWords = (kept: string[]) => `binds host port ${kept.join(', ')}, which every container instance keeps for the host and the agent (ECS_RESERVED_PORTS)`;
  // Without instances there is always room, but no instance has these ports:
  // ECS would never place the task, so the run that places it says so.
  if (!ci)
    return revisions.flatMap((r) => {
      const kept = keptPorts(taskReservation(r.taskDefinition));
      return kept.length ? [`${whereOf(r)} ${keptWords(kept)}: ECS would never place it. Without containerInstances the simulator places it all the same; give them to see it wait (RESOURCE:PORTS)`] : [];
    });
  const sizes = ci.groups.map((g) => `${g.cpu} CPU units, ${g.memory} MiB`).join('; ');
  return revisions.flatMap((r) => {
    const need = taskReservation(r.taskDefinition);
    const kept = keptPorts(need);
    // too big for every size: name what it asks for that no instance has
    const tooBig = ci.groups.every((g) => need.cpu > g.cpu || need.memory > g.memory);
    const short = [ci.groups.every((g) => need.cpu > g.cpu) ? `${need.cpu} CPU units` : '', ci.groups.every((g) => need.memory > g.memory) ? `${need.memory} MiB` : ''].filter(Boolean);
    const asks = short.length ? short.join(' and ') : `${need.cpu} CPU units and ${need.memory} MiB together`;
    return [
      ...(tooBig ? [`${whereOf(r)} needs ${asks}, more than ${ci.groups.length === 1 ? 'a' : 'any'} container instance registers (${sizes}): no task of it can ever be placed`] : []),
      ...(kept.length ? [`${whereOf(r)} ${keptWords(kept)}: no task of it can ever be placed`] : []),
    ];
  });
}
