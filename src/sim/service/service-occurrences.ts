// What a service's run records as it goes (service-simulation.ts), for the
// outputs to project: the scheduler's counts at each look, and every task
// change, scheduler notice and container instance change, in order.
import type { ServiceNotice } from '../../../machines/service.types.ts';
import type { ContainerInstance, ContainerInstanceFleet } from './container-instances.ts';
import type { ServiceTask } from './service-task.ts';

export interface CountsRow {
  t: number;
  desiredCount: number;
  state: string;
  deployments: { id: string; taskDefinition: string; status: string; rolloutState: string; pending: number; running: number; healthy: number; stopping: number; failedTasks: number }[];
  /** the circuit breaker's threshold at this look (it follows the desired count), null with the breaker off */
  failedThreshold: number | null;
  notices: ServiceNotice[];
}

/** What an instance had left after a change, kept as it was then (the fleet moves on). */
export interface InstanceChange {
  instance: ContainerInstance;
  version: number;
  remaining: ReturnType<ContainerInstanceFleet['remaining']>;
}

export type Occurrence =
  | { kind: 'task'; task: ServiceTask; frame: number }
  | { kind: 'service'; t: number; notice: ServiceNotice }
  | { kind: 'instance'; t: number; change: InstanceChange };
