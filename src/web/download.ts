// "Download NDJSON": the run's events as a file, in the order ECS emitted them
// or, when the box beside the button is ticked, as EventBridge may deliver
// them (late, out of order, some twice: src/sim/project/delivery.ts), seeded by
// the scenario's seed like `ecs-lifecycle run --delivery at-least-once`.
import { deliver } from '../sim/project/delivery.ts';
import type { EcsEvent } from '../sim/project/events.ts';
import { byId, h } from './dom.ts';

/** Hand text to the browser as a file download. */
export function saveNdjson(name: string, parts: BlobPart[]): void {
  saveFile(name, parts, 'application/x-ndjson');
}

export function saveFile(name: string, parts: BlobPart[], type: string): void {
  const blob = new Blob(parts, { type });
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Returns how to say whether there is anything to download: without events the button is disabled (an empty file helps nobody). */
export function offerDownload(
  buttonId: string,
  deliveredBoxId: string,
  build: () => { events: Iterable<EcsEvent>; seed: number; name: string } | null,
): (hasEvents: boolean) => void {
  const box = byId<HTMLInputElement>(deliveredBoxId);
  const button = byId<HTMLButtonElement>(buttonId);
  const label = button.textContent;
  let busy = false;
  let has = false;
  // A service of 10,000 tasks has hundreds of thousands of events: they are
  // written out in slices, the page answering in between, not in one freeze.
  button.addEventListener('click', async () => {
    const what = build();
    if (!what || busy) return;
    busy = true;
    button.disabled = true;
    button.textContent = 'Preparing the file…';
    try {
      const delivered = box.checked;
      const source = delivered ? deliver(await inSlices(what.events, (e) => e), 'at-least-once', what.seed) : what.events;
      const lines = await inSlices(source, (e) => JSON.stringify(e) + '\n', (slice) => new Blob(slice));
      saveNdjson(delivered ? what.name.replace(/\.ndjson$/, '.delivered.ndjson') : what.name, lines);
    } finally {
      busy = false;
      button.textContent = label;
      show(has);
    }
  });
  const show = (hasEvents: boolean) => {
    button.disabled = !hasEvents;
    button.title = hasEvents ? '' : 'No events yet: run it first';
  };
  return (hasEvents) => {
    has = hasEvents;
    if (busy || (button.disabled === !hasEvents && button.title === (hasEvents ? '' : 'No events yet: run it first'))) return;
    show(hasEvents);
  };
}

/**
 * Map every item, giving the page back its turn every few dozen milliseconds.
 * `pack` turns each slice into one part (a Blob of its lines: one 300 MB
 * Blob made at once froze the page for a second).
 */
async function inSlices<T, U>(items: Iterable<T>, f: (x: T) => U): Promise<U[]>;
async function inSlices<T, U, P>(items: Iterable<T>, f: (x: T) => U, pack: (slice: U[]) => P): Promise<P[]>;
async function inSlices<T, U, P>(items: Iterable<T>, f: (x: T) => U, pack?: (slice: U[]) => P): Promise<(U | P)[]> {
  const out: (U | P)[] = [];
  let slice: U[] = [];
  const flush = () => {
    if (pack && slice.length) out.push(pack(slice));
    else for (const x of slice) out.push(x); // (not push(...slice): a slice may hold more items than a call takes arguments)
    slice = [];
  };
  let since = performance.now();
  for (const x of items) {
    slice.push(f(x));
    if (performance.now() - since > 30) {
      flush();
      await new Promise((resolve) => window.setTimeout(resolve, 0));
      since = performance.now();
    }
  }
  flush();
  return out;
}
