// Draws one machine as SVG from its structure (chart.model) and the
// build-time layout, once; later updates only toggle classes, so a frame at
// "max" speed costs a few attribute writes.
import { s, scrollBehavior } from '../dom.ts';
import type { ChartModel } from './chart.model.ts';
import type { MachineLayout } from './chart.layout.types.ts';

export interface ChartHighlight {
  active: string | null;
  visited: ReadonlySet<string>;
  /** states this configuration never visits; null = all may be visited */
  reachable: ReadonlySet<string> | null;
  initial: string | null;
  selected?: string | null;
}

export interface ChartView {
  readonly svg: SVGSVGElement;
  update(h: ChartHighlight): void;
  /** animate the edge `from->to` (a transition just taken) */
  pulse(from: string, to: string): void;
}

let markerSeq = 0;

/** State names in style.css: 13 px (11 px in small charts) at full size. */
const LABEL_PX = { full: 13, mini: 11 };
/**
 * A chart shrinks with its panel only down to where state names are this
 * tall; then the panel scrolls sideways. A side step's small chart may shrink
 * further: a state hidden behind a scroll bar (the ENI's DELETED at 1280 px)
 * is worse than smaller names.
 */
const MIN_LABEL_PX = { full: 10, mini: 8.5 };

function pathOf(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** `controls`: the id of what a picked state's explanation is written into (aria-controls). */
/** `badges`: write "inferred" above a box (default: not in a small chart, whose layout has no room there). */
export function createChartView(model: ChartModel, layout: MachineLayout, opts: { label: string; mini?: boolean; badges?: boolean; onSelect?: (key: string) => void; controls?: string }): ChartView {
  const markerId = `arrow-${++markerSeq}`;
  const svg = s('svg', {
    viewBox: `0 0 ${layout.width.toFixed(0)} ${layout.height.toFixed(0)}`,
    width: layout.width.toFixed(0),
    role: 'group',
    'aria-label': opts.onSelect ? `${opts.label} (arrow keys move between its states, Enter explains one)` : opts.label,
    class: opts.mini ? 'mini' : null,
  });
  const kind = opts.mini ? 'mini' : 'full';
  svg.style.minWidth = `${Math.round((layout.width * MIN_LABEL_PX[kind]) / LABEL_PX[kind])}px`;
  // A fixed arrowhead size: scaled by the stroke, a taken (thick) edge's head swallowed small charts.
  const head = opts.mini ? 7 : 10;
  const marker = { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: head, markerHeight: head, orient: 'auto-start-reverse' };
  svg.append(s('defs', {}, s('marker', marker, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))));
  const edges = new Map<string, SVGPathElement>();
  for (const e of model.edges) {
    const pts = layout.edges[e.key];
    if (!pts) continue;
    const partly = e.partlyOurs.length > 0;
    const path = s('path', { d: pathOf(pts), class: `edge${e.inferred ? ' inferred' : partly ? ' partly' : ''}`, 'marker-end': `url(#${markerId})` });
    const mark = e.inferred ? ' [inferred]' : partly ? ` [partly inferred: ${e.partlyOurs.join(', ')} is our model]` : '';
    path.append(s('title', {}, `${e.source} → ${e.target}: ${e.label}${e.description ? ` (${e.description})` : ''}${mark}`));
    svg.append(path);
    edges.set(e.key, path);
  }
  const states = new Map<string, SVGGElement>();
  // a state's button names its badge too ("partly inferred"): what is read is what is seen
  const marks = new Map(model.states.map((st) => [st.key, st.inferred ? (st.partly ? ' (partly inferred)' : ' (inferred)') : '']));
  const stateLabel = (key: string, seen: string) => `${key}${marks.get(key) ?? ''}${seen}: explain this state`;
  for (const st of model.states) {
    const b = layout.states[st.key];
    if (!b) continue;
    const g = s('g', { class: `st${st.inferred ? ' inferred' : ''}${st.partly ? ' partly' : ''}`, 'data-state': st.key });
    g.append(
      s('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: opts.mini ? 5 : 8 }),
      s('text', { x: b.x + b.width / 2, y: b.y + b.height / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, st.key),
      s('title', {}, `${st.key}${st.inferred ? (st.partly ? ' (partly inferred)' : ' (inferred)') : ''}: ${st.description}`),
    );
    // A side step's small chart has no room above a box: its dotted border (and tooltip) says it.
    if (st.inferred && (opts.badges ?? !opts.mini)) g.append(s('text', { class: 'badge', x: b.x + b.width - 3, y: b.y - 3, 'text-anchor': 'end' }, st.partly ? 'partly inferred' : 'inferred'));
    if (opts.onSelect) {
      const select = opts.onSelect;
      g.setAttribute('tabindex', '-1');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', stateLabel(st.key, ''));
      // pressed while its explanation is pinned; pressing it again follows the task
      g.setAttribute('aria-pressed', 'false');
      if (opts.controls) g.setAttribute('aria-controls', opts.controls);
      g.addEventListener('click', () => select(st.key));
      g.addEventListener('focus', () => rove(st.key));
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          select(st.key);
        }
        const to = arrowTarget(st.key, ev.key);
        if (to) {
          ev.preventDefault();
          // the whole state in view: Chromium leaves one whose edge shows where it is (a 10 px sliver of the ring)
          const next = states.get(to);
          next?.focus({ preventScroll: true });
          next?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        }
      });
    }
    svg.append(g);
    states.set(st.key, g);
  }
  // One Tab stop per chart (five charts of up to twelve states were 52 stops
  // on the way down the page); the arrow keys move between its states, in
  // reading order: left to right, then top to bottom.
  const order = [...states.keys()].sort((a, b) => layout.states[a]!.x - layout.states[b]!.x || layout.states[a]!.y - layout.states[b]!.y);
  let roving = order[0] ?? null;
  function rove(key: string): void {
    if (!opts.onSelect) return;
    roving = key;
    for (const [k, g] of states) g.setAttribute('tabindex', k === key ? '0' : '-1');
  }
  function arrowTarget(from: string, key: string): string | undefined {
    const i = order.indexOf(from);
    if (key === 'ArrowRight' || key === 'ArrowDown') return order[Math.min(i + 1, order.length - 1)];
    if (key === 'ArrowLeft' || key === 'ArrowUp') return order[Math.max(i - 1, 0)];
    if (key === 'Home') return order[0];
    if (key === 'End') return order.at(-1);
    return undefined;
  }
  if (roving) rove(roving);
  const initialDot = s('circle', { r: 5, class: 'arrow' });
  svg.append(initialDot);

  let last = '';
  let shownActive: string | null = null;
  /**
   * On a narrow screen the chart keeps a readable size and scrolls sideways
   * in its panel: follow the task there, so its current state is never off
   * to the side (only when the state changes, so a reader can scroll freely).
   */
  function keepInView(key: string): void {
    if (key === shownActive) return;
    shownActive = key;
    const box = svg.parentElement;
    const b = layout.states[key];
    if (!box || !b || box.scrollWidth <= box.clientWidth) return;
    const scale = svg.getBoundingClientRect().width / layout.width;
    const left = b.x * scale;
    const right = (b.x + b.width) * scale;
    if (left < box.scrollLeft || right > box.scrollLeft + box.clientWidth) box.scrollTo({ left: Math.max(0, (left + right) / 2 - box.clientWidth / 2), behavior: scrollBehavior() });
  }

  return {
    svg,
    update(hl) {
      const sig = JSON.stringify([hl.active, [...hl.visited], hl.reachable && [...hl.reachable], hl.initial, hl.selected]);
      if (sig === last) return; // render only what changed
      last = sig;
      // no run (a reset): an arrow still flashing would show a move of the run that is gone
      if (!hl.active) for (const path of edges.values()) path.classList.remove('taken');
      for (const [key, g] of states) {
        g.classList.toggle('active', key === hl.active);
        g.classList.toggle('visited', key !== hl.active && hl.visited.has(key));
        g.classList.toggle('dimmed', hl.reachable !== null && !hl.reachable.has(key));
        g.classList.toggle('selected', key === hl.selected);
        if (opts.onSelect) {
          g.setAttribute('aria-pressed', String(key === hl.selected));
          // what the fill shows, in words (the active one is aria-current)
          const seen = key === hl.active ? '' : hl.visited.has(key) ? ', visited' : hl.reachable !== null && !hl.reachable.has(key) ? ', not visited by this configuration' : '';
          g.setAttribute('aria-label', stateLabel(key, seen));
        }
        g.setAttribute('aria-current', key === hl.active ? 'true' : 'false');
      }
      for (const e of model.edges) {
        const unreachable = hl.reachable !== null && (!hl.reachable.has(e.source) || !hl.reachable.has(e.target));
        edges.get(e.key)?.classList.toggle('dimmed', unreachable);
      }
      if (hl.active) keepInView(hl.active);
      // Tab lands on the state being explained, else the current one (unless the reader is moving through the chart)
      const lead = hl.selected ?? hl.active;
      if (lead && states.has(lead) && !svg.contains(document.activeElement)) rove(lead);
      const b = hl.initial ? layout.states[hl.initial] : undefined;
      initialDot.style.display = b ? '' : 'none';
      if (b) {
        initialDot.setAttribute('cx', String(b.x - 6 < 5 ? b.x + 8 : b.x - 6));
        initialDot.setAttribute('cy', String(b.y + (opts.mini ? 5 : 8)));
      }
    },
    pulse(from, to) {
      const path = edges.get(`${from}->${to}`);
      if (!path) return;
      path.classList.remove('taken');
      void path.getBoundingClientRect(); // restart the CSS animation
      path.classList.add('taken');
      window.setTimeout(() => path.classList.remove('taken'), 1800);
    },
  };
}
