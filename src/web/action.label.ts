// What the page calls a live action: its button's words, for Step back's
// list of what it took back and for the note that the run left its story.
import { printable } from '../sim/printable.ts';
import type { LiveAction } from '../sim/types.ts';

/** A reason typed for Stop task, said in a note: enough to recognise it. */
const REASON_SAID = 40;

export function actionLabel(a: LiveAction): string {
  if (a.action === 'StopTask') return stopTaskLabel(a.reason);
  if (a.action === 'ContainerExit') return `Exit container ${a.container} (code ${a.exitCode})`;
  if (a.action === 'HealthChecksFail') return `Fail health checks of ${a.container}`;
  return 'Spot interruption';
}

/** Stop task, with the reason typed for it (what tells two stops apart in a note), if one was. */
export const stopTaskLabel = (reason: string | null | undefined) => (reason ? `Stop task (reason “${said(reason)}”)` : 'Stop task');

const said = (reason: string) => {
  const chars = [...printable(reason)];
  return chars.length <= REASON_SAID ? chars.join('') : `${chars.slice(0, REASON_SAID - 1).join('')}…`;
};
