// A timeline action applied to a service, as its note in the table and on the page says it,
// and the actions aimed at one of its tasks, applied (or why not).
import type { Action, ConfigurationChange } from '../scenario/types.ts';
import type { ConfigurationUpdate } from '../../../machines/service.types.ts';
import type { ServiceTask } from './service-task.ts';
import { alreadyStopping, containerExitIgnored } from '../action-refusals.ts';

/** `deploys`: whether an UpdateService starts a deployment (not when it names the task definition the service runs, unforced). */
export function describeAction(a: Action, deploys = true): string {
  switch (a.action) {
    case 'UpdateService': {
      const named = a.taskDefinition ? `${a.taskDefinition.family}:${a.taskDefinition.revision}` : '';
      // a desiredCount alone deploys nothing, and needs no word about it
      const deployment = !deploys
        ? named && `(${named} already runs: no new deployment without forceNewDeployment)`
        : a.forceNewDeployment
          ? `forceNewDeployment${named ? ` of ${named}` : ''}`
          : named && `deploy ${named}`;
      const c = a.deploymentConfiguration;
      const configuration = c
        ? 'deploymentConfiguration ' + [
            c.minimumHealthyPercent !== null ? `minimumHealthyPercent ${c.minimumHealthyPercent}` : '',
            c.maximumPercent !== null ? `maximumPercent ${c.maximumPercent}` : '',
            c.deploymentCircuitBreaker ? `circuit breaker ${c.deploymentCircuitBreaker.enable ? `on${c.deploymentCircuitBreaker.rollback ? ' with rollback' : ''}` : 'off'}` : '',
          ].filter(Boolean).join(', ')
        : '';
      return ['UpdateService', a.desiredCount !== null ? `desiredCount ${a.desiredCount}` : '', configuration, deployment].filter(Boolean).join(' ');
    }
    case 'StopTask':
      return `StopTask task ${a.task ?? 0}${a.reason ? `: ${a.reason}` : ''}`;
    case 'ContainerExit':
      return `ContainerExit task ${a.task ?? 0} container ${a.container} exit code ${a.exitCode}`;
    case 'SpotInterruption':
      return `SpotInterruption task ${a.task ?? 0}`;
    case 'HealthChecksFail':
      return `HealthChecksFail task ${a.task ?? 0} container ${a.container}: its app stops answering its health checks`;
  }
}

/**
 * StopTask, ContainerExit, SpotInterruption or HealthChecksFail to a service's task (`task`
 * undefined: none started with that index yet): null once applied, else why
 * not. `mixedStrategy`: the service spreads its tasks over several capacity
 * providers, so only some run on Fargate Spot.
 */
export function applyToTask(task: ServiceTask | undefined, a: Exclude<Action, { action: 'UpdateService' }>, mixedStrategy: boolean): string | null {
  if (!task) return `${a.action} ignored: no task ${a.task ?? 0} has started yet`;
  if (task.world.status === 'STOPPED') return `${a.action} ignored: task ${task.index} is already STOPPED`;
  if (a.action === 'ContainerExit') {
    // worded as for a task run alone (simulation.ts)
    const dependsOn = task.scenario.taskDefinition.containerDefinitions.find((d) => d.name === a.container)?.dependsOn ?? [];
    const ignored = containerExitIgnored(a.container, ` of task ${task.index}`, task.world.containers.get(a.container)?.state, dependsOn);
    if (ignored === null) task.world.exitContainer(a.container, a.exitCode);
    return ignored;
  }
  const c = task.world.snap.context;
  if (a.action === 'HealthChecksFail') {
    if (c.desiredStatus === 'STOPPED') return `HealthChecksFail ignored: task ${task.index} is already stopping${c.stopCode ? ` (${c.stopCode})` : ''}: its health checks no longer count`;
    return task.world.stopAnswering(task.scenario, a.container, `task ${task.index}`);
  }
  const stopping = alreadyStopping(a.action, `task ${task.index}`, c);
  if (stopping) return stopping;
  // with a strategy of several providers, only some tasks run on Fargate Spot
  if (a.action === 'SpotInterruption' && task.scenario.capacityProviderName !== 'FARGATE_SPOT' && mixedStrategy)
    return `SpotInterruption ignored: task ${task.index} runs on ${task.scenario.capacityProviderName} (on-demand), not on Fargate Spot`;
  task.world.send(a.action === 'StopTask' ? { type: 'task.stopRequested', ...(a.reason ? { reason: a.reason } : {}) } : { type: 'task.spotInterrupted' });
  return null;
}

/** UpdateService's deploymentConfiguration as the scheduler takes it: only what was given. */
export function configurationUpdate(c: ConfigurationChange): ConfigurationUpdate {
  return {
    ...(c.minimumHealthyPercent !== null ? { minimumHealthyPercent: c.minimumHealthyPercent } : {}),
    ...(c.maximumPercent !== null ? { maximumPercent: c.maximumPercent } : {}),
    ...(c.deploymentCircuitBreaker ? { circuitBreaker: c.deploymentCircuitBreaker } : {}),
  };
}
