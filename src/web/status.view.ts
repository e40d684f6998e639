// The role="status" line: lastStatus and desiredStatus (and the stop code
// once there is one), written only when it changes so screen readers are not
// flooded at "max" speed.
import type { TaskView } from '../sim/types.ts';
import { byId } from './dom.ts';
import { formatSeconds } from './time.ts';

/**
 * Why a task that is not STOPPED has nothing scheduled: without it a task
 * held for good (or simply RUNNING) looks like a frozen page.
 */
export function idleHint(view: TaskView): string {
  if (view.lastStatus === 'DEPROVISIONING')
    return 'ECS cannot detach or delete the ENI (ReleaseEni, never restored): the task stays in DEPROVISIONING for good, as tasks do whose IAM role was deleted';
  if (view.desiredStatus === 'STOPPED') return 'the task waits for something that never comes';
  return `the task stays ${view.lastStatus} until you act (Stop task, Exit container)`;
}

export function createStatusView() {
  const status = byId('status');
  const clock = byId('clock');
  let lastText = '';
  return {
    /** `idle`: the run is not over but nothing is scheduled */
    render(view: TaskView | null, idle = false): void {
      const text = view
        ? `lastStatus: ${view.lastStatus} · desiredStatus: ${view.desiredStatus}${view.stopCode ? ` · stopCode: ${view.stopCode}` : ''}${idle ? ` · nothing scheduled: ${idleHint(view)}` : ''}`
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
