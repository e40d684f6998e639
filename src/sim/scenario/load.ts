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
import { DEFAULT_START_TIME, scenarioSchema, type ParsedScenario } from './scenario.schema.ts';
import { createRandom, mixSeed } from '../random.ts';
import { describe, inText, parseOrThrow, warningsInText } from './errors.ts';
import { arnWarnings } from './arn-warnings.ts';
import { resolveService, resolveTimeline } from './service.ts';
import { namedDefinition } from './foreign-shapes.ts';
import { unsimulatedFeatures } from './unsimulated.ts';
import { locateTaskDefinition, namedByArn, namingWarnings, normaliseTaskDefinition, statusWarnings } from './task-definition.ts';
import { placementWarnings } from './placement-rules.ts';
import { LAUNCH_TYPES, ScenarioError, type Fault, type LaunchType, type Scenario, type TaskDefinition } from './types.ts';
import { faultFieldsOnTheirStep, isRecord, scenarioTypos, taskDefinitionTypos } from './scenario-keys.ts';
import { anySecretMakesPicksMoot, awsvpcHostPorts, deploymentAlarms, firstWarnings, mootSettings, neverPlaced, overlappingCrashes, placementGiven, repeatedFaults, windowsAsLinux, zeroStopTimeouts } from './load.warnings.ts';
import { clusterElsewhere, whereRegistered } from './load.where.ts';
import { classicNamesIgnored, noClassicLoadBalancers, notWrappedServices } from './load-balancer-shapes.ts';

/** Parse JSON text (a scenario, a task definition or describe-task-definition output). */
export function parseScenario(text: string): Scenario {
  const { value, warnings } = parseJsonNoting(text);
  try {
    // every warning, placed and put in the file's order, before the cut at 20
    const scenario = loadUncut(value, warnings);
    return scenario.warnings ? { ...scenario, warnings: firstWarnings(warningsInText(scenario.warnings, text.startsWith('\uFEFF') ? text.slice(1) : text)) } : scenario;
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
  const scenario = loadUncut(raw, noted);
  return scenario.warnings ? { ...scenario, warnings: firstWarnings(scenario.warnings) } : scenario;
}

/** As loadScenario, with every warning (parseScenario orders them by line before it cuts them). */
function loadUncut(raw: unknown, noted: readonly string[]): Scenario {
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
  return { ...loaded, timeline: [...loaded.timeline].sort((a, b) => a.at - b.at), ...(warnings.length ? { warnings } : {}) };
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
 * Neither a launch type nor a strategy: the cluster's default strategy
 * decides. A Spot notice in the timeline says it was Fargate Spot, so the task
 * reports that provider from the start, as a Spot task does.
 */
function onSpotByDefault(r: { launchType: string; launchTypeGiven: boolean; capacityProviderName: string | null }, timeline: readonly { action: string }[]): boolean {
  return r.launchType === 'FARGATE' && !r.launchTypeGiven && r.capacityProviderName === null && timeline.some((a) => a.action === 'SpotInterruption');
}

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

