// The ECS Task State Change events as they are emitted (appended, never
// re-rendered), each expandable to its JSON; NDJSON download; DescribeTasks.
import type { Simulation } from '../sim/types.ts';
import { byId, h } from './dom.ts';
import { offerDownload } from './download.ts';
import { formatSeconds } from './time.ts';

interface StateChange {
  time?: string;
  detail?: { version?: number; updatedAt?: string; lastStatus?: string; desiredStatus?: string; stopCode?: string; containers?: { name?: string; lastStatus?: string; exitCode?: number }[] };
}

/** One event as a line: its moment on the virtual clock, as the clock and the timeline show it (the JSON keeps AWS's ISO times). */
function summary(ev: StateChange, startTime: number): string {
  const d = ev.detail ?? {};
  const containers = (d.containers ?? []).map((c) => `${c.name}:${c.lastStatus}${c.exitCode === undefined ? '' : `(${c.exitCode})`}`).join(' ');
  const at = Date.parse(d.updatedAt ?? ev.time ?? '');
  const when = Number.isNaN(at) ? (ev.time ?? '') : `t = ${formatSeconds(at - startTime, true)}`;
  return `v${d.version ?? '?'} · ${when} · ${d.lastStatus ?? '?'} / ${d.desiredStatus ?? '?'}${d.stopCode ? ` · ${d.stopCode}` : ''}${containers ? ` · ${containers}` : ''}`;
}

export function createEventsView() {
  const list = byId<HTMLOListElement>('events');
  const describe = byId('describe');
  let shown = 0;
  let describedAt = '';
  let sim: Simulation | null = null;

  const downloadable = offerDownload('download', 'download-delivered', () => sim && { events: sim.events.slice(), seed: sim.scenario.seed, name: `${sim.scenario.taskDefinition.family}-events.ndjson` });
  downloadable(false);

  return {
    /**
     * `back`: the same run replayed to an earlier moment (Step back). Its
     * events are the first of those listed, the same ones: the list keeps
     * them as they are (an event opened stays open) and loses the rest.
     */
    reset(next: Simulation | null, back = false): void {
      sim = next;
      describedAt = '';
      if (back && next) {
        while (list.childElementCount > next.events.length) list.lastElementChild!.remove();
        shown = list.childElementCount;
        return;
      }
      shown = 0;
      list.replaceChildren();
      describe.textContent = next ? '' : 'Run the task to see what DescribeTasks returns.';
      downloadable(false);
    },
    render(): void {
      if (!sim) return;
      const events = sim.events;
      downloadable(events.length > 0);
      // follow the newest events (STOPPED comes last), unless the reader scrolled up to older ones
      const atEnd = shown < events.length && list.scrollHeight - list.scrollTop - list.clientHeight < 24;
      for (; shown < events.length; shown++) {
        const ev = events[shown] as StateChange;
        const pre = h('pre', { class: 'json', tabindex: '0', 'aria-label': 'The event as JSON' }); // it scrolls: the keyboard must reach its end
        const details = h('details', {}, h('summary', {}, summary(ev, sim.scenario.startTime)), pre);
        // Serialise only when opened: at "max" speed dozens arrive per frame.
        details.addEventListener('toggle', () => {
          if (details.open && !pre.textContent) pre.textContent = JSON.stringify(ev, null, 2);
        });
        list.append(h('li', {}, details));
      }
      if (atEnd) list.scrollTop = list.scrollHeight;
      const key = `${events.length}|${sim.trace.length}`;
      if (key !== describedAt) {
        describedAt = key;
        describe.textContent = JSON.stringify(sim.describeTask(), null, 2);
      }
    },
  };
}
