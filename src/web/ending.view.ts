// Why a task stopped, in words: its stopCode's meaning and its stoppedReason,
// marked where the reason's words are ours. The task view says it at STOPPED,
// and the service view in an opened task's facts.
import { reasonWording, STOP_CODE_MEANING } from '../../machines/stop.teaching.ts';
import type { StopCode } from '../../machines/status.ts';
import { h } from './dom.ts';
import { inferredBadge } from './inferred.badge.ts';
import type { Fault } from '../sim/scenario/types.ts';

/**
 * A fault in a few words whatever its settings (the boxes' labels name
 * their own: a crash "10 s after it starts"), with its step as the JSON gives it.
 */
const FAULT_NAMES: Record<Fault['step'], string> = {
  PlaceTask: 'No instance has room',
  RetrieveSecrets: 'A secret is not there',
  PullImage: 'Image pull fails',
  AttachEni: 'ENI attach times out',
  ReleaseEni: 'ENI held (IAM role deleted)',
  RegisterTargets: 'Target registration fails',
  RegisterInstance: 'Cloud Map registration fails',
  RunContainer: 'Container crashes',
  StopContainer: 'Container’s own answer to SIGTERM',
  HealthCheck: 'Health checks fail',
};
export const faultName = (step: string) => (step in FAULT_NAMES ? `${FAULT_NAMES[step as Fault['step']]} (${step})` : step);

/** A note of idle-faults.ts with the fault named in words: `faults[0] (PullImage) did nothing: …` → `Image pull fails (PullImage): …`. */
export const idleFaultSaid = (note: string) => note.replace(/^faults\[\d+\] \((\w+)\) did nothing: /, (_, step: string) => `${faultName(step)}: `);

export interface Ending {
  stopCode: StopCode;
  stoppedReason: string | null;
  /** the scenario's faults that did nothing in this run, each with why (idle-faults.ts, as `run` notes them) */
  idleFaults?: readonly string[];
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
    // a ticked fault that never fired looks, on screen, like one the task survived
    ...(ending.idleFaults?.length
      ? [h('dt', {}, 'Faults that did nothing'), h('dd', { class: 'idle-faults' }, h('ul', {}, ...ending.idleFaults.map((n) => h('li', {}, idleFaultSaid(n)))))]
      : []),
  );
}
