// A scenario with a `service` object is a service. Here the service meets the
// rest of the file: loadBalancers, serviceRegistries and launchType may be
// given at the top level or under `service` but must agree when given in both;
// UpdateService's task definitions become the next revisions; `task` on an
// action picks one of the service's tasks and means nothing without a service.
import type { ParsedScenario } from './scenario.schema.ts';
import { ZONE_SPREAD } from './placement-rules.ts';
import { locateTaskDefinition, namedByArn, normaliseTaskDefinition } from './task-definition.ts';
import { MAX_REVISION } from './task-definition.schema.ts';
import { registeredRevision } from './revision-names.ts';
import {
  ScenarioError,
  type Action,
  type LaunchType,
  type LoadBalancer,
  type Service,
  type ServiceRegistry,
  type TaskDefinition,
} from './types.ts';

/** Where each setting was written, for messages: `loadBalancers` or `service.loadBalancers`. */
export interface Fields {
  launchType: string;
  capacityProviderStrategy: string;
  loadBalancers: string;
  serviceRegistries: string;
}

export interface Resolved {
  service: Service | null;
  launchType: LaunchType;
  capacityProviderName: string | null;
  launchTypeGiven: boolean;
  loadBalancers: LoadBalancer[];
  serviceRegistries: ServiceRegistry[];
  fields: Fields;
}

type Strategy = NonNullable<ParsedScenario['capacityProviderStrategy']>;

/** The provider one task lands on: one with a base first, else the highest weight (the first on a tie). */
function chosenProvider(strategy: Strategy): string {
  const based = strategy.find((p) => p.base > 0);
  if (based) return based.capacityProvider;
  return strategy.reduce((best, p) => (p.weight > best.weight ? p : best)).capacityProvider;
}

/**
 * RunTask takes a launch type or a capacity provider strategy, not both. The
 * FARGATE and FARGATE_SPOT providers run on Fargate; any other is an EC2 Auto
 * Scaling group's.
 */
function launchOf(
  launchType: LaunchType | null,
  strategy: Strategy | null,
  fields: Pick<Fields, 'launchType' | 'capacityProviderStrategy'>,
): { launchType: LaunchType | null; capacityProviderName: string | null } {
  if (strategy === null) return { launchType, capacityProviderName: null };
  if (launchType !== null) throw new ScenarioError(fields.launchType, `give launchType or ${fields.capacityProviderStrategy}, not both (RunTask refuses both)`);
  const fargate = (name: string) => name === 'FARGATE' || name === 'FARGATE_SPOT';
  if (strategy.some((p) => fargate(p.capacityProvider)) && !strategy.every((p) => fargate(p.capacityProvider)))
    throw new ScenarioError(fields.capacityProviderStrategy, 'mixes Fargate and Auto Scaling group capacity providers; a strategy holds one kind only');
  const names = strategy.map((p) => p.capacityProvider);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ScenarioError(fields.capacityProviderStrategy, `names ${twice} twice; each capacity provider may appear once`);
  const based = strategy.filter((p) => p.base > 0);
  if (based.length > 1)
    throw new ScenarioError(fields.capacityProviderStrategy, `only one capacity provider may have a base, got ${based.map((p) => p.capacityProvider).join(' and ')}`);
  if (strategy.every((p) => p.base === 0 && p.weight === 0))
    throw new ScenarioError(fields.capacityProviderStrategy, 'needs a provider with a weight or a base above 0, or no task is placed');
  const name = chosenProvider(strategy);
  return { launchType: fargate(name) ? 'FARGATE' : 'EC2', capacityProviderName: name };
}

/** Top-level settings against the service's; `defaultLaunchType` applies when neither gives one. */
export function resolveService(options: ParsedScenario, defaultLaunchType: LaunchType): Resolved {
  const own = options.service;
  const top = {
    launchType: options.launchType,
    capacityProviderStrategy: options.capacityProviderStrategy,
    loadBalancers: options.loadBalancers,
    serviceRegistries: options.serviceRegistries,
  };
  if (own === null) {
    const launch = launchOf(top.launchType, top.capacityProviderStrategy, { launchType: 'launchType', capacityProviderStrategy: 'capacityProviderStrategy' });
    return {
      service: null,
      launchType: launch.launchType ?? defaultLaunchType,
      capacityProviderName: launch.capacityProviderName,
      launchTypeGiven: launch.launchType !== null,
      loadBalancers: top.loadBalancers ?? [],
      serviceRegistries: top.serviceRegistries ?? [],
      // a launch type chosen by the strategy is blamed on the strategy
      fields: {
        launchType: launch.capacityProviderName === null ? 'launchType' : 'capacityProviderStrategy',
        capacityProviderStrategy: 'capacityProviderStrategy',
        loadBalancers: 'loadBalancers',
        serviceRegistries: 'serviceRegistries',
      },
    };
  }
  // Given in one place, it counts for both; given in both, the two must agree.
  const pick = <T>(name: keyof typeof top, atTop: T | null, inService: T | null): T | null => {
    if (atTop !== null && inService !== null && JSON.stringify(atTop) !== JSON.stringify(inService)) {
      const shown = typeof atTop === 'string' ? ` (got ${atTop}, service.${name} is ${String(inService)})` : firstDifference(name, atTop, inService);
      throw new ScenarioError(name, `must be absent or the same as service.${name} in a service scenario${shown}`);
    }
    return inService ?? atTop;
  };
  const strategy = pick('capacityProviderStrategy', top.capacityProviderStrategy, own.capacityProviderStrategy);
  const loadBalancers = pick('loadBalancers', top.loadBalancers, own.loadBalancers) ?? [];
  const serviceRegistries = pick('serviceRegistries', top.serviceRegistries, own.serviceRegistries) ?? [];
  // named where the file gives it; when neither place does, the service is the place to add it
  const where = (name: keyof typeof top) => (own[name] === null && top[name] !== null ? name : `service.${name}`);
  const launch = launchOf(pick('launchType', top.launchType, own.launchType), strategy, {
    launchType: where('launchType'),
    capacityProviderStrategy: where('capacityProviderStrategy'),
  });
  const launchType = launch.launchType;
  // AWS supports neither on Fargate, which places every task itself, spread over zones.
  for (const name of ['placementStrategy', 'placementConstraints'] as const)
    if ((own[name]?.length ?? 0) > 0 && (launchType ?? defaultLaunchType) === 'FARGATE')
      throw new ScenarioError(`service.${name}`, 'not for Fargate: AWS supports placement strategies and constraints only on EC2 instances; Fargate spreads tasks over Availability Zones itself');
  const service: Service = {
    serviceName: own.serviceName,
    desiredCount: own.desiredCount,
    loadBalancers,
    serviceRegistries,
    deploymentConfiguration: own.deploymentConfiguration,
    healthCheckGracePeriodSeconds: own.healthCheckGracePeriodSeconds,
    launchType: launchType ?? defaultLaunchType,
    placementStrategy: own.placementStrategy ?? [ZONE_SPREAD],
    placementConstraints: own.placementConstraints ?? [],
    capacityProviderStrategy: strategy,
  };
  return {
    service,
    launchType: service.launchType,
    capacityProviderName: launch.capacityProviderName,
    launchTypeGiven: launchType !== null,
    loadBalancers,
    serviceRegistries,
    fields: { launchType: where(launch.capacityProviderName === null ? 'launchType' : 'capacityProviderStrategy'), capacityProviderStrategy: where('capacityProviderStrategy'), loadBalancers: where('loadBalancers'), serviceRegistries: where('serviceRegistries') },
  };
}

/** A task definition the service runs: the initial one, or one deployed by UpdateService. */
export interface Revision {
  taskDefinition: TaskDefinition;
  /** where it sits in the file, as a path prefix */
  at: string;
  networkModeGiven: boolean;
  /** seconds: when it is deployed (0 for the initial one) */
  from: number;
}

export interface Timeline {
  /** in file order (load.ts sorts it) */
  timeline: Action[];
  /** the initial task definition first, then the deployed ones in time order */
  revisions: Revision[];
}

/**
 * Actions as the simulator reads them: `task` set (0 by default) for services
 * and left out for a standalone task; UpdateService's task definitions
 * normalised and numbered: family defaults to the one deployed before,
 * revision to the family's highest so far + 1.
 */
export function resolveTimeline(parsed: ParsedScenario['timeline'], service: Service | null, initial: Revision): Timeline {
  // per UpdateService with a task definition: what the file gave, by index
  const given = new Map<number, { family: boolean; revision: boolean; at: string; networkModeGiven: boolean }>();
  // per UpdateService that names a registered revision instead: the name, and where it is
  const named = new Map<number, { name: string; field: string }>();
  const timeline = parsed.map((a, i): Action => {
    const field = `timeline[${i}]`;
    if (a.action === 'UpdateService') {
      if (service === null) throw new ScenarioError(`${field}.action`, 'UpdateService needs a "service"');
      if (a.desiredCount === null && a.taskDefinition === null && !a.forceNewDeployment && a.deploymentConfiguration === null) {
        throw new ScenarioError(field, 'UpdateService needs desiredCount, taskDefinition, deploymentConfiguration or forceNewDeployment: true, got none of them');
      }
      const { forceNewDeployment, deploymentConfiguration } = a;
      // a name (web:1, an ARN) picks a revision registered by then: found below, in deploy order
      if (typeof a.taskDefinition === 'string') named.set(i, { name: a.taskDefinition, field: `${field}.taskDefinition` });
      if (a.taskDefinition === null || typeof a.taskDefinition === 'string')
        return { at: a.at, action: a.action, desiredCount: a.desiredCount, taskDefinition: null, forceNewDeployment, deploymentConfiguration };
      // describe-task-definition output works here too, as at the top level
      const located = locateTaskDefinition({ taskDefinition: a.taskDefinition });
      const at = `${field}.${located.at}`;
      const { taskDefinition, networkModeGiven } = normaliseTaskDefinition(namedByArn(located.definition), at);
      // numbered as the file numbers it: a revision read off its ARN is the one it had where it came from
      const raw = located.definition as Record<string, unknown>;
      given.set(i, { family: raw.family != null, revision: raw.revision != null, at, networkModeGiven });
      return { at: a.at, action: a.action, desiredCount: a.desiredCount, taskDefinition, forceNewDeployment, deploymentConfiguration };
    }
    const { task, ...rest } = a;
    if (service !== null) return { ...rest, task: task ?? 0 };
    if (task !== null) {
      throw new ScenarioError(`${field}.task`, `only for services (without a "service" the scenario has one task), got ${task}`);
    }
    return rest;
  });

  // Numbered in the order they are deployed; actions at the same second keep file order.
  const revisions = [initial];
  const highest = new Map([[initial.taskDefinition.family, initial.taskDefinition.revision]]);
  let family = initial.taskDefinition.family;
  const order = timeline.map((a, i) => ({ a, i })).sort((x, y) => x.a.at - y.a.at);
  for (const { a, i } of order) {
    if (a.action !== 'UpdateService') continue;
    const name = named.get(i);
    if (name) {
      // deploys what is registered: no new revision, and the family deployed next defaults to its
      a.taskDefinition = registeredRevision(name.name, name.field, revisions, a.at);
      family = a.taskDefinition.family;
      continue;
    }
    if (a.taskDefinition === null) continue;
    const td = a.taskDefinition;
    const was = given.get(i);
    if (!was) continue; // every UpdateService with a task definition is in `given`
    if (was.family) family = td.family;
    const revision = was.revision ? td.revision : (highest.get(family) ?? 0) + 1;
    if (revision > MAX_REVISION) throw new ScenarioError(was.at, `would be registered as ${family}:${revision}, beyond the highest revision the API holds (${MAX_REVISION})`);
    highest.set(family, Math.max(highest.get(family) ?? 0, revision));
    a.taskDefinition = { ...td, family, revision };
    // family:revision names one task definition (it is in the ARN): a second,
    // different one under the same name would make the run ambiguous.
    const same = revisions.find((r) => r.taskDefinition.family === family && r.taskDefinition.revision === revision);
    if (same && JSON.stringify(same.taskDefinition) !== JSON.stringify(a.taskDefinition)) {
      throw new ScenarioError(`${was.at}.revision`, `${family}:${revision} is already registered with other content (at ${same.at || 'taskDefinition'}); leave revision out to register the next one`);
    }
    revisions.push({ taskDefinition: a.taskDefinition, at: was.at, networkModeGiven: was.networkModeGiven, from: a.at });
  }
  return { timeline, revisions };
}

/**
 * Where two lists given for one thing part (loadBalancers at the top and under
 * service): " (loadBalancers[0].containerPort is 80, service.loadBalancers[0].containerPort is 8080)",
 * so a person need not compare two blocks of JSON by eye.
 */
function firstDifference(name: string, atTop: unknown, inService: unknown): string {
  if (!Array.isArray(atTop) || !Array.isArray(inService)) return '';
  if (atTop.length !== inService.length) return ` (${atTop.length} here, ${inService.length} in service.${name})`;
  for (let i = 0; i < atTop.length; i++) {
    const [a, b] = [atTop[i] as Record<string, unknown>, inService[i] as Record<string, unknown>];
    const key = [...new Set([...Object.keys(a), ...Object.keys(b)])].find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    if (key !== undefined) return ` (${name}[${i}].${key} is ${JSON.stringify(a[key]) ?? 'absent'}, service.${name}[${i}].${key} is ${JSON.stringify(b[key]) ?? 'absent'})`;
  }
  return '';
}
