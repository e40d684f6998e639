// Time spent in each state, as bars on a virtual-time axis: one lane for the
// task and one per side step, built from the simulation's trace.
import { TASK_STATUSES } from '../../machines/status.ts';
import type { TraceEntry } from '../sim/types.ts';
import { h, s } from './dom.ts';
import { formatSeconds } from './time.ts';

const LANE_H = 22;
const LABEL_W = 130;
const AXIS_H = 18;
const WIDTH = 1000;
/** The share of the axis past "now" where each lane's current state goes on. */
const OPEN_ROOM = 0.08;
/** Characters of a lane's name that fit beside the bars (11 px text in LABEL_W). */
const LABEL_CHARS = 19;

/**
 * A stable hue per state name, so the same state looks the same in every lane.
 * style.css makes it a colour, hsl(hue, --tl-bar-s, --tl-bar-l): light in the
 * light scheme, dark under light text in the dark one.
 */
function hue(state: string): number {
  let hash = 0;
  for (const ch of state) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(hash) % 360;
}

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;
/** Round steps a person reads at a glance, from seconds to weeks (a service runs for days). */
const STEPS = [1, 2, 5, 10, 15, 30, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 3 * DAY, 5 * DAY, 7 * DAY, 14 * DAY];
/** At most this many intervals: 6 to 10 labelled ticks, 0 included. */
const MAX_INTERVALS = 9;

/** Seconds between ticks: the smallest round step that keeps the axis to about 6–10 labels. */
export function tickStep(totalSec: number): number {
  const step = STEPS.find((st) => totalSec / st <= MAX_INTERVALS);
  if (step !== undefined) return step;
  // past eighteen weeks: whole weeks, as many as it takes
  return Math.ceil(totalSec / MAX_INTERVALS / (7 * DAY)) * 7 * DAY;
}

/**
 * A tick's time in the units the virtual clock uses (s below 2 min, then min,
 * h below 2 days, then d); an axis of whole minutes (hours, days) says
 * "1 min" rather than "60 s", as people count.
 */
export function tickLabel(sec: number, step: number): string {
  if (sec === 0) return '0';
  const below = (unit: number) => sec < unit || (sec < 2 * unit && step < unit);
  const part = (n: number, unit: string) => (n ? ` ${n} ${unit}` : '');
  if (below(MIN)) return `${sec} s`;
  if (below(HOUR)) return `${Math.floor(sec / MIN)} min${part(sec % MIN, 's')}`;
  if (below(DAY)) return `${Math.floor(sec / HOUR)} h${part(Math.floor(sec / MIN) % 60, 'min')}`;
  return `${Math.floor(sec / DAY)} d${part(Math.floor(sec / HOUR) % 24, 'h')}`;
}

/**
 * A lane's name as it fits beside the bars: a long one drops its first
 * words, keeping the end that tells containers apart ("…tomcat-webserver").
 */
export function laneLabel(lane: string): string {
  if (lane.length <= LABEL_CHARS) return lane;
  const words = lane.split('-');
  while (words.length > 1 && words.join('-').length > LABEL_CHARS - 1) words.shift();
  const end = words.join('-');
  return `…${end.length > LABEL_CHARS - 1 ? end.slice(-(LABEL_CHARS - 1)) : end}`;
}

/**
 * Every lane's label, told apart: two long names with the same ending
 * ("…api-sidecar") keep the start of the container's name too
 * ("payments-…i-sidecar").
 */
export function laneLabels(lanes: string[]): string[] {
  const labels = lanes.map(laneLabel);
  const half = Math.floor((LABEL_CHARS - 1) / 2);
  return labels.map((l, i) => {
    if (labels.indexOf(l) === labels.lastIndexOf(l)) return l;
    const name = lanes[i]!.replace(/^container-/, '');
    return name.length <= LABEL_CHARS ? name : `${name.slice(0, half)}…${name.slice(-half)}`;
  });
}

/**
 * What a lane's bar is called: its state, and for a container whose health
 * verdict came in while it ran (a change of its healthStatus, not of its
 * state) the verdict too, so an Envoy sidecar's wait to turn HEALTHY, which
 * holds back whatever dependsOn it, shows on the lane.
 */
export function spanName(e: Pick<TraceEntry, 'actor' | 'from' | 'to' | 'note'>, before: string | null = null): string {
  if (!e.actor.startsWith('container-') || e.from !== e.to) return e.to;
  const verdict = /^health checks? (?:passed|failed): (HEALTHY|UNHEALTHY)\b/.exec(e.note)?.[1];
  // a note that is no verdict (the moment an app goes bad) leaves the health as it was
  return verdict ? `${e.to} · ${verdict}` : (before ?? e.to);
}

export function createTimelineView(root: HTMLElement) {
  let lastKey = '';
  // The bars' details as text, for keyboard and touch (an SVG title shows only on hover)
  const list = h('ol', { class: 'tl-list' });
  const asText = h('details', { class: 'tl-text' }, h('summary', {}, 'The timeline as text'), list);
  let lines: string[][] = [];
  const showText = () => {
    if (!asText.open) return;
    list.replaceChildren(...lines.map(([lane, ...segments]) => h('li', {}, h('strong', {}, lane!), h('ul', {}, ...segments.map((t) => h('li', {}, t))))));
  };
  asText.addEventListener('toggle', showText);
  // the chart is redrawn, the text (and the focus on its summary) stays
  const chart = h('div');
  root.replaceChildren(chart, asText);
  // On a narrow screen the drawing scrolls sideways in root: its lane names
  // stay at the left edge, over the bars, or the lanes past them go unnamed.
  let names: SVGGElement | null = null;
  const pinNames = () => {
    const width = names?.ownerSVGElement?.getBoundingClientRect().width;
    if (!names || !width) return;
    names.setAttribute('transform', `translate(${(root.scrollLeft * WIDTH) / width} 0)`);
  };
  root.addEventListener('scroll', pinNames, { passive: true });
  return {
    render(lanes: string[], trace: readonly TraceEntry[], now: number): void {
      // Redraw at most ~4 times per virtual second of change (coarse key), and whenever the trace grows.
      const key = `${lanes.join()}|${trace.length}|${Math.floor(now / 250)}`;
      if (key === lastKey) return;
      lastKey = key;
      lines = [];
      // a little room past "now", where each lane's current state shows even
      // when it began this instant (a run that ends as a state is entered)
      const total = Math.max(now, 10_000) * (1 + OPEN_ROOM);
      const x = (t: number) => LABEL_W + (t / total) * (WIDTH - LABEL_W - 8);
      const height = AXIS_H + lanes.length * LANE_H + 4;
      const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, role: 'img', 'aria-label': 'Timeline of states in virtual time' });
      const step = tickStep(total / 1000);
      for (let sec = 0; sec * 1000 <= Math.max(now, 10_000); sec += step) {
        const tx = x(sec * 1000);
        // a label centred near the right edge would be cut off: end it at its tick instead
        const anchor = tx > WIDTH - 40 ? 'end' : 'middle';
        svg.append(
          s('line', { class: 'tl-grid', x1: tx, x2: tx, y1: AXIS_H - 4, y2: height }),
          s('text', { class: 'tl-axis', x: tx, y: AXIS_H - 6, 'text-anchor': anchor }, tickLabel(sec, step)),
        );
      }
      const labels = laneLabels(lanes);
      names = s('g', { class: 'tl-names' }, s('rect', { class: 'tl-names-bg', x: 0, y: AXIS_H - 2, width: LABEL_W - 4, height: height - AXIS_H + 2 }));
      lanes.forEach((lane, i) => {
        const y = AXIS_H + i * LANE_H;
        // a long name keeps its end, which tells containers apart; the whole name on hover
        const label = labels[i]!;
        // what happened on the lane, in time order (desiredStatus ticks among the states)
        const said: { t: number; what: string }[] = [];
        names!.append(s('text', { class: 'tl-lane', x: 4, y: y + LANE_H / 2 + 4 }, label, s('title', {}, lane)));
        const mine = trace.filter((e) => e.actor === lane);
        // the task lane also records desiredStatus changes: a tick, not a bar
        const changes = lane === 'task' ? mine.filter((e) => (TASK_STATUSES as readonly string[]).includes(e.to)) : mine;
        for (const d of lane === 'task' ? mine.filter((e) => !changes.includes(e)) : []) {
          const what = `${formatSeconds(d.t, true)}: ${d.to} — ${d.note}`;
          said.push({ t: d.t, what });
          svg.append(s('line', { class: 'tl-desired', x1: x(d.t), x2: x(d.t), y1: y, y2: y + LANE_H, 'stroke-width': 2 }, s('title', {}, what)));
        }
        // a note that changes neither the status nor the bar's name (the moment an app goes bad): a tick on the bar, as desiredStatus's
        const bars: { e: TraceEntry; name: string }[] = [];
        const moments: TraceEntry[] = [];
        for (const e of changes) {
          const name = spanName(e, bars.at(-1)?.name ?? null);
          if (e.from === e.to && name === bars.at(-1)?.name) moments.push(e);
          else bars.push({ e, name });
        }
        bars.forEach(({ e, name }, j) => {
          const open = j === bars.length - 1;
          const end = bars[j + 1]?.e.t ?? now;
          const x0 = x(e.t);
          const w = Math.max(x(end) - x0, 1.5);
          const bar = s('g', { class: 'tl-bar' }, s('rect', { class: 'tl-span', x: x0, y: y + 2, width: w, height: LANE_H - 4, rx: 3, 'stroke-width': 0.5 }));
          bar.style.setProperty('--hue', String(hue(name)));
          // the current state goes on past "now": drawn faded to the edge
          const ahead = open ? WIDTH - 8 - (x0 + w) : 0;
          if (ahead > 0) bar.append(s('rect', { class: 'tl-open', x: x0 + w, y: y + 2, width: ahead, height: LANE_H - 4 }));
          // the last state of a lane may be final (STOPPED, DELETED): "since", not "until now"
          const note = e.note ? ` — ${e.note}` : '';
          const span = open ? `${name} since ${formatSeconds(e.t, true)}${note}` : `${name} from ${formatSeconds(e.t, true)} for ${formatSeconds(end - e.t, true)}${note}`;
          said.push({ t: e.t, what: span });
          bar.append(s('title', {}, `${lane} ${span}`));
          if (w + ahead > name.length * 6 + 6) bar.append(s('text', { x: x0 + 4, y: y + LANE_H / 2 + 3.5 }, name));
          svg.append(bar);
        });
        // over the bars, or they would hide it
        for (const e of moments) {
          const what = `${formatSeconds(e.t, true)}: ${e.note}`;
          said.push({ t: e.t, what });
          svg.append(s('line', { class: 'tl-moment', x1: x(e.t), x2: x(e.t), y1: y, y2: y + LANE_H, 'stroke-width': 2 }, s('title', {}, `${lane} ${what}`)));
        }
        lines.push([lane, ...said.sort((a, b) => a.t - b.t).map((x) => x.what)]);
      });
      svg.append(names!);
      chart.replaceChildren(svg);
      pinNames();
      showText();
    },
  };
}
