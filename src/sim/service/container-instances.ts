// The cluster's EC2 container instances, counted two ways, which is why a
// deploy on a full instance makes new tasks wait in PENDING (facts §7,
// amazon-ecs-agent#1667 and #2267):
// - the scheduler places a task where the tasks it still wants running leave
//   room: once a task's desiredStatus is STOPPED its resources count as free,
//   although it may drain and then run its whole stopTimeout;
// - the instance's agent starts a placed task only when the tasks that have not
//   STOPPED leave room. Until then the task waits in PENDING, before any image
//   pull, in the order it arrived (our model of the agent's queue: inferred).
import { cpuUnits, memoryMiB } from '../scenario/fargate-size.ts';
import type { ContainerInstances as Spec, TaskDefinition } from '../scenario/types.ts';
import type { Random } from '../random.ts';

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

export interface ContainerInstance {
  /** 1-based, as a person counts them */
  number: number;
  arn: string;
  az: number;
  /** the scheduler's view: placed tasks whose desiredStatus is RUNNING */
  reserved: Reservation;
  placedTasks: number;
  /** the agent's view: started tasks that have not STOPPED */
  inUse: Reservation;
  readonly queue: Placed[];
}

/** One task on one instance. */
export interface Placed {
  instance: ContainerInstance;
  need: Reservation;
  /** the scheduler still counts it (desiredStatus RUNNING) */
  reserved: boolean;
  /** the agent let it start, so it holds its resources until it STOPPED */
  started: boolean;
  /** what starts it once the agent has room */
  go: (() => void) | null;
  /** who it is, for notes: "task 3" */
  label: string;
}

export type Placement = { placed: Placed } | { failed: { reason: 'RESOURCE:CPU' | 'RESOURCE:MEMORY'; closest: ContainerInstance } };

const fits = (used: Reservation, need: Reservation, spec: Spec) => used.cpu + need.cpu <= spec.cpu && used.memory + need.memory <= spec.memory;
const add = (r: Reservation, need: Reservation, sign: 1 | -1) => {
  r.cpu += sign * need.cpu;
  r.memory += sign * need.memory;
};

export class ContainerInstanceFleet {
  readonly instances: ContainerInstance[];

  constructor(
    readonly spec: Spec,
    rng: Random,
    arnOf: (id: string) => string,
    azCount: number,
  ) {
    this.instances = Array.from({ length: spec.count }, (_, i) => ({
      number: i + 1,
      arn: arnOf(rng.hex(32)),
      az: i % azCount,
      reserved: { cpu: 0, memory: 0 },
      placedTasks: 0,
      inUse: { cpu: 0, memory: 0 },
      queue: [],
    }));
  }

  /**
   * The scheduler's choice: the first zone of `azOrder` with an instance the
   * still-wanted tasks leave room on, and there the instance with the fewest
   * of them (spread by zone, then by instance).
   */
  place(need: Reservation, azOrder: readonly number[], label: string): Placement {
    for (const az of azOrder) {
      let best: ContainerInstance | null = null;
      for (const i of this.instances) if (i.az === az && fits(i.reserved, need, this.spec) && (!best || i.placedTasks < best.placedTasks)) best = i;
      if (best) {
        add(best.reserved, need, 1);
        best.placedTasks++;
        return { placed: { instance: best, need, reserved: true, started: false, go: null, label } };
      }
    }
    // AWS names the closest match and what it lacks: the instance with the most room left.
    const free = (i: ContainerInstance) => (this.spec.cpu - i.reserved.cpu) / this.spec.cpu + (this.spec.memory - i.reserved.memory) / this.spec.memory;
    const closest = this.instances.reduce((a, b) => (free(b) > free(a) ? b : a));
    const reason = closest.reserved.cpu + need.cpu > this.spec.cpu ? 'RESOURCE:CPU' : 'RESOURCE:MEMORY';
    return { failed: { reason, closest } };
  }

  /** desiredStatus STOPPED: the scheduler counts the task's resources as free (the agent does not, yet). */
  unreserve(p: Placed): void {
    if (!p.reserved) return;
    p.reserved = false;
    add(p.instance.reserved, p.need, -1);
    p.instance.placedTasks--;
  }

  /** The agent: true when the task may start now; else it waits in line and `go` starts it later. */
  admit(p: Placed, go: () => void): boolean {
    const i = p.instance;
    if (i.queue.length === 0 && fits(i.inUse, p.need, this.spec)) {
      p.started = true;
      add(i.inUse, p.need, 1);
      return true;
    }
    p.go = go;
    i.queue.push(p);
    return false;
  }

  /** The tasks on `p`'s instance that hold resources the scheduler already counts as free. */
  stoppingHolders(p: Placed, holders: Iterable<Placed>): Placed[] {
    return [...holders].filter((h) => h.instance === p.instance && h.started && !h.reserved);
  }

  /** The task STOPPED: its resources are free again; the waiting tasks that now fit start, in order. */
  stopped(p: Placed): Placed[] {
    this.unreserve(p);
    const i = p.instance;
    if (p.started) {
      p.started = false;
      add(i.inUse, p.need, -1);
    } else {
      const at = i.queue.indexOf(p);
      if (at >= 0) i.queue.splice(at, 1);
    }
    const started: Placed[] = [];
    while (i.queue.length > 0 && fits(i.inUse, i.queue[0]!.need, this.spec)) {
      const next = i.queue.shift()!;
      next.started = true;
      add(i.inUse, next.need, 1);
      started.push(next);
    }
    for (const s of started) s.go?.();
    return started;
  }
}
