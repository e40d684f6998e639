// A task with a load balancer or a registry is a service's task (RunTask takes
// neither: see taskOrigin), and a service replaces a task whose health checks
// fail (facts §6). Since 2023 it starts the replacement first and stops the
// unhealthy task once the replacement is healthy. The one-task world shows
// this task only: its replacement is not simulated, and is taken to need what
// this task needed, its time to RUNNING and then its checks (our model).
import type { AnyActorRef } from 'xstate';
import type { TargetState } from '../../machines/status.ts';
import { containerActorId } from '../../machines/task.rules.ts';
import type { TaskContext, TaskInput } from '../../machines/task.types.ts';
import type { VirtualClock } from './clock.ts';
import type { Recorder } from './recorder.ts';
import { unhealthyReason, UNCHECKED_HEALTHY_AFTER_MS } from './service/task-phase.ts';

type Snap = { value: unknown; context: TaskContext };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How long the replacement takes to count as healthy: this task's time to RUNNING, then the slowest of its checks. */
function replacementHealthyMs(input: TaskInput, runningSince: number): number {
  const checks = [
    ...input.targets.map((t) => t.healthyAfterMs),
    ...input.containers.filter((c, i) => input.shape.containers[i]!.essential && c.healthCheckMs !== null).map((c) => c.healthCheckMs!),
  ];
  return runningSince + (checks.length ? Math.max(...checks) : UNCHECKED_HEALTHY_AFTER_MS);
}

/**
 * Watches a service's task for its scheduler, from the trace as it is
 * written (an actor's own snapshot is not yet current while its change is
 * being watched): once the task is RUNNING with a target unhealthy or an
 * essential container's health checks failed (the service's rule, phaseOf,
 * with no grace period), says what the scheduler does, and stops the task
 * when the replacement would be healthy (ServiceSchedulerInitiated, in the
 * scheduler's words), unless it is being stopped by then.
 */
export function watchHealthForScheduler(actor: AnyActorRef, input: TaskInput, targetGroupArns: string[], recorder: Recorder, clock: VirtualClock): void {
  const checked = new Set(input.shape.containers.filter((c) => c.essential && c.hasHealthCheck).map((c) => containerActorId(c.name)));
  const targets: TargetState[] = input.targets.map(() => 'notRegistered');
  let containerFailed = false;
  let runningSince: number | null = null;
  let stopping = false;
  recorder.subscribe(() => {
    if (stopping) return;
    const e = recorder.trace.at(-1)!;
    if (e.actor === 'task') {
      if (e.to === 'RUNNING') runningSince = e.t;
      else if (e.to.startsWith('desired ')) stopping = true;
    } else if (e.actor.startsWith('target-')) targets[Number(e.actor.slice('target-'.length))] = e.to as TargetState;
    else if (checked.has(e.actor) && e.from === e.to && e.note.startsWith('health checks failed: UNHEALTHY')) containerFailed = true;
    if (stopping || runningSince === null || !(containerFailed || targets.includes('unhealthy'))) return;
    stopping = true;
    const reason = unhealthyReason(targets, targetGroupArns);
    const after = replacementHealthyMs(input, runningSince);
    recorder.note({
      actor: 'world',
      from: null,
      to: 'scheduler',
      note: `the task's service finds it unhealthy: it starts a replacement (not shown here) and stops this task once the replacement is healthy, in about ${seconds(after)} [our model: the replacement is taken to need what this task needed, its ${seconds(runningSince)} to RUNNING and then its checks]`,
    });
    clock.setTimeout(() => {
      if ((actor.getSnapshot() as Snap).context.desiredStatus === 'RUNNING') actor.send({ type: 'task.stopRequested', stopCode: 'ServiceSchedulerInitiated', reason });
    }, after);
  });
}
