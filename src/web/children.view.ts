// The invoked side steps (ENI attachment, each target, the Cloud Map
// instance, each container), each drawn as its own small statechart with its
// current status, from the same build-time layout as the task chart.
import layouts from 'virtual:statechart-layout';
import { capacityMachine } from '../../machines/capacity.machine.ts';
import { eniMachine } from '../../machines/eni.machine.ts';
import { targetMachine } from '../../machines/target.machine.ts';
import { registryMachine } from '../../machines/registry.machine.ts';
import { containerMachine } from '../../machines/container.machine.ts';
import { containerActorId } from '../../machines/task.rules.ts';
import type { TaskView } from '../sim/types.ts';
import { chartModel, type ChartModel } from './chart/chart.model.ts';
import { createChartView, type ChartView } from './chart/chart.view.ts';
import { h } from './dom.ts';
import type { ChildActor } from './shape.ts';
import { inferredBadge } from './inferred.badge.ts';

const MODELS: Record<ChildActor['kind'], ChartModel> = {
  capacity: chartModel(capacityMachine),
  eni: chartModel(eniMachine),
  target: chartModel(targetMachine),
  registry: chartModel(registryMachine),
  container: chartModel(containerMachine),
};

/** The child's current state as the simulation reports it. */
export function childState(view: TaskView, child: ChildActor): string | null {
  if (child.kind === 'capacity') return view.capacity;
  if (child.kind === 'eni') return view.eni?.status ?? null;
  if (child.kind === 'registry') return view.registry?.state ?? null;
  if (child.kind === 'target') return view.targets[Number(child.id.slice('target-'.length))]?.state ?? null;
  const c = view.containers.find((x) => containerActorId(x.name) === child.id);
  return c?.state ?? null;
}

/** The line under a side step's card: its status as ECS reports it, and what tells it apart (exit code, signals, health, reason). */
export function cardDetail(view: TaskView, child: ChildActor): string {
  if (child.kind === 'eni' && view.eni)
    return view.eni.attached ? `${view.eni.privateIPv4Address} · ${view.eni.networkInterfaceId}` : `${view.eni.subnetId} · not attached`;
  if (child.kind !== 'container') return '';
  const c = view.containers.find((x) => containerActorId(x.name) === child.id);
  if (!c) return '';
  const bits = [`lastStatus ${c.lastStatus}`];
  if (c.exitCode !== null) bits.push(`exitCode ${c.exitCode}`);
  if (c.signals.length) bits.push(c.signals.join(' → '));
  if (c.healthStatus !== 'UNKNOWN') bits.push(c.healthStatus);
  // why it stopped without running (a failed pull, a dependsOn that can never hold): what DescribeTasks calls its reason
  if (c.reason) bits.push(`reason: ${c.reason}`);
  return bits.join(' · ');
}

interface Card {
  child: ChildActor;
  chart: ChartView;
  status: HTMLElement;
  info: HTMLElement;
  /** the explanation of the status picked in its chart (click, or Tab and Enter), as the task's states have */
  explain: HTMLElement;
  selected: string | null;
  visited: Set<string>;
}

/** A side step's status in words: what it means, whether AWS documents it or it is our model, and the source. */
function explanation(model: ChartModel, key: string): (string | HTMLElement)[] {
  const st = model.states.find((x) => x.key === key);
  if (!st) return [];
  // the same badge as the task's states: what AWS documents and what is our model must be told apart here too
  const mark = st.inferred ? [' ', inferredBadge(st.partly)] : [];
  const source = st.source ? [' Source: ', h('a', { href: st.source, target: '_blank', rel: 'noopener noreferrer' }, st.source.replace(/^https:\/\//, ''))] : [];
  return [h('b', {}, st.key), ...mark, ': ', st.description, ...source];
}

/** `repaint`: asks for the next frame, so a status picked while paused is outlined at once. */
export function createChildrenView(root: HTMLElement, repaint: () => void) {
  let cards: Card[] = [];
  return {
    /** a new configuration: one card per child actor */
    configure(children: ChildActor[]): void {
      cards = children.map((child) => {
        const model = MODELS[child.kind];
        const card: Card = { child, chart: null as never, status: h('b', {}, '—'), info: h('span', { class: 'small info' }), explain: h('p', { class: 'small explain', 'aria-live': 'polite' }), selected: null, visited: new Set<string>() };
        card.chart = createChartView(model, layouts[child.kind], {
          label: `${child.title} (${child.id}) statechart`,
          mini: true,
          // a second pick of the same status closes its explanation
          onSelect: (key) => {
            card.selected = card.selected === key ? null : key;
            card.explain.replaceChildren(...(card.selected ? explanation(model, card.selected) : []));
            repaint();
          },
        });
        return card;
      });
      root.replaceChildren(
        ...cards.map((c) =>
          h('article', { class: 'child', 'aria-label': c.child.title }, h('header', {}, h('span', {}, `${c.child.title} `, h('code', {}, c.child.id)), c.status), c.info, c.chart.svg, c.explain),
        ),
      );
    },
    /** a change seen in the trace: remember it and animate the edge */
    transition(actor: string, from: string | null, to: string): void {
      const card = cards.find((c) => c.child.id === actor);
      if (!card) return;
      card.visited.add(to);
      if (from) card.chart.pulse(from, to);
    },
    render(view: TaskView | null): void {
      for (const c of cards) {
        const model = MODELS[c.child.kind];
        const state = view ? childState(view, c.child) : null;
        c.status.textContent = state ?? 'not started';
        const info = view ? cardDetail(view, c.child) : '';
        if (c.info.textContent !== info) c.info.textContent = info;
        c.chart.update({ active: state, visited: c.visited, reachable: null, initial: model.initial, selected: c.selected });
      }
    },
    reset(): void {
      for (const c of cards) c.visited.clear();
    },
  };
}
