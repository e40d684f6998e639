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
export function idleHint(view: TaskView, waiting: readonly string[] = []): string {
  if (view.lastStatus === 'DEPROVISIONING')
    return 'ECS cannot detach or delete the ENI (ReleaseEni, never restored): the task stays in DEPROVISIONING for good, as tasks do whose IAM role was deleted';
  if (view.desiredStatus === 'STOPPED') return 'the task waits for something that never comes';
  // a container held by its dependsOn: which, and what it waits for (the agent waits for ever too)
  if (waiting.length) return `the task stays ${view.lastStatus}: ${waiting.join('; ')} (Stop task, or Exit container to end one)`;
  // a healthy app can still be made to stop answering
  const answering = view.targets.some((t) => t.state === 'healthy') || view.containers.some((c) => c.healthStatus === 'HEALTHY');
  return `the task stays ${view.lastStatus} until you act (Stop task, Exit container${answering ? ', Fail health checks' : ''})`;
}

/** How long (real seconds) the next change may be away before the status line says how to get there sooner. */
export const LONG_WAIT_S = 15;

/**
 * When the next scheduled change is more than LONG_WAIT_S of real time away
 * at this speed (a task RUNNING until its StopTask at 10 min, at 1×), say
 * when it comes and how to get there: a newcomer otherwise waits minutes
 * without knowing why. Said in virtual time, which does not tick, so the
 * line changes once, not every frame. '' when nothing needs saying.
 */
export function waitHint(now: number, next: number | null, speed: number | 'max', playing: boolean): string {
  if (!playing || next === null || speed === 'max' || (next - now) / speed <= LONG_WAIT_S * 1000) return '';
  return `next change at t = ${formatSeconds(next)} (raise Speed, or Step)`;
}

/**
 * What the status line says: lastStatus and desiredStatus, DescribeTasks'
 * healthStatus once a health check has said something (an UNHEALTHY task is
 * still RUNNING, and the events never say it), the stop code, and why nothing
 * happens next. `health` is that healthStatus, or '' when not said.
 */
export function statusLine(view: TaskView | null, idle = false, wait = '', waiting: readonly string[] = []): { text: string; health: string } {
  if (!view) return { text: 'Not running yet: lastStatus — · desiredStatus —', health: '' };
  const health = view.healthStatus !== 'UNKNOWN' && view.lastStatus !== 'STOPPED' ? view.healthStatus : '';
  const text =
    `lastStatus: ${view.lastStatus} · desiredStatus: ${view.desiredStatus}${health ? ` · healthStatus: ${health}` : ''}${view.stopCode ? ` · stopCode: ${view.stopCode}` : ''}` +
    (idle ? ` · nothing scheduled: ${idleHint(view, waiting)}` : wait ? ` · ${wait}` : '');
  return { text, health };
}

/** The gist a phone's dock keeps in view: lastStatus, desiredStatus, healthStatus once said (an UNHEALTHY task is still RUNNING), the stop code once there is one. */
export function dockStatus(view: TaskView | null): string {
  if (!view) return '';
  const health = view.healthStatus !== 'UNKNOWN' && view.lastStatus !== 'STOPPED' ? ` · ${view.healthStatus}` : '';
  return `lastStatus ${view.lastStatus} · desiredStatus ${view.desiredStatus}${health}${view.stopCode ? ` · ${view.stopCode}` : ''}`;
}

export function createStatusView() {
  const status = byId('status');
  const dock = byId('dock-status');
  const clock = byId('clock');
  let lastText = '';
  return {
    /** `idle`: the run is not over but nothing is scheduled */
    /** `wait`: waitHint's advice, or '' */
    /** `waiting`: the containers held by their dependsOn, in a few words (stillWaiting) */
    /** `paused`: the clock shows tenths past two minutes too, so a press then reads the moment it is stamped with */
    render(view: TaskView | null, idle = false, wait = '', waiting: readonly string[] = [], paused = false): void {
      const { text, health } = statusLine(view, idle, wait, waiting);
      if (text !== lastText) {
        status.textContent = text;
        status.dataset.last = view?.lastStatus ?? '';
        status.dataset.health = health;
        if (view?.stoppedReason) status.title = view.stoppedReason;
        dock.textContent = dockStatus(view);
        lastText = text;
      }
      const c = `t = ${formatSeconds(view?.t ?? 0, paused)}`;
      // the clock is shared with the service view, which writes it there: the task's
      // render still runs in that view (a Speed change wakes both drivers)
      if (document.body.dataset.mode !== 'service' && clock.textContent !== c) clock.textContent = c;
    },
  };
}
