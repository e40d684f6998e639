// What makes a new `ECS Task State Change` event, and when execution stopped:
// shared by every projection (single task, service tasks, lifecycle paths)
// so they agree on "one event per observable change".
import type { EniStatus, TaskStatus } from '../../../machines/status.ts';
import type { TaskContext } from '../../../machines/task.types.ts';
import { createCountedRandom, mixSeed, type Random } from '../random.ts';
import { contentSalt, scenarioSalt } from '../ids.ts';
import type { Scenario } from '../scenario/types.ts';

/** The task's observable state: status, desiredStatus, each container's status and exit code. */
export function observableKey(status: TaskStatus, c: Pick<TaskContext, 'desiredStatus' | 'containers'>): string {
  let key = `${status}|${c.desiredStatus}`;
  for (const name in c.containers) key += `|${c.containers[name]!.lastStatus}:${c.containers[name]!.exitCode}`;
  return key;
}

/**
 * executionStoppedAt: the first essential container the agent tried to run has
 * stopped: it ran and ended, or its own pull or start failed (it stops with that
 * reason; the aws-cli stop-task example shows a TaskFailedToStart task with
 * executionStoppedAt). A task stopped before any container was tried (no network
 * interface, no room, stopped while pending) has none: our model, as the SDK
 * says only "when the task execution stopped".
 */
export function executionStopped(c: Pick<TaskContext, 'shape' | 'containers'>): boolean {
  return c.shape.containers.some((s) => {
    const v = c.containers[s.name];
    return s.essential && v?.lastStatus === 'STOPPED' && (v.started || v.reason !== null);
  });
}

/**
 * The ENI status an event shows. An event is written as the task enters a
 * state; the release of the interface, begun by that step, shows only in the
 * next one (AWS's own DEPROVISIONING events still say ATTACHED). A single task
 * sees this order naturally (its ENI is a child actor that answers after the
 * task's step); projections that see the answer within the same step (service
 * tasks, lifecycle paths) show, until STOPPED, the status before the release.
 */
export class EniAsReported {
  private before: EniStatus | null = null;

  shown(status: TaskStatus, eni: EniStatus | null): EniStatus | null {
    const released = eni === 'DETACHING' || eni === 'DETACHED' || eni === 'DELETED';
    if (released && status !== 'STOPPED') return this.before;
    if (!released) this.before = eni;
    return eni;
  }
}

/**
 * Event ids come from their own stream, so adding an event never shifts a
 * timing; the whole scenario mixed in keeps the ids of two scenarios (or two
 * variants of one) apart.
 */
export const eventIdStream = (scenario: Scenario, actions = 0): Random => createCountedRandom(mixSeed(scenario.seed ^ 0x5eed, scenarioSalt(scenario), contentSalt(scenario), actions));
