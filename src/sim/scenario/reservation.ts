// What a task reserves on an EC2 container instance: what the scheduler
// places by, and what the agent waits for.
import { cpuUnits, memoryMiB } from './fargate-size.ts';
import type { TaskDefinition } from './types.ts';

/** A host port and its protocol: TCP and UDP ports are separate resources of an instance (PORTS, PORTS_UDP). */
export type HostPort = `${number}/${'tcp' | 'udp'}`;

/** "80" for TCP, "53/udp" for UDP, as people write them. */
export const portName = (p: HostPort) => p.replace(/\/tcp$/, '');

/**
 * The TCP ports the agent keeps for itself and the host on every instance
 * (ECS_RESERVED_PORTS: SSH, the Docker API, the agent's introspection API):
 * a task binding one of them is never placed.
 */
export const RESERVED_HOST_PORTS: readonly HostPort[] = ['22/tcp', '2375/tcp', '2376/tcp', '51678/tcp', '51679/tcp'];

export interface Reservation {
  cpu: number;
  memory: number;
  /** static host ports such as "80/tcp" (bridge with a hostPort, host network mode): one task per port per instance */
  ports: HostPort[];
  /** network interfaces: an awsvpc task takes one of the instance's own */
  enis: number;
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
    enis: td.networkMode === 'awsvpc' ? 1 : 0,
  };
}

/** What keeps every task of this size off any instance of `spec`: too many CPU units or MiB, or a port the agent keeps. */
export function neverFits(need: Reservation, spec: { cpu: number; memory: number }): { cpu: boolean; memory: boolean; reservedPorts: HostPort[] } {
  return { cpu: need.cpu > spec.cpu, memory: need.memory > spec.memory, reservedPorts: need.ports.filter((p) => RESERVED_HOST_PORTS.includes(p)) };
}

/** How many such tasks an empty instance of `size` holds: its CPU and memory, one per static host port, none on a port the agent keeps. */
export function tasksPerInstance(need: Reservation, size: { cpu: number; memory: number; enis?: number | null }): number {
  if (neverFits(need, size).reservedPorts.length) return 0;
  const enis = need.enis > 0 && size.enis != null ? Math.floor(size.enis / need.enis) : Infinity;
  return Math.min(need.cpu > 0 ? Math.floor(size.cpu / need.cpu) : Infinity, need.memory > 0 ? Math.floor(size.memory / need.memory) : Infinity, need.ports.length ? 1 : Infinity, enis);
}

function hostPort(mode: TaskDefinition['networkMode'], b: TaskDefinition['containerDefinitions'][number]['portBindings'][number]): HostPort[] {
  if (mode === 'host') return [`${b.hostPort ?? b.containerPort}/${b.protocol}`];
  if (mode === 'bridge' && b.hostPort !== null) return [`${b.hostPort}/${b.protocol}`];
  return [];
}
