// Why an action aimed at a task changes nothing, in the same words for a task
// run alone and for a task of a service (the CLI's notes, the page's notice):
// `who` names it, "the task" or "task 3".
import type { ContainerState } from '../../machines/status.ts';
import type { ContainerDependency } from '../../machines/task.types.ts';

const NOT_RUNNING: Partial<Record<ContainerState, string>> = {
  NONE: 'has not started yet (its lastStatus PENDING: its image is not pulled yet)',
  PULLING: 'has not started yet (its lastStatus PENDING: its image is being pulled)',
  PULLED: 'has not started yet (its lastStatus PENDING: its image is pulled, the container not yet created)',
  CREATED: 'has not started yet (its lastStatus PENDING: created, not yet started)',
  STOPPED: 'has already stopped (its lastStatus STOPPED)',
};

/**
 * ContainerExit to a container in `state` (undefined: no such container):
 * why it ends nothing, or null while the process runs. `waits`: the
 * container's dependsOn, which it waits for before its image is even pulled
 * (the agent's default), and a container is created as soon as it may start.
 */
export function containerExitIgnored(container: string, of: string, state: ContainerState | undefined, waits: readonly ContainerDependency[]): string | null {
  if (state === undefined) return `ContainerExit ignored: no container named "${container}"${of}`;
  if (state === 'RUNNING' || state === 'STOPPING') return null;
  const named = `container ${container}${of}`;
  if (state === 'NONE' && waits.length)
    return `ContainerExit ignored: ${named} has not started yet (its lastStatus PENDING: it waits for ${waits.map((d) => `${d.containerName} (${d.condition})`).join(', ')}, its dependsOn, before its image is pulled)`;
  return `ContainerExit ignored: ${named} ${NOT_RUNNING[state] ?? `is ${state}, not running`}`;
}

/**
 * StopTask or a Spot notice to a task already stopping: why it changes
 * nothing, or null. A Spot notice still takes the capacity from a task
 * stopping for another reason, once.
 */
export function alreadyStopping(action: 'StopTask' | 'SpotInterruption', who: string, c: { desiredStatus: string; stopCode: string | null; spot: string }): string | null {
  if (action === 'SpotInterruption') return c.spot !== 'NONE' ? `SpotInterruption changes nothing: ${who} already had its Spot notice` : null;
  if (c.desiredStatus !== 'STOPPED') return null;
  return `StopTask changes nothing: ${who} is already stopping${c.stopCode ? ` (${c.stopCode})` : ''}; the first stop request stands`;
}
