// Feeds the simulation's inspection events to an inspector window through
// @statelyai/inspect: our own page (/inspector.html, works offline) or, as a
// setting, Stately's hosted inspector. The current run's actors and its
// latest events are kept, so an inspector opened (or reloaded) mid-run still
// learns every actor; where events were left out, the stream says how many.
import { createBrowserInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';
import { CLEARED, GONE, reenters, SIMULATOR_HOLDS, SKIPPED } from '../inspector/inspector.model.ts';

type BrowserInspector = ReturnType<typeof createBrowserInspector>;

/**
 * The adapter keeps its popup privately; we only read it to know if it was closed.
 * The package is pinned, and test/web/inspector.adapter.test.ts holds the two
 * private fields this file uses (targetWindow, deferredEvents).
 */
function popupOf(inspector: BrowserInspector): Window | null {
  return (inspector.adapter as unknown as { targetWindow?: Window | null }).targetWindow ?? null;
}

// Actions are dropped by the inspector protocol, and so are microsteps: but a
// state entered and left in one macrostep (STOPPING, when no container runs
// any more) must show, as the events show it. Each microstep goes as the
// snapshot it produced; the macrostep's own snapshot then repeats the last.
const forwarded = (ev: InspectionEvent) => ev.type === '@xstate.actor' || ev.type === '@xstate.event' || ev.type === '@xstate.snapshot' || ev.type === '@xstate.microstep';
const asSnapshot = (ev: InspectionEvent): InspectionEvent =>
  ev.type === '@xstate.microstep' ? { type: '@xstate.snapshot', rootId: ev.rootId, actorRef: ev.actorRef, event: ev.event, snapshot: ev.snapshot } : ev;

/** Events held for an inspector, besides the actors: the latest of the run. */
const BUFFER_LIMIT = SIMULATOR_HOLDS;
const isActor = (ev: { type: string }) => ev.type === '@xstate.actor';

/** Where events were left out: how many. */
interface Skip {
  skipped: number;
}
type Held = InspectionEvent | Skip;
const isSkip = (h: object): h is Skip => 'skipped' in h;

/**
 * Keep the latest `limit` events of `held` that are not actors, and every
 * actor (an inspector must learn each, however long ago it started): what
 * goes becomes one Skip where it was, merged with one already there.
 */
export function keepLatest<T extends { type: string }>(held: (T | Skip)[], limit: number): (T | Skip)[] {
  const isKept = (h: T | Skip) => isSkip(h) || isActor(h);
  let others = 0;
  for (const h of held) if (!isKept(h)) others++;
  if (others <= limit) return held;
  let cut = others - limit;
  let skipped = 0;
  const out: (T | Skip)[] = [];
  for (const h of held) {
    if (isSkip(h)) skipped += h.skipped;
    else if (!isActor(h) && cut > 0) (skipped++, cut--);
    else {
      // the first kept event after the cut: the mark goes just before it
      if (skipped > 0 && !isActor(h)) (out.push({ skipped }), (skipped = 0));
      out.push(h);
    }
  }
  if (skipped > 0) out.push({ skipped });
  return out;
}

/**
 * The virtual time of each event, keyed by the event object (a snapshot
 * message carries the same object as the event that caused it). The protocol
 * stamps messages with wall-clock time only; `virtualMs` rides along on the
 * message, for our inspector to show (Stately's ignores what it does not know).
 * The machines send some events as constants, one object for every run and
 * every send: each inspection gets its own copy to carry its own time.
 */
const virtualTimes = new WeakMap<object, number>();
/**
 * Microsteps that took a transition with a target: one that leaves and
 * re-enters the same state (a held ENI's detach begun again) changes no state
 * value, and would otherwise read as nothing happening. `reentered` rides along.
 */
const targeted = new WeakSet<object>();
/**
 * Each actor's top-level states in its machine's order, by session: the
 * definition the protocol sends is serialised with its keys sorted, so our
 * inspector's strip of states would read ACTIVATING, DEACTIVATING, …
 * `stateOrder` rides along on the actor's message.
 */
const stateOrders = new Map<string, string[]>();
function noteStateOrder(ev: InspectionEvent): void {
  const states = (ev.actorRef as { logic?: { config?: { states?: object } } }).logic?.config?.states;
  if (states) stateOrders.set(ev.actorRef.sessionId, Object.keys(states));
}
const withVirtualTime = (m: StatelyInspectionEvent): StatelyInspectionEvent => {
  const ev = (m as { event?: unknown }).event;
  const ms = typeof ev === 'object' && ev !== null ? virtualTimes.get(ev) : undefined;
  const order = m.type === '@xstate.actor' ? stateOrders.get(m.sessionId) : undefined;
  const extra = {
    ...(ms === undefined ? {} : { virtualMs: ms }),
    ...(typeof ev === 'object' && ev !== null && targeted.has(ev) ? { reentered: true } : {}),
    ...(order ? { stateOrder: order } : {}),
  };
  return plain(Object.keys(extra).length ? Object.assign({}, m, extra) : m);
};

/**
 * What postMessage can clone: JSON without functions (the machines' input
 * mappers) and with cycles cut. Giving `serialize` replaces the adapter's own
 * conversion, which did this.
 */
function plain<T>(value: T): T {
  const path: unknown[] = [];
  const text = JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === 'function') return undefined;
    if (typeof v !== 'object' || v === null) return v;
    // `this` holds v: ancestors after it are off the path now
    while (path.length > 0 && path.at(-1) !== this) path.pop();
    if (path.includes(v)) return '[Circular]';
    path.push(v);
    return v;
  });
  return text === undefined ? value : (JSON.parse(text) as T);
}

/** How many events the adapter gets at a time (it converts each in an idle callback of its own). */
const BATCH = 200;
/**
 * The longest an event waits for the page to be idle. A page playing a run is
 * seldom idle (each frame paints), and a loaded machine less: without a
 * deadline the inspector showed the run seconds late, or only once it ended.
 */
const IDLE_DEADLINE_MS = 100;
/** An idle moment, or the deadline (no idle callbacks, as in Safari: a timer, which runs in a hidden tab too, where frames do not). */
// (looked up once, before withDeadline puts its own in its place; no window in the unit tests)
const browserIdle = typeof globalThis.window?.requestIdleCallback === 'function' ? window.requestIdleCallback.bind(window) : null;
const idleOrDeadline = (fn: () => void): void => {
  if (browserIdle) browserIdle(() => fn(), { timeout: IDLE_DEADLINE_MS });
  else window.setTimeout(fn, 0);
};

/**
 * Hand events to the adapter, which converts each in an idle callback it asks
 * for with no deadline (`window.requestIdleCallback || requestAnimationFrame`,
 * looked up at each call): for that moment it gets ours, which has one. Idle
 * callbacks and timers each run in the order asked, so the batch is still
 * converted in order, and before the callback nextBatch asks for after it.
 */
function withDeadline(hand: () => void): void {
  const own = Object.getOwnPropertyDescriptor(window, 'requestIdleCallback');
  const deadlined = (cb: IdleRequestCallback) => (idleOrDeadline(() => cb({ didTimeout: true, timeRemaining: () => 0 })), 0);
  Object.defineProperty(window, 'requestIdleCallback', { value: deadlined, configurable: true, writable: true });
  try {
    hand();
  } finally {
    if (own) Object.defineProperty(window, 'requestIdleCallback', own);
    else delete (window as { requestIdleCallback?: unknown }).requestIdleCallback;
  }
}

/**
 * Stop an adapter for good. Its stop() leaves its message listener in place,
 * which replays everything it ever sent on every handshake: the next
 * inspector, opened in the same named window, would list the run twice (three
 * times after a second switch). Without a window or a queue it has nothing to
 * replay, and its events can be collected.
 */
function disconnect(inspector: BrowserInspector): void {
  window.removeEventListener('pagehide', sayGone);
  inspector.stop();
  const adapter = inspector.adapter as unknown as { deferredEvents?: unknown[]; targetWindow?: Window | null };
  adapter.deferredEvents = [];
  adapter.targetWindow = null;
}

/** The page going away (closed, reloaded): our inspector says its run is the last it will get. */
let popupToTell: Window | null = null;
function sayGone(): void {
  if (popupToTell && !popupToTell.closed) popupToTell.postMessage({ type: GONE }, location.origin);
}

/** The adapter's replay queue (converted messages), which it hands a reloaded inspector. */
const queueOf = (inspector: BrowserInspector | null) => (inspector?.adapter as unknown as { deferredEvents?: { type: string; [k: string]: unknown }[] } | undefined)?.deferredEvents;

/**
 * The page's window, as the adapter uses it, but opening the inspector as a
 * window of its own (it opens a tab without features): a tab put in front
 * hides the simulator's, whose timers the browser then slows to once a
 * second, and the run, and the inspector, with them.
 */
function popupOpener(): Window {
  const features = `popup,width=${Math.min(1000, screen.availWidth)},height=${Math.min(900, screen.availHeight)}`;
  return { open: (url: string, target: string) => window.open(url, target, features), addEventListener: window.addEventListener.bind(window) } as unknown as Window;
}

export function createInspectorLink() {
  /** the current run's events for an inspector opened later: its actors and the latest BUFFER_LIMIT others */
  let buffer: Held[] = [];
  /** the current run's root actor: where a Skip is said */
  let root: InspectionEvent | null = null;
  /**
   * Events waiting for the adapter. It queues one idle callback per event
   * with no deadline, so a service at max speed, never idle, would queue
   * hundreds of thousands (memory without end, an inspector showing nothing).
   * Handed over BATCH at a time instead: idle callbacks run in order, so once
   * ours after a batch runs, the adapter has converted the batch. At most
   * BUFFER_LIMIT wait; past that the oldest give way to a Skip.
   */
  let pending: Held[] = [];
  let handing = false;
  function handOver(h: Held): void {
    pending.push(h);
    if (pending.length > BUFFER_LIMIT + BATCH) pending = keepLatest(pending, BUFFER_LIMIT);
    if (!handing) nextBatch();
  }
  function nextBatch(): void {
    const batch = inspector ? pending.splice(0, BATCH) : [];
    handing = batch.length > 0;
    if (!handing) return;
    withDeadline(() => {
      for (const h of batch) {
        if (!isSkip(h)) inspector!.inspect.next?.(h);
        // said as an event to the root actor, in its place in the stream
        else if (root) inspector!.inspect.next?.({ type: '@xstate.event', rootId: root.rootId, actorRef: root.actorRef, sourceRef: undefined, event: { type: SKIPPED, count: h.skipped } });
      }
    });
    idleOrDeadline(() => {
      // the replay queue keeps every actor too: a reloaded inspector must learn them
      const queue = queueOf(inspector);
      if (queue && queue.length > BUFFER_LIMIT) queue.splice(0, queue.length, ...keepLatestConverted(queue));
      nextBatch();
    });
  }
  /** keepLatest over the adapter's converted messages, the Skip said as the event nextBatch sends */
  function keepLatestConverted(queue: { type: string; [k: string]: unknown }[]) {
    const said = (m: { type: string; [k: string]: unknown }): Held | typeof m => {
      const ev = m.event as { type?: unknown; count?: unknown } | undefined;
      return m.type === '@xstate.event' && ev?.type === SKIPPED ? { skipped: Number(ev.count) || 0 } : m;
    };
    const top = queue.find((m) => isActor(m) && typeof m.parentId !== 'string');
    return keepLatest(queue.map(said), BUFFER_LIMIT).map((h) =>
      isSkip(h) ? { type: '@xstate.event', event: { type: SKIPPED, count: h.skipped }, sourceId: undefined, sessionId: top?.sessionId, _version: top?._version, createdAt: Date.now().toString(), id: null, rootId: top?.rootId } : h,
    ) as typeof queue;
  }
  let inspector: BrowserInspector | null = null;
  let hosted = false;
  /** root actors of the current run, and of runs that are over */
  let roots = new Set<string>();
  const retired = new Set<string>();

  /**
   * The run is over. The adapter converts events when the page is idle, so
   * some of the old run's are still to come: they are dropped (filter), and
   * what it queued for a later handshake goes too (its queue is replayed to
   * an inspector that reconnects, a reloaded popup).
   */
  function retire(): void {
    buffer = [];
    stateOrders.clear();
    root = null;
    pending = [];
    for (const r of roots) retired.add(r);
    roots = new Set();
    const queue = (inspector?.adapter as unknown as { deferredEvents?: unknown[] } | undefined)?.deferredEvents;
    if (Array.isArray(queue)) queue.length = 0;
  }

  return {
    /** the root actor's inspect observer, with the virtual time of the event */
    inspect(ev: InspectionEvent, virtualMs: number): void {
      if (!forwarded(ev)) return;
      const again = reenters(ev);
      ev = asSnapshot(ev);
      roots.add(ev.rootId);
      if (ev.type === '@xstate.event' || ev.type === '@xstate.snapshot') {
        ev = { ...ev, event: { ...ev.event } };
        virtualTimes.set(ev.event, virtualMs);
        if (again) targeted.add(ev.event);
      }
      if (isActor(ev)) noteStateOrder(ev);
      if (isActor(ev) && !root) root = ev;
      buffer.push(ev);
      if (buffer.length > BUFFER_LIMIT + BATCH) buffer = keepLatest(buffer, BUFFER_LIMIT);
      if (inspector) handOver(ev);
    },
    /** a new task: its predecessor's events are no longer interesting */
    newSession: retire,
    /** no run any more (Reset, another scenario): our inspector stops showing the old one */
    cleared(): void {
      retire();
      const w = inspector && popupOf(inspector);
      // a message of our own: only our page knows it (Stately's would show it as noise)
      if (w && !w.closed && !hosted) w.postMessage({ type: CLEARED }, location.origin);
    },
    get isOpen(): boolean {
      const w = inspector && popupOf(inspector);
      return !!w && !w.closed;
    },
    /** false when the browser refused the window (a pop-up blocker) */
    open(useHosted: boolean): boolean {
      const w = inspector && popupOf(inspector);
      if (inspector && w && !w.closed && hosted === useHosted) {
        w.focus();
        return true;
      }
      if (inspector) disconnect(inspector);
      hosted = useHosted;
      inspector = createBrowserInspector({
        ...(useHosted ? {} : { url: new URL('inspector.html', location.href).href }),
        window: popupOpener(),
        serializationDepthLimit: 100,
        serialize: withVirtualTime,
        filter: (m) => !retired.has(String((m as { rootId?: unknown }).rootId)),
        // the adapter replays its queue on the handshake; nextBatch keeps it to the actors
        // and the latest BUFFER_LIMIT, this is a ceiling between two of its passes
        maxDeferredEvents: 4 * BUFFER_LIMIT,
      });
      popupToTell = hosted ? null : popupOf(inspector);
      window.addEventListener('pagehide', sayGone);
      pending = [];
      for (const h of keepLatest(buffer, BUFFER_LIMIT)) handOver(h);
      return popupOf(inspector) !== null;
    },
  };
}
