// What makes a new `ECS Task State Change` event, and when execution stopped:
// shared by every projection (single task, service tasks, lifecycle paths)
// so they agree on "one event per observable change".
import type { TaskStatus } from '../../../machines/status.ts';
import type { TaskContext } from '../../../machines/task.types.ts';
import { createRandom, type Random } from '../random.ts';

/** The task's observable state: status, desiredStatus, each container's status and exit code. */
export function observableKey(status: TaskStatus, c: Pick<TaskContext, 'desiredStatus' | 'containers'>): string {
  let key = `${status}|${c.desiredStatus}`;
  for (const name in c.containers) key += `|${c.containers[name]!.lastStatus}:${c.containers[name]!.exitCode}`;
  return key;
}

/** executionStoppedAt: the first essential container that ran has stopped (SDK). */
export function executionStopped(c: Pick<TaskContext, 'shape' | 'containers'>): boolean {
  return c.shape.containers.some((s) => s.essential && c.containers[s.name]?.started === true && c.containers[s.name]?.lastStatus === 'STOPPED');
}

/** Event ids come from their own stream, so adding an event never shifts a timing. */
export const eventIdStream = (seed: number): Random => createRandom(seed ^ 0x5eed);
