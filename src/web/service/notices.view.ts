// The service's own events as they happen (ECS Service Action, ECS Deployment
// State Change) and the actions applied to it, appended, never re-rendered;
// "Download NDJSON" builds every event of the run (tasks included) on demand.
import type { ServiceSimulation } from '../../sim/service/service-simulation.ts';
import { serviceEventStream, serviceMessages } from '../../sim/service/service-output.ts';
import { byId, h } from '../dom.ts';
import { formatSeconds } from '../time.ts';
import { offerDownload } from '../download.ts';

/** Entries kept in the list (a throttled service can repeat itself for hours). */
const SHOWN = 400;

export function createNoticesView() {
  const list = byId<HTMLOListElement>('service-events');
  const log = byId<HTMLOListElement>('service-messages');
  let logVersion = -1;
  let sim: ServiceSimulation | null = null;
  let occurrences = 0;
  let notes = 0;

  const downloadable = offerDownload('service-download', 'service-download-delivered', () =>
    sim && { events: serviceEventStream(sim), seed: sim.scenario.seed, name: `${sim.scenario.service?.serviceName ?? sim.scenario.taskDefinition.family}-service-events.ndjson` },
  );
  downloadable(false);

  function add(li: HTMLLIElement): void {
    // follow the newest entries, unless the reader scrolled up to look at older ones
    const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
    list.append(li);
    if (list.childElementCount > SHOWN) list.firstElementChild?.remove();
    if (atEnd) list.scrollTop = list.scrollHeight;
  }

  /** The scheduler's own log, redrawn when it changed (at most 100 short lines). */
  function renderLog(s: ServiceSimulation): void {
    if (s.messages.version === logVersion) return;
    logVersion = s.messages.version;
    const start = s.scenario.startTime;
    log.replaceChildren(
      ...serviceMessages(s).map((e) => h('li', {}, h('span', { class: 't' }, formatSeconds(e.createdAt * 1000 - start, true)), ' ', e.message)),
    );
  }

  return {
    reset(next: ServiceSimulation | null): void {
      sim = next;
      occurrences = notes = 0;
      logVersion = -1;
      list.replaceChildren();
      log.replaceChildren();
      downloadable(false);
    },
    render(): void {
      if (!sim) return;
      downloadable(sim.occurrences.length > 0 || sim.notes.length > 0);
      renderLog(sim);
      // One frame at max speed covers minutes: merge actions and events in
      // the order they happened (each note knows how many events came before
      // it), the same whether the list grows frame by frame or is built anew
      // after Step back.
      const occ = sim.occurrences;
      for (;;) {
        const note = sim.notes[notes];
        const o = occ[occurrences];
        if (!note && !o) break;
        if (note && note.after <= occurrences) {
          notes++;
          add(h('li', { class: 'action' }, h('span', { class: 't' }, formatSeconds(note.t, true)), ' ', h('b', {}, note.by ?? 'action'), ` ${note.note}`));
          continue;
        }
        occurrences++;
        // task and container instance changes show on the board; the download has their events
        if (!o || o.kind !== 'service') continue;
        const n = o.notice;
        const kind = n.eventName.startsWith('SERVICE_DEPLOYMENT_') ? 'ECS Deployment State Change' : 'ECS Service Action';
        add(
          h('li', { 'data-type': n.eventType },
            h('span', { class: 't' }, formatSeconds(o.t, true)), ' ',
            h('b', {}, n.eventName), ` · ${n.eventType} · ${kind}`,
            n.deploymentId ? h('span', { class: 'small' }, ` · ${n.deploymentId}`) : '',
            n.reason ? h('div', { class: 'small' }, n.reason) : '',
          ),
        );
      }
    },
  };
}
