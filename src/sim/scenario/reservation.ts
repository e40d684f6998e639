// What a task reserves on an EC2 container instance: what the scheduler
// places by, and what the agent waits for.
import { cpuUnits, memoryMiB } from './fargate-size.ts';
import type { TaskDefinition } from './types.ts';

export interface Reservation {
  cpu: number;
  memory: number;
}

/**
 * What a task reserves on an instance: the task-level cpu and memory when the
 * definition gives them, else the sum over its containers (a container's
 * memoryReservation, else its memory), as the scheduler places on EC2.
 */
export function taskReservation(td: TaskDefinition): Reservation {
  const containers = td.containerDefinitions;
  const cpu = td.cpu !== null ? cpuUnits(td.cpu) : null;
  const memory = td.memory !== null ? memoryMiB(td.memory) : null;
  return {
    cpu: cpu ?? containers.reduce((sum, c) => sum + c.cpu, 0),
    memory: memory ?? containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0),
  };
}
