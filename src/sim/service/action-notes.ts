// A timeline action applied to a service, as its note in the table and on the page says it.
import type { Action } from '../scenario/types.ts';

/** `deploys`: whether an UpdateService starts a deployment (not when it names the task definition the service runs, unforced). */
export function describeAction(a: Action, deploys = true): string {
  switch (a.action) {
    case 'UpdateService': {
      const named = a.taskDefinition ? `${a.taskDefinition.family}:${a.taskDefinition.revision}` : '';
      const deployment = !deploys
        ? `(${named} already runs: no new deployment without forceNewDeployment)`
        : a.forceNewDeployment
          ? `forceNewDeployment${named ? ` of ${named}` : ''}`
          : named && `deploy ${named}`;
      return ['UpdateService', a.desiredCount !== null ? `desiredCount ${a.desiredCount}` : '', deployment].filter(Boolean).join(' ');
    }
    case 'StopTask':
      return `StopTask task ${a.task ?? 0}${a.reason ? `: ${a.reason}` : ''}`;
    case 'ContainerExit':
      return `ContainerExit task ${a.task ?? 0} container ${a.container} exit code ${a.exitCode}`;
    case 'SpotInterruption':
      return `SpotInterruption task ${a.task ?? 0}`;
  }
}
