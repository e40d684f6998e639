// What the tasks on one container instance take, as the scheduler and the
// agent each count it (container-instances.ts keeps both counts).
import { RESERVED_HOST_PORTS, type HostPort, type Reservation } from '../scenario/reservation.ts';

/** What an instance registered. */
type Size = { cpu: number; memory: number; enis: number };

/** What the tasks on an instance take: CPU units, MiB, and how many of them bind each host port. */
export interface Usage {
  cpu: number;
  memory: number;
  enis: number;
  readonly ports: Map<HostPort, number>;
}

// The ports the agent keeps for itself are taken on every instance, in both views.
export const unused = (): Usage => ({ cpu: 0, memory: 0, enis: 0, ports: new Map(RESERVED_HOST_PORTS.map((p) => [p, 1])) });
export const portsFree = (used: Usage, need: Reservation) => need.ports.every((p) => !used.ports.has(p));
export const fits = (used: Usage, need: Reservation, size: Size) =>
  used.cpu + need.cpu <= size.cpu && used.memory + need.memory <= size.memory && used.enis + need.enis <= size.enis && portsFree(used, need);
export const add = (u: Usage, need: Reservation, sign: 1 | -1) => {
  u.cpu += sign * need.cpu;
  u.memory += sign * need.memory;
  u.enis += sign * need.enis;
  for (const p of need.ports) {
    const n = (u.ports.get(p) ?? 0) + sign;
    if (n > 0) u.ports.set(p, n);
    else u.ports.delete(p);
  }
};

