// Why a task stopped, in words: its stopCode's meaning and its stoppedReason,
// marked where the reason's words are ours. The task view says it at STOPPED,
// and the service view in an opened task's facts.
import { reasonWording, STOP_CODE_MEANING } from '../../machines/stop.teaching.ts';
import type { StopCode } from '../../machines/status.ts';
import { h } from './dom.ts';
import { inferredBadge } from './inferred.badge.ts';

export interface Ending {
  stopCode: StopCode;
  stoppedReason: string | null;
}

/** The stopCode and what it means (a `dd`'s children). */
export const stopCodeWords = (stopCode: StopCode) => [h('code', {}, stopCode), `: ${STOP_CODE_MEANING[stopCode]}`];

/** The stoppedReason, with the note where its words are ours (a `dd`'s children). */
export function reasonWords({ stopCode, stoppedReason }: Ending): (string | HTMLElement)[] {
  const ours = reasonWording(stopCode, stoppedReason);
  return [stoppedReason ?? '—', ...(ours ? [h('span', { class: 'small ours' }, ' ', inferredBadge(true), ` ${ours}`)] : [])];
}

export function endingView(ending: Ending): HTMLElement {
  return h('dl', { class: 'ending' },
    h('dt', {}, 'stopCode'), h('dd', {}, ...stopCodeWords(ending.stopCode)),
    h('dt', {}, 'stoppedReason'), h('dd', {}, ...reasonWords(ending)),
  );
}
