// What the world says, in words, about placing tasks on container instances
// and the agent's wait for room: the trace of `--format table` and the page's
// event list. Notes name tasks as a person counts them ("task 3").
import type { Reservation } from '../scenario/reservation.ts';
import type { ContainerInstance, ContainerInstanceFleet, Placed, PlacementFailure } from './container-instances.ts';

export const instanceName = (i: ContainerInstance, region: string) => `container instance ${i.number} (${region}${'abc'[i.az]})`;

/** "task 1", "task 1 and task 4", "task 1, task 4 and task 7" */
function listed(labels: string[]): string {
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** Why a placed task does not start: who holds the room, and who waits before it. */
export function waitNote(p: Placed, fleet: ContainerInstanceFleet, region: string): string {
  const holders = fleet.stoppingHolders(p).map((h) => h.label);
  const ahead = fleet.waitingAhead(p).map((h) => h.label);
  const { cpu, memory } = fleet.spec;
  const used = p.instance.inUse;
  const who = holders.length
    ? `${listed(holders)}, stopping but not yet STOPPED, still ${holders.length === 1 ? 'holds' : 'hold'} its resources`
    : 'the tasks started on it hold its resources';
  const line = ahead.length ? `; ${listed(ahead)} ${ahead.length === 1 ? 'waits' : 'wait'} before it` : '';
  const taken = p.need.ports.filter((port) => used.ports.has(port));
  const ports = taken.length ? `; host port ${taken.join(', ')}, which it binds, ${taken.length === 1 ? 'is' : 'are'} in use` : '';
  return (
    `${p.label} waits in PENDING: ${instanceName(p.instance, region)} was counted as having room, but ${who} ` +
    `(${used.cpu} of ${cpu} CPU units, ${used.memory} of ${memory} MiB in use; it needs ${p.need.cpu} and ${p.need.memory}${ports})${line}`
  );
}

export const admittedNote = (p: Placed, region: string) =>
  `${p.label} stops waiting in PENDING: ${instanceName(p.instance, region)} has room for it now; its agent pulls the images`;

export function placementFailureNote(revision: string, need: Reservation, f: PlacementFailure, fleet: ContainerInstanceFleet): string {
  const { cpu, memory } = fleet.spec;
  const lacks =
    f.reason === 'RESOURCE:CPU'
      ? `lacks room for ${need.cpu} CPU units (${cpu - f.closest.reserved.cpu} free)`
      : f.reason === 'RESOURCE:MEMORY'
        ? `lacks room for ${need.memory} MiB (${memory - f.closest.reserved.memory} free)`
        : `already has a task on host port ${need.ports.filter((p) => f.closest.reserved.ports.has(p)).join(', ')}, which this one binds too`;
  return (
    `unable to place a task of ${revision}: no container instance met its requirements; the closest, container instance ${f.closest.number}, ` +
    `${lacks}. The scheduler tries again when its tasks change`
  );
}
