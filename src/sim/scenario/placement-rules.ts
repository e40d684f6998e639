// A service's placementStrategy and placementConstraints (CreateService field
// names), as AWS documents them: strategies are ranked in the order given and
// are best effort; constraints are binding (task-placement-strategies.html,
// task-placement-constraints.html in the ECS Developer Guide). They matter only
// on EC2 container instances (`containerInstances`); Fargate takes neither.
import { z } from 'zod';
import { counts, list, object, oneOf, opt, says } from './fields.ts';
import { describe } from './errors.ts';
import { zoneName } from '../ids.ts';

export type PlacementRule =
  /** even out the service's tasks over instances (instanceId, or host: the same) or over an attribute's values */
  | { type: 'spread'; field: 'instanceId' | `attribute:${string}` }
  /** the instance that would have the least of `field` left */
  | { type: 'binpack'; field: 'cpu' | 'memory' }
  | { type: 'random' };

export type PlacementConstraint =
  /** no two tasks the scheduler still wants (desiredStatus RUNNING) on one instance */
  | { type: 'distinctInstance' }
  /** instances whose Availability Zone is (or is not) one of `zones`; null: an expression the simulator cannot evaluate */
  | { type: 'memberOf'; expression: string; zones: { in: boolean; names: string[] } | null };

/** AWS's default for a service's tasks: spread over Availability Zones. */
export const ZONE_SPREAD: PlacementRule = { type: 'spread', field: 'attribute:ecs.availability-zone' };

const STRATEGY_EXAMPLE = '{ "type": "binpack", "field": "memory" }';

export const placementStrategy = list(
  object(
    { type: oneOf('placement strategy type', ['binpack', 'random', 'spread']), field: opt(z.string({ error: says('must be a string') }), null) },
    `an object such as ${STRATEGY_EXAMPLE}`,
  ).transform((r, ctx): PlacementRule => {
    if (r.type === 'random') return { type: 'random' };
    const field = r.field ?? '';
    if (r.type === 'binpack') {
      const f = field.toLowerCase();
      if (f === 'cpu' || f === 'memory') return { type: 'binpack', field: f };
      ctx.issues.push({ code: 'custom', input: r.field, path: ['field'], message: `binpack packs by "cpu" or "memory", got ${describe(r.field ?? undefined)}` });
      return z.NEVER;
    }
    if (field.toLowerCase() === 'instanceid' || field.toLowerCase() === 'host') return { type: 'spread', field: 'instanceId' };
    if (/^attribute:\S+$/.test(field)) return { type: 'spread', field: field as `attribute:${string}` };
    ctx.issues.push({
      code: 'custom',
      input: r.field,
      path: ['field'],
      message: `spread needs "instanceId", "host" or an attribute such as "attribute:ecs.availability-zone", got ${describe(r.field ?? undefined)}`,
    });
    return z.NEVER;
  }),
  `an array such as [${STRATEGY_EXAMPLE}]`,
).max(5, { error: counts('at most 5 rules (ECS allows 5 per service)') });

// memberOf on the zone, the one attribute the simulated instances have that
// varies: one clause, `== zone`, `!= zone`, `in [zones]` or `not_in [zones]`.
// Anything more (and, or, other attributes) is not read, and said so.
const ZONE_EXPRESSION = /^\s*attribute:ecs\.availability-zone\s*(?:(==|!=)\s*([^\s[\]()]+)|\s(in|not_in)\s*\[([^\]]*)\])\s*$/;

function zonesOf(expression: string): { in: boolean; names: string[] } | null {
  const m = ZONE_EXPRESSION.exec(expression);
  if (!m) return null;
  const [, eq, one, op, many] = m;
  const names = (one !== undefined ? [one] : many!.split(',')).map((v) => v.trim()).filter(Boolean);
  return { in: eq === '==' || op === 'in', names };
}

export const placementConstraints = list(
  object(
    { type: oneOf('placement constraint type', ['distinctInstance', 'memberOf']), expression: opt(z.string({ error: says('must be a string') }), null) },
    'an object such as { "type": "distinctInstance" }',
  ).transform((c, ctx): PlacementConstraint => {
    if (c.type === 'distinctInstance') {
      if (c.expression === null) return { type: 'distinctInstance' };
      ctx.issues.push({ code: 'custom', input: c.expression, path: ['expression'], message: `distinctInstance takes no expression, got ${describe(c.expression)}` });
      return z.NEVER;
    }
    if (c.expression !== null && c.expression.length > 2000) {
      ctx.issues.push({ code: 'custom', input: c.expression, path: ['expression'], message: `must be at most 2000 characters (PlacementConstraint's limit), got ${c.expression.length}` });
      return z.NEVER;
    }
    if (c.expression !== null && c.expression.trim() !== '') return { type: 'memberOf', expression: c.expression, zones: zonesOf(c.expression) };
    ctx.issues.push({
      code: 'custom',
      input: c.expression ?? undefined,
      path: ['expression'],
      message: 'memberOf needs an expression such as "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"',
    });
    return z.NEVER;
  }),
  'an array such as [{ "type": "distinctInstance" }]',
).max(10, { error: counts('at most 10 constraints (ECS allows 10 per service)') });

/**
 * The zones (0, 1, 2, … as the instances sit) that all the memberOf
 * constraints it can read allow; null: any zone.
 */
export function allowedZones(constraints: readonly PlacementConstraint[], region: string, zoneCount: number): number[] | null {
  let allowed: number[] | null = null;
  for (const c of constraints) {
    if (c.type !== 'memberOf' || c.zones === null) continue; // unreadable: ignored, with a warning at load
    const { in: within, names } = c.zones;
    allowed = (allowed ?? Array.from({ length: zoneCount }, (_, z) => z)).filter((z: number) => names.includes(zoneName(region, z)) === within);
  }
  return allowed;
}

/** The zones the simulated instances sit in, a, b, c in turn. */
export const ZONE_COUNT = 3;

interface Placeable {
  containerInstances: { count: number } | null;
  settings: { region: string };
  service: { placementStrategy: PlacementRule[]; placementConstraints: PlacementConstraint[] } | null;
}

/**
 * What the rules cannot do in this scenario, said up front: without container
 * instances there is nothing to pack or keep apart, a memberOf the simulator
 * cannot read is ignored, and constraints that leave no zone with an instance
 * let no task be placed.
 */
export function placementWarnings(
  s: Placeable,
  revisions: readonly { taskDefinition: { family: string; revision: number; placementConstraints: PlacementConstraint[] }; at: string }[],
  given: { strategy: boolean; constraints: boolean },
): string[] {
  const where = (at: string) => (at ? `${at}.` : '');
  const ruled = revisions.filter((r) => r.taskDefinition.placementConstraints.length > 0);
  if (!s.service || !s.containerInstances) {
    const which = [
      ...(s.service && given.strategy ? ['service.placementStrategy'] : []),
      ...(s.service && given.constraints ? ['service.placementConstraints'] : []),
      ...ruled.map((r) => `${where(r.at)}placementConstraints`),
    ];
    if (!which.length) return [];
    return [
      `${which.join(' and ')} ${which.length === 1 ? 'has' : 'have'} nothing to act on without a service on "containerInstances": the cluster always has room, and tasks are spread over Availability Zones`,
    ];
  }
  const out: string[] = [];
  const unread = (constraints: PlacementConstraint[], at: string) =>
    constraints.forEach((c, i) => {
      if (c.type === 'memberOf' && c.zones === null)
        out.push(
          `${at}placementConstraints[${i}].expression is ignored: the simulator reads memberOf only as one clause on attribute:ecs.availability-zone (==, !=, in [...], not_in [...]); its instances have no other attribute that differs`,
        );
    });
  unread(s.service.placementConstraints, 'service.');
  for (const r of ruled) unread(r.taskDefinition.placementConstraints, where(r.at));
  const region = s.settings.region;
  const present = Array.from({ length: Math.min(s.containerInstances.count, ZONE_COUNT) }, (_, z) => z);
  for (const r of revisions) {
    const allowed = allowedZones([...s.service.placementConstraints, ...r.taskDefinition.placementConstraints], region, ZONE_COUNT);
    if (allowed && !allowed.some((z) => present.includes(z)))
      out.push(
        `${r.taskDefinition.family}:${r.taskDefinition.revision}: its memberOf constraints leave no zone with a container instance (the instances sit in ${present.map((z) => zoneName(region, z)).join(', ')}): no task of it can be placed`,
      );
  }
  return out;
}

/** A task definition's constraints: RegisterTaskDefinition takes memberOf only (distinctInstance is the service's or RunTask's). */
export const taskDefinitionPlacementConstraints = placementConstraints.superRefine((list, ctx) =>
  list.forEach((c, i) => {
    if (c.type === 'distinctInstance')
      ctx.issues.push({ code: 'custom', input: c.type, path: [i, 'type'], message: 'a task definition takes only memberOf (distinctInstance belongs to the service, placementConstraints under "service")' });
  }),
);
