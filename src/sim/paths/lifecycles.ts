// The distinct lifecycles the statechart allows for one configuration: one
// per (sequence of task states, stopCode), each with the shortest sequence of
// events that leads there. Generated with xstate/graph over the world logic
// (explore.ts); symmetric target groups are merged in the state key, which is
// what keeps five target groups to a few hundred states.
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { STOP_CODES, type StopCode, type TaskStatus } from '../../../machines/status.ts';
import type { TaskContext, TaskShape } from '../../../machines/task.types.ts';
import { createWorldLogic, type WorldLogic, type WorldState } from './explore.ts';
import type { WorldEvent } from './world.ts';

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
  return JSON.stringify([s.task.value, s.visited, c.desiredStatus, c.stopCode, c.eni, [...c.targets].sort(), c.registry, containers]);
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
  return { adapter: adapter as never, options };
}

/** Every reachable world state and its transitions (for invariants on every edge). */
export function worldGraph(shape: TaskShape) {
  const logic = createWorldLogic(shape);
  const { adapter, options } = traversal(logic);
  return { logic, graph: getAdjacencyMap<WorldState, WorldEvent>(adapter, options as never) };
}

const endedIn = (s: WorldState) => s.task.status === 'done';

export function generateLifecycles(shape: TaskShape): Lifecycle[] {
  const logic = createWorldLogic(shape);
  const { adapter, options } = traversal(logic);
  const paths = getShortestPaths<WorldState, WorldEvent>(adapter, { ...options, toState: endedIn } as never);
  const best = new Map<string, { statuses: TaskStatus[]; stopCode: StopCode | null; events: WorldEvent[]; states: WorldState[] }>();
  for (const p of paths) {
    // xstate/graph's steps: [{xstate.init, start}, {e1, after e1}, …]
    const events = p.steps.slice(1).map((s) => s.event as WorldEvent);
    const states = p.steps.map((s) => s.state);
    const stopCode = (p.state.task.context as TaskContext).stopCode;
    const key = `${p.state.visited.join('>')}|${stopCode}`;
    const seen = best.get(key);
    const steps = events.map(describeEvent);
    if (!seen || events.length < seen.events.length || (events.length === seen.events.length && steps.join() < seen.events.map(describeEvent).join()))
      best.set(key, { statuses: p.state.visited, stopCode, events, states });
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
