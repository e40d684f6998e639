// What the inspector knows, folded from @statelyai/inspect messages (wire
// format 0.7.2: @xstate.actor, @xstate.event, @xstate.snapshot). Pure: the
// page renders it, tests could fold messages into it without a window.
import { formatSeconds } from '../web/time.ts';

export interface ActorRow {
  sessionId: string;
  name: string;
  parentId: string | null;
  rootId: string | null;
  value: unknown;
  status: string;
  /** its machine's context at its latest snapshot (desiredStatus, stopCode, an exit code…), as the protocol sent it */
  context: unknown;
  /**
   * Its first snapshot arrived. The one in its @xstate.actor message may be
   * serialised late (the app queues messages until the handshake), so only
   * changes after the first snapshot count as transitions.
   */
  settled: boolean;
  /** what its machine says of each of its top-level states (from the @xstate.actor message's definition), in the machine's order */
  teaching: Record<string, StateTeaching>;
  /** the top-level states it has been in this run, as the statechart strip marks them */
  visited: Set<string>;
  /** its machine's top-level states in their order (`stateOrder`, from our app), or none */
  order: string[];
}

/**
 * An actor's machine as a strip of its top-level states, in the machine's
 * order: where it is, where it has been, and what it skipped or has yet to
 * reach (a task on EC2 in bridge mode never sees PROVISIONING). Nothing for an
 * actor whose definition did not come.
 */
export function statesStrip(row: ActorRow): { state: string; now: boolean; visited: boolean }[] {
  // the machine's order when the app sent it (the definition's keys come sorted), else the definition's
  const order = row.order.filter((k) => Object.hasOwn(row.teaching, k));
  const states = order.length === Object.keys(row.teaching).length ? order : Object.keys(row.teaching);
  return states.map((state) => ({ state, now: row.value === state, visited: row.visited.has(state) }));
}

/** A state's own words and whether AWS documents it (the machine's `description` and `meta`). */
export interface StateTeaching {
  description: string;
  /** 'inferred': our model; 'partly': AWS documents it, part of it ours; null: documented */
  mark: 'inferred' | 'partly' | null;
}

/**
 * The states' descriptions and marks, read from the machine definition the
 * protocol sends with an actor (its config as JSON). Nothing when it is not
 * there, or not ours to read (too large, not JSON).
 */
export function teachingOf(definition: unknown): Record<string, StateTeaching> {
  if (typeof definition !== 'string' || definition.length > 2_000_000) return {};
  try {
    const states = (JSON.parse(definition) as { states?: Record<string, { description?: unknown; meta?: { inferred?: unknown; partly?: unknown } }> }).states ?? {};
    // no prototype: a state named "constructor" or "__proto__" is a key like any other
    const out = Object.create(null) as Record<string, StateTeaching>;
    for (const [key, st] of Object.entries(states)) {
      if (typeof st?.description !== 'string') continue;
      out[key] = { description: st.description, mark: st.meta?.inferred === true ? (st.meta.partly === true ? 'partly' : 'inferred') : null };
    }
    return out;
  } catch {
    return {};
  }
}

export interface LogEntry {
  seq: number;
  /** an event sent to an actor, an actor's state changing (from → to), or events the simulator no longer held */
  kind: 'event' | 'transition' | 'skipped';
  /** the event's type (for a transition: the event that caused it) */
  type: string;
  target: string;
  source: string | null;
  detail: string;
  /** a transition's states, as formatValue prints them */
  from?: string;
  to?: string;
  /** a transition that left its state and entered it again */
  reentered?: boolean;
  /** the simulation's virtual time (ms) when it happened, when the app sent it */
  t: number | null;
}

export interface InspectorState {
  actors: Map<string, ActorRow>;
  /** the latest root actor: a new task replaces the view of the old one */
  currentRoot: string | null;
  /** one more for each new root actor (a new run): the log starts again */
  run: number;
  log: LogEntry[];
  seq: number;
  /**
   * the run's events and transitions, the log's and those that left it past LOG_LIMIT;
   * `skipped`: events the simulator did not hand over (it holds the latest SIMULATOR_HOLDS)
   */
  counts: { events: number; transitions: number; dropped: number; skipped: number };
  /**
   * An actor that sent an event in the middle of its own step: the seq of the
   * first such event. XState delivers the event (and reports what the
   * receiver did) before it reports the sender's new state; the sender's
   * transition goes in before the event, so the log reads cause, then effect.
   */
  sentMidStep: Map<string, number>;
}

/**
 * An XState microstep that took a transition with a target: with the state
 * value unchanged, one that left the state and entered it again. The app marks
 * the snapshot it forwards for it `reentered` (the protocol drops microsteps).
 */
export const reenters = (ev: { type: string }) =>
  ev.type === '@xstate.microstep' && (ev as { _transitions?: { target?: unknown[] }[] })._transitions?.some((t) => (t.target?.length ?? 0) > 0) === true;

/** Sent by the app to its own inspector when it no longer runs anything (Reset, another scenario). */
export const CLEARED = '@ecs-lifecycle.cleared';
/** Sent by the app to its own inspector when its page goes away (closed, reloaded). */
export const GONE = '@ecs-lifecycle.gone';
/**
 * An event the app puts in the stream where it left events out: a run at max
 * speed outpaces the inspector, and the app holds the latest SIMULATOR_HOLDS.
 * An ordinary event to Stately's inspector, which shows it as one.
 */
export const SKIPPED = 'xstate.inspector.skipped';
export const SIMULATOR_HOLDS = 20_000;

export type Message = { type: string; _version: string; [k: string]: unknown };

/** Entries the log keeps, the newest: a service at max speed sends hundreds of thousands. */
export const LOG_LIMIT = 2000;

const noCounts = () => ({ events: 0, transitions: 0, dropped: 0, skipped: 0 });
export const emptyState = (): InspectorState => ({ actors: new Map(), currentRoot: null, run: 0, log: [], seq: 0, counts: noCounts(), sentMidStep: new Map() });

export function isInspectionMessage(data: unknown): data is Message {
  return typeof data === 'object' && data !== null && typeof (data as Message).type === 'string' && typeof (data as Message)._version === 'string';
}

interface Snap {
  value?: unknown;
  status?: string;
  context?: unknown;
}

export function fold(st: InspectorState, m: Message): void {
  const sessionId = String(m.sessionId ?? '');
  const t = typeof m.virtualMs === 'number' ? m.virtualMs : null;
  // A message of a run that is over, come late (the page converts its events when idle, and an idle
  // callback past its deadline may overtake another): it belongs to no actor shown, and its time to
  // no moment of this run
  const late = typeof m.rootId === 'string' && st.currentRoot !== null && m.rootId !== st.currentRoot;
  if (late && (m.type !== '@xstate.actor' || typeof m.parentId === 'string')) return;
  if (m.type === '@xstate.actor') {
    const snap = (m.snapshot ?? {}) as Snap;
    const parentId = typeof m.parentId === 'string' ? m.parentId : null;
    // a new root is a new run (Run, Reset, another preset): what the last one did no longer shows
    if (!parentId && sessionId !== st.currentRoot) {
      st.currentRoot = sessionId;
      st.actors.clear();
      st.log = [];
      st.counts = noCounts();
      st.sentMidStep.clear();
      st.run++;
    }
    st.actors.set(sessionId, {
      sessionId,
      name: String(m.name ?? sessionId),
      parentId,
      rootId: typeof m.rootId === 'string' ? m.rootId : null,
      value: snap.value,
      status: snap.status ?? 'active',
      context: snap.context,
      settled: false,
      teaching: teachingOf(m.definition),
      // not its value here, which may be serialised late (a run at max speed: STOPPED already); its snapshots say
      visited: new Set(),
      order: Array.isArray(m.stateOrder) ? m.stateOrder.filter((k): k is string => typeof k === 'string') : [],
    });
  } else if (m.type === '@xstate.snapshot') {
    const row = st.actors.get(sessionId);
    const snap = (m.snapshot ?? {}) as Snap;
    if (row) {
      // the state it left and the one it entered: what the statechart did with the event
      const from = formatValue(row.value);
      const to = formatValue(snap.value);
      // Sent in this very step only if at this very moment: a delayed event
      // (Fargate's pulls) is sent by the clock, in no step of its sender's,
      // and the sender's next change comes later.
      const sentSeq = st.sentMidStep.get(sessionId);
      st.sentMidStep.delete(sessionId);
      const sent = sentSeq !== undefined && st.log.find((x) => x.seq === sentSeq)?.t === t ? sentSeq : undefined;
      // the same state left and entered again (a transition with a target) is a transition too
      const reentered = from === to && m.reentered === true;
      if (row.settled && (from !== to || reentered)) {
        const ev = (m.event ?? {}) as { type?: string };
        log(st, { kind: 'transition', type: String(ev.type ?? '?'), target: sessionId, source: null, detail: JSON.stringify(ev), from, to, t, ...(reentered ? { reentered } : {}) }, sent);
      }
      row.value = snap.value;
      if (typeof snap.value === 'string') row.visited.add(snap.value);
      row.status = snap.status ?? row.status;
      if (snap.context !== undefined) row.context = snap.context;
      row.settled = true;
    }
  } else if (m.type === '@xstate.event' && (m.event as { type?: unknown } | undefined)?.type === SKIPPED) {
    const count = Number((m.event as { count?: unknown }).count) || 0;
    st.counts.skipped += count;
    log(st, { kind: 'skipped', type: SKIPPED, target: sessionId, source: null, detail: `${count.toLocaleString('en-US')} events not handed over`, t });
  } else if (m.type === '@xstate.event') {
    const ev = (m.event ?? {}) as { type?: string };
    const source = typeof m.sourceId === 'string' ? m.sourceId : null;
    const seq = log(st, { kind: 'event', type: String(ev.type ?? '?'), target: sessionId, source, detail: JSON.stringify(ev), t });
    // from a known actor to another: its own new state is still to be reported
    // (the first event of its step; one left from an earlier moment, a delayed
    // event the sender never followed with a step, gives way)
    const first = source ? st.sentMidStep.get(source) : undefined;
    const stale = first !== undefined && st.log.find((x) => x.seq === first)?.t !== t;
    if (source && source !== sessionId && st.actors.has(source) && (first === undefined || stale)) st.sentMidStep.set(source, seq);
  }
}

/** Append the entry, or put it just before the entry `before` (a seq) when that is still in the log; returns its seq. */
function log(st: InspectorState, entry: Omit<LogEntry, 'seq'>, before?: number): number {
  const e = { seq: ++st.seq, ...entry };
  if (entry.kind !== 'skipped') st.counts[entry.kind === 'transition' ? 'transitions' : 'events']++;
  const at = before === undefined ? -1 : st.log.findIndex((x) => x.seq === before);
  if (at >= 0) st.log.splice(at, 0, e);
  else st.log.push(e);
  if (st.log.length > LOG_LIMIT) st.counts.dropped += st.log.splice(0, st.log.length - LOG_LIMIT).length;
  return e.seq;
}

/** The actors of the current task, its root first, children after their parent. */
export function currentActors(st: InspectorState): ActorRow[] {
  const rows = [...st.actors.values()];
  const inTree = (row: ActorRow): boolean => {
    if (row.sessionId === st.currentRoot) return true;
    const parent = row.parentId ? st.actors.get(row.parentId) : undefined;
    return !!parent && inTree(parent);
  };
  return rows.filter(inTree).sort((a, b) => (a.parentId === null ? -1 : b.parentId === null ? 1 : 0));
}

export function nameOf(st: InspectorState, sessionId: string | null): string {
  if (!sessionId) return '—';
  return st.actors.get(sessionId)?.name ?? sessionId;
}

/** Virtual time as the app's lists show it (seconds kept however long the run). */
export const formatVirtualTime = (ms: number | null): string => (ms === null ? '' : formatSeconds(ms, true));

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '—';
  return JSON.stringify(value);
}
