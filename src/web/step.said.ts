// What Step says to a screen reader. A step moves the clock and a status or
// two on screen (a side step's card, a task's card on the board) that no live
// region reads: without these words a press of Step says nothing at all.
import { TASK_STATUSES, type TaskStatus } from '../../machines/status.ts';
import type { TraceEntry } from '../sim/types.ts';
import { formatSeconds } from './time.ts';

/** Past this many changes in one step the rest are counted, not read. */
const MOST = 5;

/** The trace's actor as the page names it. */
function who(actor: string): string {
  if (actor === 'task') return 'Task';
  if (actor === 'eni') return 'ENI';
  if (actor === 'registry') return 'Cloud Map instance';
  if (actor === 'capacity') return 'Capacity';
  // an action, the page's or the timeline's alike: its name says it (not "You")
  if (actor === 'user') return 'Action';
  // by the name its card and timeline lane show (target-0), not a count from 1 the page shows nowhere
  if (actor.startsWith('target-')) return `Target ${actor}`;
  if (actor.startsWith('container-')) return `Container ${actor.slice('container-'.length)}`;
  return ''; // 'world': the note says it all
}

function listed(items: string[], where = 'the Timeline'): string {
  const more = items.length - MOST;
  return items.slice(0, MOST).join('; ') + (more > 0 ? `; and ${more} more (see ${where})` : '');
}

/** A step of the task: `t`, then each change the trace recorded, with why. */
export function taskStepSaid(t: number, changes: readonly TraceEntry[]): string {
  // an action's note starts with its name more often than not: said once
  const items = changes.map((e) => [who(e.actor), e.to].filter(Boolean).join(' ') + (e.note ? `: ${e.actor === 'user' && e.note.startsWith(e.to) ? e.note.slice(e.to.length).replace(/^:\s*/, '') : e.note}` : ''));
  return `t = ${formatSeconds(t, true)}: ${items.length ? listed(items) : 'nothing changed'}.`;
}

/** Step back on a task: the changes taken back (the notice says the moment). */
export function taskBackSaid(undone: readonly TraceEntry[]): string {
  const items = undone.map((e) => [who(e.actor), e.to].filter(Boolean).join(' '));
  return `Taken back: ${items.length ? listed(items) : 'nothing'}.`;
}

/** Step back on a service: how many of its changes (task events, the scheduler's notes and events) were taken back. */
export function serviceBackSaid(undone: number): string {
  return `Taken back: ${undone === 1 ? 'one change' : `${undone} changes`}.`;
}

/** A task of a service as a step sees it. */
export interface TaskSeen {
  index: number;
  status: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
}

const seen = (t: TaskSeen) => `${t.status}${t.desiredStatus === 'STOPPED' && t.status !== 'STOPPED' ? ' (desiredStatus STOPPED)' : ''}`;

/**
 * A step of a service: `t`, then each task that changed status or
 * desiredStatus (or was created), each other task with an event of its own
 * in the step (`touched`: a container's change), then what the scheduler
 * noted and the service events (`notes`).
 */
export function serviceStepSaid(
  t: number,
  before: ReadonlyMap<number, TaskSeen>,
  after: readonly TaskSeen[],
  notes: readonly string[] = [],
  touched: ReadonlySet<number> = new Set(),
  /** the scheduler's counts, when they changed: said first, the one line that sums up a step of a thousand tasks */
  counts: string | null = null,
): string {
  const items: string[] = [];
  for (const task of after) {
    const was = before.get(task.index);
    if (was && seen(was) === seen(task)) {
      if (touched.has(task.index)) items.push(`Task ${task.index}: a container changed`);
      continue;
    }
    items.push(`Task ${task.index} ${seen(task)}${was === undefined ? ' (new)' : ''}`);
  }
  const all = [...(counts ? [counts] : []), ...items, ...notes];
  // (a scheduler's message ends a sentence of its own: one full stop, not two)
  return `t = ${formatSeconds(t, true)}: ${all.length ? listed(all, 'the board and the events').replace(/\.$/, '') : 'no task changed status'}.`;
}

/**
 * Pause at each state, paused: the state entered, and those the task passed
 * through in the same instant (a 0 s drain's DEACTIVATING, a STOPPING with
 * nothing left running), which no pause can show: a class would miss them.
 */
export function pausedAtStateSaid(status: string, trace: readonly TraceEntry[]): string {
  const t = trace.at(-1)?.t;
  const passed = trace.filter((e) => e.actor === 'task' && e.t === t && e.to !== status && (TASK_STATUSES as readonly string[]).includes(e.to)).map((e) => e.to);
  const through = passed.length ? `, through ${passed.join(' and ')} in the same instant (nothing held it there: What just happened lists it)` : '';
  return `Paused as the task entered ${status}${through} (Pause at each state is on): Play goes on to the next state.`;
}

/** Pause at each state, paused as the task's healthStatus turned (its essential containers' health checks): no state change, but a moment to see. */
export function pausedAtHealthSaid(health: string): string {
  return `Paused as the task's healthStatus turned ${health}, from its essential containers' health checks (Pause at each state is on; it stops there too): Play goes on to the next change.`;
}
