// The scenario loader: text or parsed JSON in, a normalised Scenario out, or
// one ScenarioError naming the field and the problem. Order of the checks:
// the task definition alone, then the scenario's own fields, then how the two
// relate; the first problem found is the one reported.
import { checkScenario } from './consistency.ts';
import { parseJson } from './json.ts';
import { DEFAULT_SETTINGS, scenarioSchema, type ParsedScenario } from './scenario.schema.ts';
import { describe, parseOrThrow } from './errors.ts';
import { resolveService, resolveTimeline } from './service.ts';
import { locateTaskDefinition, normaliseTaskDefinition } from './task-definition.ts';
import { typoWarnings } from './typos.ts';
import { ScenarioError, type Fault, type LaunchType, type Scenario, type TaskDefinition } from './types.ts';

/** Parse JSON text (a scenario, a task definition or describe-task-definition output). */
export function parseScenario(text: string): Scenario {
  return loadScenario(parseJson(text));
}

/** Validate and normalise an already parsed scenario, task definition or describe-task-definition output. */
export function loadScenario(raw: unknown): Scenario {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ScenarioError('', `must be a JSON object (a scenario or a task definition), got ${describe(raw)}`);
  }
  const { definition, at, scenario } = locateTaskDefinition(raw as Record<string, unknown>);
  const { taskDefinition, networkModeGiven } = normaliseTaskDefinition(definition, at);
  const options = parseOrThrow(scenarioSchema, scenario, '');
  const resolved = resolveService(options, defaultLaunchType(taskDefinition));
  const { timeline, revisions } = resolveTimeline(options.timeline, resolved.service, { taskDefinition, at, networkModeGiven, from: 0 });
  const loaded: Scenario = {
    taskDefinition,
    launchType: resolved.launchType,
    loadBalancers: resolved.loadBalancers,
    serviceRegistries: resolved.serviceRegistries,
    settings: options.settings,
    seed: options.seed,
    startTime: options.startTime,
    timeline,
    faults: options.faults.map(normaliseFault),
    service: resolved.service,
  };
  checkScenario(loaded, { at, launchTypeGiven: resolved.launchTypeGiven, networkModeGiven, fields: resolved.fields, revisions });
  const warnings = scenario === definition ? [] : scenarioTypos(scenario);
  // Array.prototype.sort is stable: actions at the same second keep file order.
  return { ...loaded, timeline: [...loaded.timeline].sort((a, b) => a.at - b.at), ...(warnings.length ? { warnings } : {}) };
}

const SCENARIO_KEYS = ['taskDefinition', ...Object.keys(scenarioSchema.shape)];

/** Misspelt keys at the top level and in `settings` (the fields people type by hand). */
function scenarioTypos(scenario: Record<string, unknown>): string[] {
  const settings = scenario.settings;
  const settingKeys = Object.keys(DEFAULT_SETTINGS);
  return [
    ...typoWarnings(scenario, SCENARIO_KEYS),
    ...(settings && typeof settings === 'object' && !Array.isArray(settings) ? typoWarnings(settings as Record<string, unknown>, settingKeys, 'settings.') : []),
  ];
}

/**
 * FARGATE when the definition requires only FARGATE (likewise EXTERNAL), else
 * EC2, the launch type RunTask uses when none is given.
 */
function defaultLaunchType({ requiresCompatibilities: required }: TaskDefinition): LaunchType {
  if (required.length > 0 && required.every((c) => c === 'FARGATE')) return 'FARGATE';
  if (required.length > 0 && required.every((c) => c === 'EXTERNAL')) return 'EXTERNAL';
  return 'EC2';
}

/** PullImage names a container or an image, exactly one; the other is left out (image) or null (container). */
function normaliseFault(f: ParsedScenario['faults'][number], i: number): Fault {
  if (f.step !== 'PullImage') return f;
  if (f.container !== null && f.image !== null) {
    throw new ScenarioError(`faults[${i}].image`, `give container or image, not both (container is "${f.container}")`);
  }
  if (f.image !== null) return { step: f.step, container: null, image: f.image };
  if (f.container === null) {
    throw new ScenarioError(`faults[${i}].container`, 'required: name a container, or give "image" to fail every container using that image');
  }
  return { step: f.step, container: f.container };
}
