// The lifecycle board: one column per lastStatus, one small card per task in
// the column of its current state. Built for a thousand tasks at "max"
// speed: a card is created once and kept in a Map; each frame looks only at
// the tasks not yet STOPPED and moves a card only when its status changed;
// the STOPPED column keeps the few hundred that stopped last in the page. Cards
// sit in task order in each column (a learner read "2 1 0 7" as a bug), the
// arrow keys moving along the numbers.
import { TASK_STATUSES, type TaskStatus } from '../../../machines/status.ts';
import type { ServiceSimulation } from '../../sim/service/service-simulation.ts';
import type { ServiceTask } from '../../sim/service/service-task.ts';
import type { Phase } from '../../sim/service/task-phase.ts';
import { byId, h } from '../dom.ts';
import type { DeploymentColours } from './deployment.colours.ts';

/** STOPPED cards kept in the page; older ones leave it (the count still says how many). */
export const STOPPED_SHOWN = 300;
/** Past this many cards the board shows coloured squares instead of labels. */
const DENSE_AFTER = 60;

interface Card {
  task: ServiceTask;
  el: HTMLButtonElement;
  status: TaskStatus;
  phase: Phase;
}

const ZONES = 'abc';

export function createBoardView(opts: { colours: DeploymentColours; onOpen: (index: number) => void }) {
  const root = byId('board');
  const lanes = new Map<TaskStatus, { lane: HTMLElement; cards: HTMLElement; count: HTMLElement; n: number; shown: number; grow: number }>();
  for (const st of TASK_STATUSES) {
    const count = h('span', { class: 'count' }, '0');
    const cards = h('div', { class: 'cards', role: 'group', 'aria-labelledby': `lane-${st}` });
    const lane = h('section', { class: 'lane', 'data-status': st }, h('h3', { id: `lane-${st}` }, `${st} `, count), cards);
    root.append(lane);
    lanes.set(st, { lane, cards, count, n: 0, shown: 0, grow: 1 });
  }
  const cards = new Map<number, Card>();
  let live: Card[] = [];
  let known = 0;
  let tabbable: HTMLButtonElement | null = null;
  let selected: HTMLButtonElement | null = null;
  let dense = false;

  const label = (c: Card) =>
    `Task ${c.task.index}, deployment ${opts.colours.numberOf(c.task.deploymentId)}, revision ${c.task.taskDefinition.revision}, zone ${ZONES[c.task.az]}${c.task.scenario.capacityProviderName === 'FARGATE_SPOT' ? ', on Fargate Spot' : ''}, ${c.status}${c.phase === 'unhealthy' ? ', unhealthy' : ''}`;

  function makeTabbable(el: HTMLButtonElement | null): void {
    if (tabbable === el) return;
    tabbable?.setAttribute('tabindex', '-1');
    tabbable = el;
    el?.setAttribute('tabindex', '0');
  }

  function place(c: Card, to: TaskStatus, from: TaskStatus | null): void {
    const focused = document.activeElement === c.el;
    if (from) {
      const lane = lanes.get(from)!;
      lane.n--;
      lane.shown--;
    }
    const lane = lanes.get(to)!;
    lane.n++;
    lane.shown++;
    // in task order: the first card numbered after it (the column is kept sorted, so a binary search)
    const kids = lane.cards.children;
    let lo = 0;
    let hi = kids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Number((kids[mid] as HTMLElement).dataset.i) < c.task.index) lo = mid + 1;
      else hi = mid;
    }
    lane.cards.insertBefore(c.el, kids[lo] ?? null);
    if (to === 'STOPPED') queueStopped(c);
    if (focused) c.el.focus({ preventScroll: true }); // moving an element in the DOM blurs it
    c.status = to;
  }

  /**
   * STOPPED cards in the order they stopped (the column shows them by number):
   * the oldest leave first. By the task's own stoppedAt, not by when the board
   * saw it: at max speed one frame sees many stop, a task made and stopped
   * within the frame first of all.
   */
  let stoppedOrder: { el: HTMLButtonElement; at: number; index: number }[] = [];
  let stoppedFrom = 0;
  function queueStopped(c: Card): void {
    const entry = { el: c.el, at: c.task.stoppedAt ?? Infinity, index: c.task.index };
    // nearly always at the end: walk back from there
    let k = stoppedOrder.length;
    while (k > stoppedFrom && (stoppedOrder[k - 1]!.at > entry.at || (stoppedOrder[k - 1]!.at === entry.at && stoppedOrder[k - 1]!.index > entry.index))) k--;
    stoppedOrder.splice(k, 0, entry);
  }
  /** The cards that stopped longest ago leave the page (and the Map): the column would otherwise grow without end. */
  function trimStopped(): void {
    const lane = lanes.get('STOPPED')!;
    while (lane.shown > STOPPED_SHOWN) {
      const el = stoppedOrder[stoppedFrom++]!.el;
      el.remove();
      lane.shown--;
      cards.delete(Number(el.dataset.i));
      if (el === tabbable) makeTabbable(root.querySelector<HTMLButtonElement>('.card'));
    }
    // the queue's head is spent: drop it now and then, not on every card
    if (stoppedFrom > 1000) (stoppedOrder = stoppedOrder.slice(stoppedFrom)), (stoppedFrom = 0);
  }

  root.addEventListener('click', (ev) => {
    const el = (ev.target as Element).closest<HTMLButtonElement>('.card');
    if (!el) return;
    makeTabbable(el);
    opts.onOpen(Number(el.dataset.i));
  });
  // One tab stop for the whole board. The arrows move to the nearest card
  // in their direction as the board is drawn (cards wrap in rows inside a
  // state's column, and the columns themselves wrap on a narrow screen);
  // Home and End go to the first and last card of the state's column.
  root.addEventListener('keydown', (ev) => {
    const el = (ev.target as Element).closest<HTMLButtonElement>('.card');
    if (!el) return;
    let next: HTMLButtonElement | undefined;
    if (ev.key === 'Home' || ev.key === 'End') {
      const column = [...el.parentElement!.children] as HTMLButtonElement[];
      next = ev.key === 'Home' ? column[0] : column.at(-1);
    } else {
      const dir = ({ ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] } as Record<string, [number, number]>)[ev.key];
      if (!dir) return;
      next = nearest(el, dir);
    }
    ev.preventDefault();
    if (!next) return;
    makeTabbable(next);
    next.focus();
  });
  // Leaving the board, its tab stop goes back to the first card now, not at
  // the next frame: a steady service at "max" asks for no more frames.
  root.addEventListener('focusout', (ev) => {
    if (!root.contains(ev.relatedTarget as Node | null)) makeTabbable(root.querySelector<HTMLButtonElement>('.card'));
  });

  /** The card closest to `from` in direction `dir`: along it first, then as little off to the side as may be. */
  function nearest(from: HTMLButtonElement, [dx, dy]: [number, number]): HTMLButtonElement | undefined {
    const centre = (r: DOMRect) => [r.left + r.width / 2, r.top + r.height / 2] as const;
    const [x0, y0] = centre(from.getBoundingClientRect());
    let best: HTMLButtonElement | undefined;
    let bestScore = Infinity;
    for (const card of root.querySelectorAll<HTMLButtonElement>('.card')) {
      if (card === from) continue;
      const [x, y] = centre(card.getBoundingClientRect());
      const along = (x - x0) * dx + (y - y0) * dy;
      if (along <= 1) continue;
      const aside = Math.abs((x - x0) * dy) + Math.abs((y - y0) * dx);
      const score = along + 2 * aside;
      if (score < bestScore) (bestScore = score), (best = card);
    }
    return best;
  }

  return {
    reset(): void {
      for (const lane of lanes.values()) {
        lane.cards.replaceChildren();
        lane.n = lane.shown = 0;
        lane.grow = 1;
        lane.lane.style.flexGrow = '';
        lane.count.textContent = '0';
      }
      cards.clear();
      stoppedOrder = [];
      stoppedFrom = 0;
      live = [];
      known = 0;
      tabbable = selected = null;
    },
    /** Keyboard focus back on a task's card (the task panel closed). */
    focus(index: number): void {
      cards.get(index)?.el.focus();
    },
    select(index: number | null): void {
      selected?.removeAttribute('aria-current');
      selected?.setAttribute('aria-expanded', 'false');
      selected = index === null ? null : (cards.get(index)?.el ?? null);
      selected?.setAttribute('aria-current', 'true');
      selected?.setAttribute('aria-expanded', 'true');
    },
    render(sim: ServiceSimulation): void {
      const tasks = sim.tasks;
      for (; known < tasks.length; known++) {
        const task = tasks[known]!;
        // no text node: the label comes from data-i through CSS (none when dense), the name from aria-label
        // a card opens (and closes) the task panel below: say so, as a disclosure button does
        const el = h('button', { type: 'button', class: 'card', tabindex: '-1', 'data-i': task.index, 'data-d': opts.colours.of(task.deploymentId), 'aria-controls': 'task-panel', 'aria-expanded': 'false' });
        // striped: the task runs on Fargate Spot (AWS may take it back)
        if (task.scenario.capacityProviderName === 'FARGATE_SPOT') el.dataset.spot = '';
        const c: Card = { task, el, status: task.lastStatus, phase: task.phase };
        cards.set(task.index, c);
        live.push(c);
        place(c, c.status, null);
        el.setAttribute('aria-label', label(c));
        if (!tabbable) makeTabbable(el);
      }
      let stopped = 0;
      for (const c of live) {
        const status = c.task.lastStatus;
        const phase = c.task.phase;
        if (status === c.status && phase === c.phase) continue;
        if (status !== c.status) place(c, status, c.status);
        if (phase !== c.phase) {
          c.phase = phase;
          if (phase === 'unhealthy') c.el.dataset.unhealthy = '';
          else delete c.el.dataset.unhealthy;
        }
        c.el.setAttribute('aria-label', label(c));
        if (status === 'STOPPED') stopped++;
      }
      if (stopped) {
        live = live.filter((c) => c.status !== 'STOPPED');
        trimStopped();
      }
      for (const [, lane] of lanes) {
        const text = String(lane.n);
        if (lane.count.textContent !== text) lane.count.textContent = text;
        // busy columns widen (in a few steps, so the board does not reflow every frame)
        const grow = 1 + Math.min(3, Math.ceil(lane.shown / 150));
        if (grow !== lane.grow) lane.lane.style.flexGrow = String((lane.grow = grow));
      }
      // Tabbing in lands on the first card of the board (not on a card that
      // has since moved to STOPPED), unless a person is moving about in it.
      if (!root.contains(document.activeElement)) makeTabbable(root.querySelector<HTMLButtonElement>('.card'));
      const nowDense = cards.size > DENSE_AFTER;
      if (nowDense !== dense) root.classList.toggle('dense', (dense = nowDense));
    },
  };
}
