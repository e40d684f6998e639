// "Download NDJSON": the run's events as a file, in the order ECS emitted them
// or, when the box beside the button is ticked, as EventBridge may deliver
// them (late, out of order, some twice: src/sim/project/delivery.ts), seeded by
// the scenario's seed like `ecs-lifecycle run --delivery at-least-once`.
import { deliver } from '../sim/project/delivery.ts';
import type { EcsEvent } from '../sim/project/events.ts';
import { byId, h } from './dom.ts';

/** Hand text to the browser as a file download. */
export function saveNdjson(name: string, parts: string[]): void {
  const blob = new Blob(parts, { type: 'application/x-ndjson' });
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Returns how to say whether there is anything to download: without events the button is disabled (an empty file helps nobody). */
export function offerDownload(
  buttonId: string,
  deliveredBoxId: string,
  build: () => { events: readonly EcsEvent[]; seed: number; name: string } | null,
): (hasEvents: boolean) => void {
  const box = byId<HTMLInputElement>(deliveredBoxId);
  const button = byId<HTMLButtonElement>(buttonId);
  button.addEventListener('click', () => {
    const what = build();
    if (!what) return;
    const events = deliver(what.events, box.checked ? 'at-least-once' : 'in-order', what.seed);
    saveNdjson(box.checked ? what.name.replace(/\.ndjson$/, '.delivered.ndjson') : what.name, events.map((e) => JSON.stringify(e) + '\n'));
  });
  return (hasEvents) => {
    if (button.disabled === !hasEvents) return;
    button.disabled = !hasEvents;
    button.title = hasEvents ? '' : 'No events yet: run it first';
  };
}
