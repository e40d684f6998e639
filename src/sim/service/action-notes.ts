// A timeline action applied to a service, as its note in the table and on the page says it.
import type { Action } from '../scenario/types.ts';

export function describeAction(a: Action): string {
  switch (a.action) {
    case 'UpdateService':
      return ['UpdateService', a.desiredCount !== null ? `desiredCount ${a.desiredCount}` : '', a.taskDefinition ? `deploy ${a.taskDefinition.family}:${a.taskDefinition.revision}` : '']
        .filter(Boolean)
        .join(' ');
    case 'StopTask':
      return `StopTask task ${a.task ?? 0}${a.reason ? `: ${a.reason}` : ''}`;
    case 'ContainerExit':
      return `ContainerExit task ${a.task ?? 0} container ${a.container} exit code ${a.exitCode}`;
    case 'SpotInterruption':
      return `SpotInterruption task ${a.task ?? 0}`;
  }
}
