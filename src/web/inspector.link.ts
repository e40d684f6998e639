// Feeds the simulation's inspection events to an inspector window through
// @statelyai/inspect: our own page (/inspector.html, works offline) or, as a
// setting, Stately's hosted inspector. Events are kept from the start of the
// current task so an inspector opened mid-run still learns every actor.
import { createBrowserInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';
import { CLEARED, reenters } from '../inspector/inspector.model.ts';

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

const BUFFER_LIMIT = 20_000;


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
const withVirtualTime = (m: StatelyInspectionEvent): StatelyInspectionEvent => {
  const ev = (m as { event?: unknown }).event;
  const ms = typeof ev === 'object' && ev !== null ? virtualTimes.get(ev) : undefined;
  const extra = { ...(ms === undefined ? {} : { virtualMs: ms }), ...(typeof ev === 'object' && ev !== null && targeted.has(ev) ? { reentered: true } : {}) };
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
const whenIdle = (fn: () => void) => (window.requestIdleCallback ?? window.requestAnimationFrame)(() => fn());

/**
 * Stop an adapter for good. Its stop() leaves its message listener in place,
 * which replays everything it ever sent on every handshake: the next
 * inspector, opened in the same named window, would list the run twice (three
 * times after a second switch). Without a window or a queue it has nothing to
 * replay, and its events can be collected.
 */
function disconnect(inspector: BrowserInspector): void {
  inspector.stop();
  const adapter = inspector.adapter as unknown as { deferredEvents?: unknown[]; targetWindow?: Window | null };
  adapter.deferredEvents = [];
  adapter.targetWindow = null;
}

export function createInspectorLink() {
  let buffer: InspectionEvent[] = [];
  /**
   * Events waiting for the adapter. It queues one idle callback per event
   * with no deadline, so a service at max speed, never idle, would queue
   * hundreds of thousands (memory without end, an inspector showing nothing).
   * Handed over BATCH at a time instead: idle callbacks run in order, so once
   * ours after a batch runs, the adapter has converted the batch. At most
   * BUFFER_LIMIT wait; past that new ones are dropped, as from the replay buffer.
   */
  let pending: InspectionEvent[] = [];
  let handing = false;
  function handOver(ev: InspectionEvent): void {
    if (pending.length < BUFFER_LIMIT) pending.push(ev);
    if (!handing) nextBatch();
  }
  function nextBatch(): void {
    const batch = inspector ? pending.splice(0, BATCH) : [];
    handing = batch.length > 0;
    if (!handing) return;
    for (const ev of batch) inspector!.inspect.next?.(ev);
    whenIdle(nextBatch);
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
      if (buffer.length < BUFFER_LIMIT) buffer.push(ev);
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
        serializationDepthLimit: 100,
        serialize: withVirtualTime,
        filter: (m) => !retired.has(String((m as { rootId?: unknown }).rootId)),
        // the adapter replays its queue on the handshake: keep the whole task
        maxDeferredEvents: BUFFER_LIMIT,
      });
      pending = [];
      for (const ev of buffer) handOver(ev);
      return popupOf(inspector) !== null;
    },
  };
}
