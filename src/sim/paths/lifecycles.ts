// The distinct lifecycles the statechart allows for one configuration: one
// per (sequence of task states, stopCode), each with the shortest sequence of
// events that leads there. Generated with xstate/graph over the world logic
// (explore.ts); symmetric target groups are merged in the state key, which is
// what keeps five target groups to a few hundred states.
import type { AnyActorLogic, InspectionEvent } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { SPOT_STOP_CODES, STOP_CODES, type StopCode, type TaskStatus } from '../../../machines/status.ts';
import type { TaskContext, TaskShape } from '../../../machines/task.types.ts';
import { createWorldLogic, type WorldLogic, type WorldState } from './explore.ts';
import { awaitedJob, type WorldEvent, type WorldOptions } from './world.ts';
import { settleTimes, settleVerdicts, type HeldBack } from './settle.ts';

export interface Lifecycle {
  id: string;
  statuses: TaskStatus[];
  stopCode: StopCode | null;
  /** the events, in order, readable (`container.started web`) */
  steps: string[];
  events: WorldEvent[];
  /** the world after each event; states[0] is the start */
  states: WorldState[];
}

/**
 * Containers that can stand in for each other: the same essential flag,
 * health check and dependencies, and none that depends on them (so no
 * dependsOn condition and no stop order tells them apart). Six identical
 * sidecars are one multiset, not 6! orderings.
 */
const classesOf = new WeakMap<TaskShape, string[]>();
function symmetryClasses(shape: TaskShape): string[] {
  let classes = classesOf.get(shape);
  if (!classes) {
    const dependedOn = new Set(shape.containers.flatMap((c) => c.dependsOn.map((d) => d.containerName)));
    classes = shape.containers.map((c) => (dependedOn.has(c.name) ? `only:${c.name}` : JSON.stringify([c.essential, c.hasHealthCheck, c.dependsOn])));
    classesOf.set(shape, classes);
  }
  return classes;
}

/** A reason without what varies between equal outcomes (ARNs, ids, counts): what sets one apart for `--distinct outcomes`. */
const reasonKind = (reason: string | null) => (reason ?? '').replace(/arn:[^\s)]+/g, 'ARN').replace(/\d+/g, '#');

/**
 * The state key: everything the future depends on, with target groups and
 * interchangeable containers as multisets; with `reasons`, also what the
 * final events say (the stoppedReason and each container's reason), which
 * the future does not depend on but `--distinct outcomes` tells apart.
 */
export function serializeWorld(s: WorldState, symmetry = true, reasons = false): string {
  const c = s.task.context as TaskContext;
  const containers = containerMultisets(c, symmetry, (v) =>
    JSON.stringify([v.lastStatus, v.started, v.exitCode, reasons ? reasonKind(v.reason) : v.reason !== null, v.healthStatus, v.permitted, v.stopRequested]),
  );
  // telling outcomes apart, a Spot notice may come to a task already stopping: then it is part of the state
  const stop = reasons ? [c.stopCode, reasonKind(c.stoppedReason), c.spot] : c.stopCode;
  return JSON.stringify([s.task.value, s.visited, c.desiredStatus, stop, c.capacity, c.eni, [...c.targets].sort(), c.registry, containers]);
}

/** Each container as `key` gives it, interchangeable ones (symmetryClasses) as one sorted group. */
function containerMultisets(c: TaskContext, symmetry: boolean, key: (v: TaskContext['containers'][string]) => string): string[][] {
  const classes = symmetry ? symmetryClasses(c.shape) : c.shape.containers.map((x) => x.name);
  const byClass = new Map<string, string[]>();
  c.shape.containers.forEach((spec, i) => {
    const k = key(c.containers[spec.name]!);
    const group = byClass.get(classes[i]!);
    if (group) group.push(k);
    else byClass.set(classes[i]!, [k]);
  });
  return [...byClass.values()].map((g) => g.sort());
}

export function describeEvent(e: WorldEvent): string {
  const ev = e as WorldEvent & { index?: number; name?: string; stopCode?: string; secret?: string; output?: { exitCode: number | null; reason: string | null; started: boolean } };
  if (ev.stopCode !== undefined) return `${ev.type} (${ev.stopCode})`;
  // which secret: two lifecycles failing for two secrets are two lifecycles (their own names, their own task)
  if (ev.secret !== undefined) return `${ev.type} ${ev.secret}`;
  if (ev.index !== undefined) return `${ev.type} ${ev.index}`;
  if (ev.name !== undefined) return `${ev.type} ${ev.name}`;
  const o = ev.output;
  if (!o || !ev.type.startsWith('xstate.done.actor.container-')) return ev.type;
  if (o.reason) return `${ev.type} (pull failed)`;
  return o.started ? `${ev.type} (exitCode ${o.exitCode})` : `${ev.type} (never started)`;
}

/**
 * How many steps the walk may take (xstate/graph counts every state it takes
 * off its queue, repeats included). Every container multiplies the
 * interleavings (dependsOn chains do not merge): a typical task needs a few
 * thousand, seven chained containers tens of thousands (about 5 s here), eight
 * more than this bound, which keeps the worst case to seconds (15–25 s here)
 * rather than hours.
 */
export const MAX_VISITS = 120_000;

/**
 * The same bound counted by the work a step takes, which grows with the
 * containers (each one is copied, compared and serialised): the visits alone
 * let 100 identical containers run for 90 s and a GB. Seven chained
 * containers take about 450,000 (9 s here); the worst case stops in 15–25 s.
 */
export const MAX_WORK = 1_500_000;

/** More fixtures than anyone reads, and hundreds of MB of events: six chained containers reach over 3,000 outcomes. */
export const MAX_LIFECYCLES = 1_000;
const WORK_LIMIT = 'Work limit exceeded';

/** More fixtures than anyone reads, however they are asked for: about 10,000 lifecycles of six containers are a GB of events. */
export const MAX_LIFECYCLES_ASKED = 10_000;

const containersOf = (shape: TaskShape) => `${shape.containers.length} container${shape.containers.length === 1 ? '' : 's'}`;

/** The walk would not end in reasonable time (`work`), or found more lifecycles than asked for (`lifecycles`). */
export class TooManyPaths extends Error {
  constructor(
    message: string,
    readonly limit: 'work' | 'lifecycles' = 'work',
    /** how many lifecycles there are, when they were counted */
    readonly found: number | null = null,
  ) {
    super(message);
  }
}

function bounded<T>(walk: () => T, shape: TaskShape, { maxVisits, maxWork }: Walk): T {
  try {
    return walk();
  } catch (err) {
    if (!(err instanceof Error) || (err.message !== 'Traversal limit exceeded' && err.message !== WORK_LIMIT)) throw err;
    const chained = shape.containers.filter((c) => c.dependsOn.length > 0).length;
    const limit = err.message === WORK_LIMIT ? `${maxWork.toLocaleString('en-US')} container steps` : `${maxVisits.toLocaleString('en-US')} steps`;
    throw new TooManyPaths(
      `too many interleavings to list: more than ${limit} to explore for ${containersOf(shape)}` +
        `${chained ? ` (${chained} with dependsOn)` : ''}, ${shape.targets} target group${shape.targets === 1 ? '' : 's'}${shape.registry ? ' and a registry' : ''}. ` +
        'Running it still simulates this task; to list its lifecycles, leave out containers whose lifecycle does not matter to your test.',
    );
  }
}

/**
 * What makes two lifecycles different. `states`: the task states and stop
 * code (a person's view). `outcomes`: also what a consumer of the events can
 * tell apart at the end: the stoppedReason (ARNs and numbers aside) and each
 * container's exit code and reason, so a SIGKILL's 137, a failed Cloud Map
 * registration or a failed ELB health check each get a fixture of their own.
 */
export const DISTINCT = ['states', 'outcomes'] as const;
export type Distinct = (typeof DISTINCT)[number];

/** Limits of a walk: how many states it may visit and how much work it may do; whether interchangeable containers are merged (tests compare both); what sets lifecycles apart. */
export interface Walk {
  maxVisits: number;
  maxWork: number;
  symmetry: boolean;
  distinct: Distinct;
  maxLifecycles: number;
}
const DEFAULT_WALK: Walk = { maxVisits: MAX_VISITS, maxWork: MAX_WORK, symmetry: true, distinct: 'states', maxLifecycles: MAX_LIFECYCLES };
const keyOf = (s: WorldState, walk: Walk) => serializeWorld(s, walk.symmetry, walk.distinct === 'outcomes');

/** The options that make xstate/graph walk the world logic. */
export function traversal(logic: WorldLogic, walk: Walk = DEFAULT_WALK) {
  // a step costs about as much as the task has side steps (each is copied,
  // compared and serialised): 100 containers make each step ~100 times dearer
  let work = 0;
  const adapter = {
    getInitialSnapshot: () => logic.getInitialSnapshot(),
    transition: (s: WorldState, e: WorldEvent) => {
      work += (s.task.context as TaskContext).shape.containers.length + 1;
      if (work > walk.maxWork) throw new Error(WORK_LIMIT);
      return logic.transition(s, e);
    },
  };
  const options = {
    limit: walk.maxVisits,
    events: (s: WorldState) => logic.events(s),
    serializeState: (s: WorldState) => keyOf(s, walk),
    serializeEvent: (e: WorldEvent) => JSON.stringify(e),
  };
  // WorldState is not an XState Snapshot (no status/output): the graph
  // functions only pass it through, so the casts stay at this one border.
  return { adapter: adapter as unknown as AnyActorLogic, options: options as never };
}

export type WorldGraph = Record<string, { state: WorldState; transitions: Record<string, { event: WorldEvent; state: WorldState }> }>;
type Path = { state: WorldState; steps: { state: WorldState; event: WorldEvent }[] };

/** Every reachable world state and its transitions (for invariants on every edge). */
export function worldGraph(shape: TaskShape, world: WorldOptions, inspect?: (ev: InspectionEvent) => void) {
  const logic = createWorldLogic(shape, world, inspect);
  const { adapter, options } = traversal(logic);
  return { logic, graph: bounded(() => getAdjacencyMap(adapter, options) as unknown as WorldGraph, shape, DEFAULT_WALK) };
}

/**
 * The graph keeps one representative per state key, so a path's steps may
 * mix target groups that the key treats as the same. Replay it from the start,
 * choosing at each step the event whose result has the next key: one
 * consistent run of the real machine (indexes and reasons agree).
 */
function concretize(logic: WorldLogic, keys: string[], walk: Walk, root = replayRoot(logic)): { events: WorldEvent[]; states: WorldState[] } {
  const states = [root.state];
  const events: WorldEvent[] = [];
  let at = root;
  for (const key of keys) {
    // Replays share their beginnings: each step is worked out once (a trie of keys).
    let next = at.next.get(key);
    if (!next) {
      const from = at.state;
      const found = logic.events(from).map((e) => [e, logic.transition(from, e)] as const).find(([, to]) => keyOf(to, walk) === key);
      if (!found) throw new Error(`no event leads from ${keyOf(from, walk)} to ${key}`);
      next = { event: found[0], state: found[1], next: new Map() };
      at.next.set(key, next);
    }
    events.push(next.event!);
    states.push(next.state);
    at = next;
  }
  return { events, states };
}

interface Replayed {
  event?: WorldEvent;
  state: WorldState;
  next: Map<string, Replayed>;
}
const replayRoot = (logic: WorldLogic): Replayed => ({ state: logic.getInitialSnapshot(), next: new Map() });

const endedIn = (s: WorldState) => s.task.status === 'done';

/** What the final events show of each container and of the stop, for `--distinct outcomes`. */
function outcomeOf(s: WorldState, symmetry: boolean): string {
  const c = s.task.context as TaskContext;
  // a Spot notice to a task stopping for another reason: its containers are SIGTERMed at once
  const lateNotice = c.spot !== 'NONE' && !(SPOT_STOP_CODES as readonly string[]).includes(c.stopCode ?? '');
  return JSON.stringify([reasonKind(c.stoppedReason), containerMultisets(c, symmetry, (v) => `${v.exitCode}/${reasonKind(v.reason)}`), ...(lateNotice ? ['late Spot notice'] : [])]);
}

/**
 * `heldBack`: how late each step of a path comes in the order it has, with
 * the scenario's timings (scenario-lifecycles.ts); given, each lifecycle's
 * steps are put in the order they would be due (settleTimes).
 */
export function generateLifecycles(shape: TaskShape, world: WorldOptions, limits: Partial<Walk> = {}, heldBack?: HeldBack): Lifecycle[] {
  const walk = { ...DEFAULT_WALK, ...limits };
  const logic = createWorldLogic(shape, { ...world, cleanExits: walk.distinct === 'outcomes' });
  const { adapter, options } = traversal(logic, walk);
  const paths = bounded(() => getShortestPaths(adapter, { ...(options as object), toState: endedIn } as never) as unknown as Path[], shape, walk);
  // A lifecycle is its states and stop code, which the end state already
  // tells; many end states (exit codes, which container stopped first) share
  // one. Only the likeliest paths to each are replayed (the costly part): the
  // one kept has the fewest mishaps besides the one that makes the lifecycle
  // (a StopTask fixture should show containers stopped by SIGTERM, not all of
  // them crashing in the drain), then the fewest steps, ties broken by its steps.
  const lifecycleOf = (s: WorldState) =>
    `${s.visited.join('>')}|${(s.task.context as TaskContext).stopCode}${walk.distinct === 'outcomes' ? `|${outcomeOf(s, walk.symmetry)}` : ''}`;
  const rank = (p: Path) => [mishaps(p), p.steps.length] as const;
  const before = (a: readonly [number, number], b: readonly [number, number]) => a[0] - b[0] || a[1] - b[1];
  const likeliest = new Map<string, { rank: readonly [number, number]; paths: Path[] }>();
  for (const p of paths) {
    const key = lifecycleOf(p.state);
    const r = rank(p);
    const seen = likeliest.get(key);
    if (!seen || before(r, seen.rank) < 0) likeliest.set(key, { rank: r, paths: [p] });
    else if (before(r, seen.rank) === 0) seen.paths.push(p);
  }
  if (likeliest.size > walk.maxLifecycles)
    throw new TooManyPaths(
      // the CLI and the page each add how to ask for fewer or more, in their own words
      `more than ${walk.maxLifecycles.toLocaleString('en-US')} ${walk.maxLifecycles === 1 ? 'lifecycle' : 'lifecycles'} (${likeliest.size.toLocaleString('en-US')}) for ${containersOf(shape)}` +
        (walk.distinct === 'outcomes' ? ": telling endings apart, each container's ending multiplies them" : '') +
        '.' +
        (shape.containers.length > 1 ? ' Leaving out the containers whose lifecycle does not matter to your test lists fewer.' : ''),
      'lifecycles',
      likeliest.size,
    );
  const shortest = new Map([...likeliest].map(([key, v]) => [key, v.paths]));
  const best = new Map<string, { statuses: TaskStatus[]; stopCode: StopCode | null; events: WorldEvent[]; states: WorldState[] }>();
  const root = replayRoot(logic);
  for (const [key, candidates] of shortest) {
    let kept: { steps: string; events: WorldEvent[]; states: WorldState[] } | null = null;
    for (const p of candidates) {
      const { events, states } = concretize(logic, p.steps.slice(1).map((s) => keyOf(s.state, walk)), walk, root);
      const steps = events.map(describeEvent).join();
      if (!kept || steps < kept.steps) kept = { steps, events, states };
    }
    const sameEnd = (end: WorldState) => lifecycleOf(end) === key;
    const verdicts = settleVerdicts(logic, kept!, sameEnd);
    const settled = heldBack ? settleTimes(logic, verdicts, sameEnd, heldBack, (s) => serializeWorld(s, false, true)) : verdicts;
    const end = settled.states.at(-1)!;
    best.set(key, { statuses: end.visited, stopCode: (end.task.context as TaskContext).stopCode, events: settled.events, states: settled.states });
  }
  return name([...best.values()].sort(byReadingOrder));
}

/** Events a normal run does without: failures, failed checks, and containers that exit on their own or must be killed. */
const MISHAPS = new Set(['task.secretsFailed', 'capacity.unavailable', 'eni.failed', 'target.failed', 'registry.failed', 'target.unhealthy', 'container.unhealthy', 'container.startTimedOut', 'task.spotInterrupted']);
function mishaps(p: Path): number {
  let n = 0;
  p.steps.forEach((step, i) => {
    const e = step.event as WorldEvent & { output?: { exitCode: number | null; reason: string | null; started: boolean } };
    if (MISHAPS.has(e.type)) n++;
    else if (e.type.startsWith('xstate.done.actor.container-') && e.output) {
      const name = e.type.slice('xstate.done.actor.container-'.length);
      const was = i > 0 ? (p.steps[i - 1]!.state.task.context as TaskContext).containers[name] : undefined;
      // a pull that failed, a process that exited unasked (but a job another waits on, done: exit 0), a SIGKILL after stopTimeout
      const jobDone = e.output.exitCode === 0 && awaitedJob((step.state.task.context as TaskContext).shape, name);
      if (e.output.reason !== null || (e.output.started && !was?.stopRequested && !jobDone) || e.output.exitCode === 137) n++;
    }
  });
  return n;
}

const codeRank = (c: StopCode | null) => (c === null ? -1 : STOP_CODES.indexOf(c));

function byReadingOrder(a: { statuses: TaskStatus[]; stopCode: StopCode | null }, b: typeof a): number {
  return codeRank(a.stopCode) - codeRank(b.stopCode) || b.statuses.length - a.statuses.length || a.statuses.join().localeCompare(b.statuses.join());
}

function name(list: Omit<Lifecycle, 'id' | 'steps'>[]): Lifecycle[] {
  const count = new Map<string, number>();
  return list.map((l) => {
    const n = (count.get(String(l.stopCode)) ?? 0) + 1;
    count.set(String(l.stopCode), n);
    return { id: `${l.stopCode}-${n}`, ...l, steps: l.events.map(describeEvent) };
  });
}
