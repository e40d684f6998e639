// The cluster's EC2 container instances, counted two ways, which is why a
// deploy on a full instance makes new tasks wait in PENDING (facts §7,
// AWS What's New 2023-07-02, amazon-ecs-agent#1667 and #2267):
// - the scheduler "optimistically" places a task where the tasks it still
//   wants running leave room: once a task is stopping (desiredStatus STOPPED)
//   its resources count as free, although it may drain and then run its whole
//   stopTimeout;
// - the instance's agent (1.73.0 or later) starts a placed task once the tasks
//   that have not STOPPED leave room for it. Until then the task waits in
//   PENDING, before any image pull, first come first served: the agent's
//   waiting queue (monitorQueuedTasks in amazon-ecs-agent's
//   agent/engine/docker_task_engine.go) starts tasks in FIFO order while the
//   head fits, and frees a task's room once it is STOPPED. Older agents
//   waited for every stopping task.
import type { Reservation } from '../scenario/reservation.ts';
import type { ContainerInstances as Spec } from '../scenario/types.ts';
import { add, fits, unused, type Usage } from './instance-usage.ts';
import type { Random } from '../random.ts';
import { DYNAMIC_PORTS } from '../ids.ts';
import { ZONE_SPREAD, type PlacementRule } from '../scenario/placement-rules.ts';

/** The service's placement rules as the fleet applies them. */
export interface PlacementRules {
  strategy: readonly PlacementRule[];
  distinctInstance: boolean;
  /** the zones the service's memberOf allows (null: any); a task definition's memberOf narrows them per place() */
  zones: ReadonlySet<number> | null;
}

const DEFAULT_RULES: PlacementRules = { strategy: [ZONE_SPREAD], distinctInstance: false, zones: null };

export interface ContainerInstance {
  /** 1-based, as a person counts them */
  number: number;
  arn: string;
  /** the EC2 instance under it, i-… */
  ec2InstanceId: string;
  /** what it registered: CPU units and MiB (its group's size) */
  cpu: number;
  memory: number;
  /** network interfaces free for awsvpc tasks (Infinity: no limit given) */
  enis: number;
  az: number;
  /**
   * The container instance's version, as DescribeContainerInstances and its
   * state change events give it: 1 once registered (before the run), +1 each
   * time its remaining resources change.
   */
  version: number;
  /** the scheduler's view: placed tasks whose desiredStatus is RUNNING */
  readonly reserved: Usage;
  /** how many tasks the scheduler counts on it (for spreading) */
  wanted: number;
  /** the agent's view: started tasks that have not STOPPED, and what they use */
  readonly started: Set<Placed>;
  readonly inUse: Usage;
  /** placed tasks the agent holds in PENDING until there is room, first come first served */
  readonly queue: Placed[];
  /** dynamic host ports its started tasks bind, and where Docker looks for the next one */
  readonly dynamicInUse: Set<number>;
  nextDynamic: number;
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
  /** how many bridge mappings bind a dynamic host port, and the ports they got once started */
  dynamicPorts?: number;
  hostPorts?: number[];
}

/** No instance has room even by the scheduler's count: what AWS reports (the closest match and what it lacks). */
export interface PlacementFailure {
  /** AWS's failure reasons (RunTask's `failures`, the service event's `reason`) */
  reason:
    | 'RESOURCE:CPU'
    | 'RESOURCE:MEMORY'
    | 'RESOURCE:PORTS'
    | 'RESOURCE:PORTS_UDP'
    | 'RESOURCE:ENI'
    | 'DistinctInstance placement constraint unsatisfied.'
    | 'MemberOf placement constraint unsatisfied.';
  closest: ContainerInstance;
}

export type Placement = { placed: Placed } | { failed: PlacementFailure };

/** `a` before `b` comparing their first `n` values in turn. */
function lower(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
  return false;
}

export class ContainerInstanceFleet {
  readonly instances: ContainerInstance[];
  private readonly zoneRank: number[];
  /** AWS's default for a service and nothing else: placeSpread() is place()'s quick form */
  private readonly plainSpread: boolean;
  /** scratch keys for place(): up to 5 rules and the tie-break */
  private readonly keys: [Float64Array, Float64Array] = [new Float64Array(6), new Float64Array(6)];

  constructor(
    readonly spec: Spec,
    private readonly rng: Random,
    arnOf: (id: string) => string,
    azCount: number,
    private readonly rules: PlacementRules = DEFAULT_RULES,
    /** the scheduler's count of what is left on `i` changed: ECS emits a container instance state change */
    private readonly changed: (i: ContainerInstance) => void = () => {},
  ) {
    this.zoneRank = new Array<number>(azCount);
    const [first, ...more] = rules.strategy;
    this.plainSpread = more.length === 0 && first?.type === 'spread' && first.field === 'attribute:ecs.availability-zone' && !rules.distinctInstance && rules.zones === null;
    const arns = Array.from({ length: spec.count }, () => arnOf(rng.hex(32)));
    // instance n belongs to the group its number falls in, groups in the order given
    const sizes = spec.groups.flatMap((g) => Array.from({ length: g.count }, () => ({ cpu: g.cpu, memory: g.memory, enis: g.enis ?? Number.POSITIVE_INFINITY })));
    // drawn after the ARNs, so that adding them moved no ARN of earlier runs
    const ec2 = arns.map(() => `i-${rng.hex(17)}`);
    this.instances = arns.map((arn, i) => ({
      number: i + 1,
      arn,
      ec2InstanceId: ec2[i]!,
      ...sizes[i]!,
      az: i % azCount,
      version: 1,
      reserved: unused(),
      wanted: 0,
      started: new Set(),
      inUse: unused(),
      queue: [],
      dynamicInUse: new Set(),
      // the agent hands out dynamic ports itself, in order from the start of the
      // range, after the last it gave (amazon-ecs-agent utils/ephemeral_ports.go):
      // an instance that joins the cluster with the run starts at the bottom
      nextDynamic: DYNAMIC_PORTS.min,
    }));
  }

  /**
   * The scheduler's choice, as AWS describes it: the instances the still-wanted
   * tasks leave room on, then those the constraints allow, then the best by
   * the strategy's rules in order. Ties go to the instance with the fewest of
   * the service's tasks, then to the first (inferred). A zone spread ranks
   * zones as `azOrder` lists them.
   */
  place(need: Reservation, azOrder: readonly number[], label: string, zones: ReadonlySet<number> | null = this.rules.zones): Placement {
    if (this.plainSpread && zones === null) return this.placeSpread(need, azOrder, label);
    // a zone left out of azOrder ranks after those in it
    const zoneRank = this.zoneRank.fill(azOrder.length);
    azOrder.forEach((z, r) => (zoneRank[z] = r));
    const rules = this.rules.strategy;
    const draws = rules.some((r) => r.type === 'random') ? this.instances.map(() => this.rng.next()) : null;
    const value = (rule: PlacementRule, i: ContainerInstance): number => {
      if (rule.type === 'random') return draws![i.number - 1]!;
      if (rule.type === 'binpack') return rule.field === 'cpu' ? i.cpu - i.reserved.cpu : i.memory - i.reserved.memory;
      if (rule.field === 'instanceId') return i.wanted;
      // every instance has the same value of any other attribute here
      return rule.field === 'attribute:ecs.availability-zone' ? zoneRank[i.az]! : 0;
    };
    // each candidate's values under the rules, then the tie-break; lowest wins (a fleet can be 5,000 instances)
    let best: ContainerInstance | null = null;
    let [bestKey, key] = this.keys;
    let refused: { instance: ContainerInstance; reason: PlacementFailure['reason'] } | null = null;
    for (const i of this.instances) {
      if (!fits(i.reserved, need, i)) continue;
      const constraint = this.unsatisfied(i, zones);
      if (constraint) {
        refused ??= { instance: i, reason: constraint };
        continue;
      }
      rules.forEach((rule, r) => (key[r] = value(rule, i)));
      key[rules.length] = i.wanted;
      if (best && !lower(key, bestKey, rules.length + 1)) continue;
      best = i;
      [bestKey, key] = [key, bestKey];
    }
    if (best) return this.reserve(best, need, label);
    // AWS names the closest match and what it lacks: one the constraints
    // refused, else the instance with the most room left.
    if (refused) return { failed: { reason: refused.reason, closest: refused.instance } };
    return this.shortfall(need);
  }

  /**
   * The default rules alone (spread over zones, no constraint), as place()
   * would rank them, but zone by zone: the first zone with room ends the
   * search, which keeps a 5,000-instance fleet quick.
   */
  private placeSpread(need: Reservation, azOrder: readonly number[], label: string): Placement {
    for (const az of azOrder) {
      let best: ContainerInstance | null = null;
      for (const i of this.instances) if (i.az === az && fits(i.reserved, need, i) && (!best || i.wanted < best.wanted)) best = i;
      if (best) return this.reserve(best, need, label);
    }
    return this.shortfall(need);
  }

  private reserve(i: ContainerInstance, need: Reservation, label: string): Placement {
    add(i.reserved, need, 1);
    i.wanted++;
    this.reservedChanged(i);
    return { placed: { instance: i, need, reserved: true, started: false, go: null, label } };
  }

  /** Nothing fits by resources: the closest instance (the most room left) and what it lacks. */
  private shortfall(need: Reservation): Placement {
    const free = (i: ContainerInstance) => (i.cpu - i.reserved.cpu) / i.cpu + (i.memory - i.reserved.memory) / i.memory;
    const closest = this.instances.reduce((a, b) => (free(b) > free(a) ? b : a));
    const udp = need.ports.some((p) => p.endsWith('/udp') && closest.reserved.ports.has(p)) && !need.ports.some((p) => p.endsWith('/tcp') && closest.reserved.ports.has(p));
    const reason =
      closest.reserved.cpu + need.cpu > closest.cpu
        ? 'RESOURCE:CPU'
        : closest.reserved.memory + need.memory > closest.memory
          ? 'RESOURCE:MEMORY'
          : closest.reserved.enis + need.enis > closest.enis
            ? 'RESOURCE:ENI'
            : udp
            ? 'RESOURCE:PORTS_UDP'
            : 'RESOURCE:PORTS';
    return { failed: { reason, closest } };
  }

  /** The constraint `i` breaks, as AWS's failure reason names it, or null. */
  private unsatisfied(i: ContainerInstance, zones: ReadonlySet<number> | null): PlacementFailure['reason'] | null {
    if (zones && !zones.has(i.az)) return 'MemberOf placement constraint unsatisfied.';
    // "each active task": the scheduler looks at desiredStatus, so a stopping task does not count
    if (this.rules.distinctInstance && i.wanted > 0) return 'DistinctInstance placement constraint unsatisfied.';
    return null;
  }

  /**
   * desiredStatus STOPPED: the scheduler counts the task's resources as free
   * (the agent does not, yet). A task still waiting for room gives up its
   * place in line, which may let the ones behind it start.
   */
  desiredStopped(p: Placed): Placed[] {
    this.unreserve(p);
    return p.started ? [] : this.leaveLine(p);
  }

  /** The task STOPPED: its resources are free again; the waiting tasks that now fit start, in order. */
  stopped(p: Placed): Placed[] {
    this.unreserve(p);
    if (!p.started) return this.leaveLine(p);
    p.started = false;
    p.instance.started.delete(p);
    add(p.instance.inUse, p.need, -1);
    for (const port of p.hostPorts ?? []) p.instance.dynamicInUse.delete(port);
    return this.startWaiting(p.instance);
  }

  /** The agent: true when the task may start now; else it waits in line and `go` starts it later. */
  admit(p: Placed, go: () => void): boolean {
    const i = p.instance;
    if (i.queue.length === 0 && this.tryStart(p)) return true;
    p.go = go;
    i.queue.push(p);
    return false;
  }

  /** Started tasks on `p`'s instance whose room the scheduler already counts as free. */
  stoppingHolders(p: Placed): Placed[] {
    return [...p.instance.started].filter((h) => !h.reserved);
  }

  /** Tasks waiting in line before `p`. */
  waitingAhead(p: Placed): Placed[] {
    const q = p.instance.queue;
    return q.slice(0, Math.max(0, q.indexOf(p)));
  }

  private unreserve(p: Placed) {
    if (!p.reserved) return;
    p.reserved = false;
    add(p.instance.reserved, p.need, -1);
    p.instance.wanted--;
    this.reservedChanged(p.instance);
  }

  private reservedChanged(i: ContainerInstance) {
    i.version++;
    this.changed(i);
  }

  /** What the scheduler counts as left on `i`: CPU units, MiB, and the host ports taken (AWS lists the taken ones). */
  remaining(i: ContainerInstance): { cpu: number; memory: number; tcp: string[]; udp: string[] } {
    const taken = (proto: 'tcp' | 'udp') => [...i.reserved.ports.keys()].filter((p) => p.endsWith(`/${proto}`)).map((p) => p.slice(0, -4));
    return { cpu: i.cpu - i.reserved.cpu, memory: i.memory - i.reserved.memory, tcp: taken('tcp'), udp: taken('udp') };
  }

  /**
   * Start `p` if the tasks that have not STOPPED leave room for it, dynamic
   * host ports included: an instance whose ephemeral range is used up (28,232
   * ports) holds the task in line until a port frees, as for CPU or memory
   * (our model; Docker would refuse the bind).
   */
  private tryStart(p: Placed): boolean {
    const i = p.instance;
    if (!fits(i.inUse, p.need, i)) return false;
    const ports = p.dynamicPorts ? this.dynamicPorts(i, p.dynamicPorts) : undefined;
    if (ports === null) return false;
    p.started = true;
    i.started.add(p);
    add(i.inUse, p.need, 1);
    if (ports) p.hostPorts = ports;
    return true;
  }

  /** How many ports of the ephemeral range are free on `i` (for the note on a task that waits for them). */
  dynamicPortsFree(i: ContainerInstance): number {
    let free = 0;
    for (let port = DYNAMIC_PORTS.min; port <= DYNAMIC_PORTS.max; port++) if (!this.portTaken(i, port)) free++;
    return free;
  }

  private portTaken(i: ContainerInstance, port: number): boolean {
    return i.dynamicInUse.has(port) || i.inUse.ports.has(`${port}/tcp`) || i.inUse.ports.has(`${port}/udp`) || i.reserved.ports.has(`${port}/tcp`) || i.reserved.ports.has(`${port}/udp`);
  }

  /** `n` dynamic ports on `i`, or null (and none taken) when fewer are free. */
  private dynamicPorts(i: ContainerInstance, n: number): number[] | null {
    const got: number[] = [];
    for (let k = 0; k < n; k++) {
      const port = this.dynamicPort(i);
      if (port === null) {
        for (const q of got) i.dynamicInUse.delete(q);
        return null;
      }
      got.push(port);
    }
    return got;
  }

  /**
   * A free port of the ephemeral range for a bridge mapping without a
   * hostPort: never one another started task on the instance binds, nor a
   * static host port a task placed there binds or will. Docker takes the next
   * free one. (A static hostPort chosen inside this range, placed after a
   * dynamic binding took it, is not checked against it: Docker would refuse
   * the second bind; we do not model that failure.)
   */
  private dynamicPort(i: ContainerInstance): number | null {
    const span = DYNAMIC_PORTS.max - DYNAMIC_PORTS.min + 1;
    for (let k = 0; k < span; k++) {
      const port = i.nextDynamic;
      i.nextDynamic = port === DYNAMIC_PORTS.max ? DYNAMIC_PORTS.min : port + 1;
      if (!this.portTaken(i, port)) {
        i.dynamicInUse.add(port);
        return port;
      }
    }
    return null;
  }

  private leaveLine(p: Placed): Placed[] {
    const q = p.instance.queue;
    const at = q.indexOf(p);
    if (at < 0) return [];
    q.splice(at, 1);
    p.go = null;
    return this.startWaiting(p.instance);
  }

  private startWaiting(i: ContainerInstance): Placed[] {
    const started: Placed[] = [];
    while (i.queue.length > 0 && this.tryStart(i.queue[0]!)) started.push(i.queue.shift()!);
    for (const s of started) s.go?.();
    return started;
  }
}
