// A service's placementStrategy and placementConstraints (CreateService field
// names), as AWS documents them: strategies are ranked in the order given and
// are best effort; constraints are binding (task-placement-strategies.html,
// task-placement-constraints.html in the ECS Developer Guide). They matter only
// on EC2 container instances (`containerInstances`); Fargate takes neither.
import { z } from 'zod';
import { counts, list, object, oneOf, opt, says } from './fields.ts';
import { describe } from './errors.ts';

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
    if (field === 'instanceId' || field === 'host') return { type: 'spread', field: 'instanceId' };
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

// memberOf on the zone, the one attribute the simulated instances have that varies
const ZONE_EXPRESSION = /^\s*attribute:ecs\.availability-zone\s+(==|!=|in|not_in)\s+(.+?)\s*$/;

function zonesOf(expression: string): { in: boolean; names: string[] } | null {
  const m = ZONE_EXPRESSION.exec(expression);
  if (!m) return null;
  const [, op, value] = m;
  const list = /^\[(.*)\]$/.exec(value!);
  if ((op === 'in' || op === 'not_in') !== Boolean(list)) return null;
  const names = (list ? list[1]!.split(',') : [value!]).map((v) => v.trim()).filter(Boolean);
  return { in: op === '==' || op === 'in', names };
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

/** Zone n of a region, as the simulated instances sit: a, b, c. */
const ZONE_LETTERS = 'abc';

/**
 * What the rules cannot do in this scenario, said up front: without container
 * instances there is nothing to pack or keep apart, and a memberOf the
 * simulator cannot read, or one naming no zone of the region, is ignored or
 * matches nothing.
 */
export function placementWarnings(s: { containerInstances: unknown; settings: { region: string }; service: { placementStrategy: PlacementRule[]; placementConstraints: PlacementConstraint[] } | null }, given: { strategy: boolean; constraints: boolean }): string[] {
  if (!s.service) return [];
  const out: string[] = [];
  if (s.containerInstances === null) {
    const which = [given.strategy ? 'service.placementStrategy' : '', given.constraints ? 'service.placementConstraints' : ''].filter(Boolean);
    if (which.length)
      out.push(`${which.join(' and ')} ${which.length === 1 ? 'has' : 'have'} nothing to act on without "containerInstances": the cluster always has room, and tasks are spread over Availability Zones`);
    return out;
  }
  const zones = [...ZONE_LETTERS].map((l) => `${s.settings.region}${l}`);
  s.service.placementConstraints.forEach((c, i) => {
    if (c.type !== 'memberOf') return;
    const at = `service.placementConstraints[${i}].expression`;
    if (c.zones === null)
      out.push(`${at} is ignored: the simulator evaluates memberOf only on attribute:ecs.availability-zone (==, !=, in [...], not_in [...]); its instances have no other attribute that differs`);
    else if (c.zones.in && !c.zones.names.some((n) => zones.includes(n)))
      out.push(`${at} names no zone of the cluster's instances (${zones.join(', ')}): no task can be placed`);
  });
  return out;
}
