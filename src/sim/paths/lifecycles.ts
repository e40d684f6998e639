// The distinct lifecycles the statechart allows for one configuration: one
// per (sequence of task states, stopCode), each with the shortest sequence of
// events that leads there. Generated with xstate/graph over the world logic
// (explore.ts); symmetric target groups are merged in the state key, which is
// what keeps five target groups to a few hundred states.
import type { AnyActorLogic, InspectionEvent } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { STOP_CODES, type StopCode, type TaskStatus } from '../../../machines/status.ts';
import type { TaskContext, TaskShape } from '../../../machines/task.types.ts';
import { createWorldLogic, type WorldLogic, type WorldState } from './explore.ts';
import type { WorldEvent, WorldOptions } from './world.ts';

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

/** The state key: everything the future depends on, with target groups as a multiset. */
export function serializeWorld(s: WorldState): string {
  const c = s.task.context as TaskContext;
  const containers = Object.values(c.containers).map((v) => [v.lastStatus, v.started, v.exitCode, v.reason !== null, v.healthStatus, v.permitted, v.stopRequested]);
  return JSON.stringify([s.task.value, s.visited, c.desiredStatus, c.stopCode, c.capacity, c.eni, [...c.targets].sort(), c.registry, containers]);
}

export function describeEvent(e: WorldEvent): string {
  const ev = e as WorldEvent & { index?: number; name?: string; output?: { exitCode: number | null; reason: string | null; started: boolean } };
  if (ev.index !== undefined) return `${ev.type} ${ev.index}`;
  if (ev.name !== undefined) return `${ev.type} ${ev.name}`;
  const o = ev.output;
  if (!o || !ev.type.startsWith('xstate.done.actor.container-')) return ev.type;
  if (o.reason) return `${ev.type} (pull failed)`;
  return o.started ? `${ev.type} (exitCode ${o.exitCode})` : `${ev.type} (never started)`;
}

/** The options that make xstate/graph walk the world logic. */
export function traversal(logic: WorldLogic) {
  const adapter = {
    getInitialSnapshot: () => logic.getInitialSnapshot(),
    transition: (s: WorldState, e: WorldEvent) => logic.transition(s, e),
  };
  const options = {
    events: (s: WorldState) => logic.events(s),
    serializeState: (s: WorldState) => serializeWorld(s),
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
  return { logic, graph: getAdjacencyMap(adapter, options) as unknown as WorldGraph };
}

/**
 * The graph keeps one representative per state key, so a path's steps may
 * mix target groups that the key treats as the same. Replay it from the start,
 * choosing at each step the event whose result has the next key: one
 * consistent run of the real machine (indexes and reasons agree).
 */
function concretize(logic: WorldLogic, keys: string[]): { events: WorldEvent[]; states: WorldState[] } {
  const states = [logic.getInitialSnapshot()];
  const events: WorldEvent[] = [];
  for (const key of keys) {
    const from = states.at(-1)!;
    const found = logic.events(from).map((e) => [e, logic.transition(from, e)] as const).find(([, to]) => serializeWorld(to) === key);
    if (!found) throw new Error(`no event leads from ${serializeWorld(from)} to ${key}`);
    events.push(found[0]);
    states.push(found[1]);
  }
  return { events, states };
}

const endedIn = (s: WorldState) => s.task.status === 'done';

export function generateLifecycles(shape: TaskShape, world: WorldOptions): Lifecycle[] {
  const logic = createWorldLogic(shape, world);
  const { adapter, options } = traversal(logic);
  const paths = getShortestPaths(adapter, { ...(options as object), toState: endedIn } as never) as unknown as Path[];
  const best = new Map<string, { statuses: TaskStatus[]; stopCode: StopCode | null; events: WorldEvent[]; states: WorldState[] }>();
  for (const p of paths) {
    const { events, states } = concretize(logic, p.steps.slice(1).map((s) => serializeWorld(s.state)));
    const end = states.at(-1)!;
    const stopCode = (end.task.context as TaskContext).stopCode;
    const key = `${end.visited.join('>')}|${stopCode}`;
    const seen = best.get(key);
    const steps = events.map(describeEvent).join();
    if (!seen || events.length < seen.events.length || (events.length === seen.events.length && steps < seen.events.map(describeEvent).join()))
      best.set(key, { statuses: end.visited, stopCode, events, states });
  }
  return name([...best.values()].sort(byReadingOrder));
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
