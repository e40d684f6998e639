// What the world says, in words, about placing tasks on container instances
// and the agent's wait for room: the trace of `--format table` and the page's
// event list. Notes name tasks by their index in start order ("task 3"), as
// timeline actions do.
import { RESERVED_HOST_PORTS, portName, type Reservation } from '../scenario/reservation.ts';
import { zoneName } from '../ids.ts';
import type { ContainerInstance, ContainerInstanceFleet, Placed, PlacementFailure } from './container-instances.ts';

export const instanceName = (i: ContainerInstance, region: string) => `container instance ${i.number} (${zoneName(region, i.az)})`;

/** "task 1", "task 1 and task 4", "task 1, task 4 and task 7" */
function listed(labels: string[]): string {
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** Why a placed task does not start yet, as a sentence about its instance. */
export const waitNote = (p: Placed, fleet: ContainerInstanceFleet, region: string) =>
  `${p.label} waits in PENDING: ${instanceName(p.instance, region)} was counted as having room, but ${whyWaiting(p, fleet)}`;

/** What the waiting task lacks, who holds it, and who waits before it. */
export function whyWaiting(p: Placed, fleet: ContainerInstanceFleet): string {
  const holders = fleet.stoppingHolders(p).map((h) => h.label);
  const ahead = fleet.waitingAhead(p).map((h) => h.label);
  const { cpu, memory } = p.instance;
  const used = p.instance.inUse;
  const short = used.cpu + p.need.cpu > cpu || used.memory + p.need.memory > memory;
  const noEni = used.enis + p.need.enis > p.instance.enis;
  const taken = p.need.ports.filter((port) => used.ports.has(port)).map(portName);
  const roomy = !short && !noEni && taken.length === 0;
  const free = roomy && p.dynamicPorts ? fleet.dynamicPortsFree(p.instance) : null;
  // what blocks it, the port first: CPU and memory may be plentiful
  const what = [
    taken.length ? `host port ${taken.join(', ')}, which it binds` : '',
    free !== null && free < p.dynamicPorts! ? `the dynamic host ports it needs (${free.toLocaleString('en-US')} of the ephemeral range free; it binds ${p.dynamicPorts!.toLocaleString('en-US')})` : '',
    noEni ? `the network interfaces (${used.enis} of ${p.instance.enis} in use; an awsvpc task needs one)` : '',
    short ? `the room it needs (${used.cpu} of ${cpu} CPU units, ${used.memory} of ${memory} MiB in use; it needs ${p.need.cpu} and ${p.need.memory})` : '',
  ].filter(Boolean);
  const who = holders.length ? `${listed(holders)}, stopping but not yet STOPPED, still ${holders.length === 1 ? 'holds' : 'hold'}` : 'the tasks started on it hold';
  const blocked = what.length ? `${who} ${listed(what)}` : `${listed(ahead)} ${ahead.length === 1 ? 'waits' : 'wait'} for room before it`;
  const line = what.length && ahead.length ? `; ${listed(ahead)} ${ahead.length === 1 ? 'waits' : 'wait'} before it` : '';
  return `${blocked}${line}`;
}

/** distinctInstance let a task in beside one that is stopping but has not STOPPED. */
export const besideNote = (p: Placed, stopping: Placed[], region: string) =>
  `${p.label} is placed on ${instanceName(p.instance, region)} beside ${listed(stopping.map((h) => h.label))}, still running but stopping: distinctInstance counts only the tasks the scheduler still wants (desiredStatus RUNNING), as AWS warns`;

export const admittedNote = (p: Placed, region: string) =>
  `${p.label} stops waiting in PENDING: ${instanceName(p.instance, region)} has room for it now; its agent pulls the images`;

export function placementFailureNote(revision: string, need: Reservation, f: PlacementFailure): string {
  const { cpu, memory } = f.closest;
  const taken = need.ports.filter((p) => f.closest.reserved.ports.has(p));
  const reserved = taken.filter((p) => RESERVED_HOST_PORTS.includes(p));
  const lacks =
    f.reason === 'DistinctInstance placement constraint unsatisfied.'
      ? `has room but already runs a task of the service, and distinctInstance allows one per instance (a stopping task does not count)`
      : f.reason === 'MemberOf placement constraint unsatisfied.'
        ? `has room but is in a zone the memberOf constraint leaves out`
        : f.reason === 'RESOURCE:CPU'
      ? need.cpu > cpu
        ? `registers only ${cpu} CPU units, and the task needs ${need.cpu}`
        : `lacks room for ${need.cpu} CPU units (${cpu - f.closest.reserved.cpu} free)`
      : f.reason === 'RESOURCE:MEMORY'
        ? need.memory > memory
          ? `registers only ${memory} MiB, and the task needs ${need.memory}`
          : `lacks room for ${need.memory} MiB (${memory - f.closest.reserved.memory} free)`
        : f.reason === 'RESOURCE:ENI'
          ? `has no network interface free for an awsvpc task (all ${f.closest.enis} taken)`
        : reserved.length
          ? `keeps host port ${reserved.map(portName).join(', ')} for the host and the agent (ECS_RESERVED_PORTS), and this task binds it`
          : `already has a task on host port ${taken.map(portName).join(', ')}, which this one binds too`;
  return (
    `unable to place a task of ${revision}: no container instance met its requirements; the closest, container instance ${f.closest.number}, ` +
    `${lacks}. The scheduler tries again when its tasks change`
  );
}
