// What ECS is doing and why, for the active state (or the one a person
// clicked), with the source and an "inferred" badge where AWS is silent
// ("partly inferred" where it documents the state, part of it our model);
// plus the latest things that happened, in sentences from the trace.
import { entrySentence } from '../sim/notes.ts';
import { endingView, type Ending } from './ending.view.ts';
import type { TraceEntry } from '../sim/types.ts';
import type { ChartModel } from './chart/chart.model.ts';
import { byId, h, replaceKeepingFocus } from './dom.ts';
import { formatSeconds, withClockReadings } from './time.ts';
import { inferredBadge } from './inferred.badge.ts';
import { actionLabel } from './action.label.ts';
import type { Action } from '../sim/scenario/types.ts';

const RECENT = 6;

type StateModel = ChartModel['states'][number];

/** One state explained: its name and mark, what ECS does there, why it matters, the source. */
/** `here`: what the state means for this task (state.here.ts), said after what it means for any. */
export function stateExplanation(st: StateModel, extra: { pinned?: boolean; ending?: Ending | null; here?: string | null } = {}): HTMLElement {
  return h('div', { class: 'teach' },
    h('h3', {}, `${st.key} `, st.inferred ? inferredBadge(st.partly) : ''),
    extra.pinned ? h('p', { class: 'small pinned' }, 'Pinned: you chose this state. Choose it again in the statechart (click it, or Enter on it) to follow the task.') : '',
    h('p', {}, st.description),
    extra.here ? h('p', { class: 'here' }, h('strong', {}, 'For this task: '), extra.here) : '',
    st.why ? h('p', { class: 'why' }, h('strong', {}, 'Why it matters: '), st.why) : '',
    st.key === 'STOPPED' && extra.ending ? endingView(extra.ending) : '',
    st.source ? h('p', { class: 'small' }, 'Source: ', h('a', { href: st.source, target: '_blank', rel: 'noopener noreferrer' }, new URL(st.source).hostname + new URL(st.source).pathname)) : '',
  );
}

export function createTeachingView(model: ChartModel) {
  const root = byId('teaching');
  const narrative = byId('narrative');
  const departed = byId('narrative-departed');
  let lastKey = '';
  return {
    narrate(text: string | null): void {
      narrative.textContent = text ? withClockReadings(text) : '';
    },
    /**
     * The actions a person took in this run (Stop task, Exit container, Fail
     * health checks, Spot interruption): once there is one, a preset's story no longer tells this
     * run (a StopTask at 20 s, and the story still drains at 600 s).
     */
    departed(actions: readonly Action[]): void {
      const live = actions.filter((a) => a.action !== 'UpdateService');
      const text =
        live.length && narrative.textContent
          ? `This run has left that story: you pressed ${live.map((a) => `${actionLabel(a)} at ${formatSeconds(a.at * 1000)}`).join(', then ')}. What the task does now is below and in the chart; Reset to see the story's own run.`
          : '';
      if (departed.textContent !== text) departed.textContent = text;
    },
    /**
     * `pinned`: a person clicked this state, which is not the task's (say how to follow the task again);
     * `ending`: the stopped task's stopCode and stoppedReason, said at STOPPED (given once the task is STOPPED);
     * `here`: what the state means for this task
     */
    render(stateKey: string, trace: readonly TraceEntry[], pinned = false, ending: Ending | null = null, here: string | null = null): void {
      const key = `${stateKey}|${trace.length}|${pinned}|${ending?.stopCode}|${here}`;
      if (key === lastKey) return;
      lastKey = key;
      const st = model.states.find((x) => x.key === stateKey);
      if (!st) return;
      const recent = trace.slice(-RECENT).reverse();
      replaceKeepingFocus(root,
        stateExplanation(st, { pinned, ending, here }),
        recent.length ? h('h3', {}, 'What just happened') : '',
        recent.length
          ? h('ul', { class: 'small recent' }, ...recent.map((e) => h('li', {}, `${formatSeconds(e.t, true)} · ${entrySentence(e)}`)))
          : '',
      );
    },
  };
}
