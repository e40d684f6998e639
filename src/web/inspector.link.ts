// Feeds the simulation's inspection events to an inspector window through
// @statelyai/inspect: our own page (/inspector.html, works offline) or, as a
// setting, Stately's hosted inspector. Events are kept from the start of the
// current task so an inspector opened mid-run still learns every actor.
import { createBrowserInspector } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';

type BrowserInspector = ReturnType<typeof createBrowserInspector>;

/** The adapter keeps its popup privately; we only read it to know if it was closed. */
function popupOf(inspector: BrowserInspector): Window | null {
  return (inspector.adapter as unknown as { targetWindow?: Window | null }).targetWindow ?? null;
}

// Microsteps and actions are dropped by the inspector protocol; not worth keeping.
const forwarded = (ev: InspectionEvent) => ev.type === '@xstate.actor' || ev.type === '@xstate.event' || ev.type === '@xstate.snapshot';

const BUFFER_LIMIT = 20_000;

export function createInspectorLink() {
  let buffer: InspectionEvent[] = [];
  let inspector: BrowserInspector | null = null;
  let hosted = false;

  return {
    /** the root actor's inspect observer */
    inspect(ev: InspectionEvent): void {
      if (!forwarded(ev)) return;
      if (buffer.length < BUFFER_LIMIT) buffer.push(ev);
      inspector?.inspect.next?.(ev);
    },
    /** a new task: its predecessor's events are no longer interesting */
    newSession(): void {
      buffer = [];
    },
    get isOpen(): boolean {
      const w = inspector && popupOf(inspector);
      return !!w && !w.closed;
    },
    open(useHosted: boolean): void {
      const w = inspector && popupOf(inspector);
      if (inspector && w && !w.closed && hosted === useHosted) {
        w.focus();
        return;
      }
      inspector?.stop();
      hosted = useHosted;
      inspector = createBrowserInspector({
        ...(useHosted ? {} : { url: new URL('inspector.html', location.href).href }),
        serializationDepthLimit: 100,
        // the adapter replays its queue on the handshake: keep the whole task
        maxDeferredEvents: BUFFER_LIMIT,
      });
      for (const ev of buffer) inspector.inspect.next?.(ev);
    },
  };
}
