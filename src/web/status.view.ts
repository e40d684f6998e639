// The role="status" line: lastStatus and desiredStatus (and the stop code
// once there is one), written only when it changes so screen readers are not
// flooded at "max" speed.
import type { TaskView } from '../sim/types.ts';
import { byId, formatSeconds } from './dom.ts';

export function createStatusView() {
  const status = byId('status');
  const clock = byId('clock');
  let lastText = '';
  return {
    render(view: TaskView | null): void {
      const text = view
        ? `lastStatus: ${view.lastStatus} · desiredStatus: ${view.desiredStatus}${view.stopCode ? ` · stopCode: ${view.stopCode}` : ''}`
        : 'Not running yet: lastStatus — · desiredStatus —';
      if (text !== lastText) {
        status.textContent = text;
        status.dataset.last = view?.lastStatus ?? '';
        if (view?.stoppedReason) status.title = view.stoppedReason;
        lastText = text;
      }
      const c = `t = ${formatSeconds(view?.t ?? 0)}`;
      // the clock is shared with the service view: compare with what it shows
      if (clock.textContent !== c) clock.textContent = c;
    },
  };
}
