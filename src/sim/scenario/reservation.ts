// What a task reserves on an EC2 container instance: what the scheduler
// places by, and what the agent waits for.
import { cpuUnits, memoryMiB } from './fargate-size.ts';
import type { TaskDefinition } from './types.ts';

export interface Reservation {
  cpu: number;
  memory: number;
  /** static host ports (bridge with a hostPort, host network mode): one task per port per instance */
  ports: number[];
}

/**
 * What a task reserves on an instance: the task-level cpu and memory when the
 * definition gives them, else the sum over its containers (a container's
 * memoryReservation, else its memory), as the scheduler places on EC2; and
 * the host ports it binds: a bridge mapping's hostPort when given (0 or none
 * means a dynamic port), every containerPort in host mode. awsvpc tasks have
 * interfaces of their own and take no host port.
 */
export function taskReservation(td: TaskDefinition): Reservation {
  const containers = td.containerDefinitions;
  const cpu = td.cpu !== null ? cpuUnits(td.cpu) : null;
  const memory = td.memory !== null ? memoryMiB(td.memory) : null;
  return {
    cpu: cpu ?? containers.reduce((sum, c) => sum + c.cpu, 0),
    memory: memory ?? containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0),
    ports: [...new Set(containers.flatMap((c) => c.portBindings.flatMap((b) => hostPort(td.networkMode, b))))],
  };
}

function hostPort(mode: TaskDefinition['networkMode'], b: { containerPort: number; hostPort: number | null }): number[] {
  if (mode === 'host') return [b.hostPort ?? b.containerPort];
  if (mode === 'bridge' && b.hostPort !== null) return [b.hostPort];
  return [];
}
