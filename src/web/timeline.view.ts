// Time spent in each state, as bars on a virtual-time axis: one lane for the
// task and one per side step, built from the simulation's trace.
import { TASK_STATUSES } from '../../machines/status.ts';
import type { TraceEntry } from '../sim/types.ts';
import { s } from './dom.ts';

const LANE_H = 22;
const LABEL_W = 130;
const AXIS_H = 18;
const WIDTH = 1000;

/** A stable colour per state name, so the same state looks the same in every lane. */
function colour(state: string): string {
  let hash = 0;
  for (const ch of state) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return `hsl(${Math.abs(hash) % 360} 55% 82%)`;
}

function tickStep(totalSec: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800];
  return steps.find((st) => totalSec / st <= 10) ?? 3600;
}

export function createTimelineView(root: HTMLElement) {
  let lastKey = '';
  return {
    render(lanes: string[], trace: readonly TraceEntry[], now: number): void {
      // Redraw at most ~4 times per virtual second of change (coarse key), and whenever the trace grows.
      const key = `${lanes.join()}|${trace.length}|${Math.floor(now / 250)}`;
      if (key === lastKey) return;
      lastKey = key;
      const total = Math.max(now, 10_000);
      const x = (t: number) => LABEL_W + (t / total) * (WIDTH - LABEL_W - 8);
      const height = AXIS_H + lanes.length * LANE_H + 4;
      const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, role: 'img', 'aria-label': 'Timeline of states in virtual time' });
      const step = tickStep(total / 1000);
      for (let sec = 0; sec * 1000 <= total; sec += step) {
        svg.append(
          s('line', { x1: x(sec * 1000), x2: x(sec * 1000), y1: AXIS_H - 4, y2: height, stroke: '#e3e6eb' }),
          s('text', { class: 'tl-axis', x: x(sec * 1000), y: AXIS_H - 6, 'text-anchor': 'middle' }, `${sec}s`),
        );
      }
      lanes.forEach((lane, i) => {
        const y = AXIS_H + i * LANE_H;
        svg.append(s('text', { class: 'tl-lane', x: 4, y: y + LANE_H / 2 + 4 }, lane));
        const mine = trace.filter((e) => e.actor === lane);
        // the task lane also records desiredStatus changes: a tick, not a bar
        const changes = lane === 'task' ? mine.filter((e) => (TASK_STATUSES as readonly string[]).includes(e.to)) : mine;
        for (const d of lane === 'task' ? mine.filter((e) => !changes.includes(e)) : []) {
          svg.append(s('line', { x1: x(d.t), x2: x(d.t), y1: y, y2: y + LANE_H, stroke: '#b3261e', 'stroke-width': 2 }, s('title', {}, `${(d.t / 1000).toFixed(1)} s: ${d.to} — ${d.note}`)));
        }
        changes.forEach((e, j) => {
          const end = changes[j + 1]?.t ?? now;
          const x0 = x(e.t);
          const w = Math.max(x(end) - x0, 1.5);
          const bar = s('g', { class: 'tl-bar' }, s('rect', { x: x0, y: y + 2, width: w, height: LANE_H - 4, rx: 3, fill: colour(e.to), stroke: '#8a93a3', 'stroke-width': 0.5 }));
          bar.append(s('title', {}, `${lane} ${e.to} from ${(e.t / 1000).toFixed(1)} s for ${((end - e.t) / 1000).toFixed(1)} s — ${e.note}`));
          if (w > e.to.length * 6 + 6) bar.append(s('text', { x: x0 + 4, y: y + LANE_H / 2 + 3.5 }, e.to));
          svg.append(bar);
        });
      });
      root.replaceChildren(svg);
    },
  };
}
