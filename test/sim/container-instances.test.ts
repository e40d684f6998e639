// The cluster's container instances as the scheduler and the agent count them
// (amazon-ecs-agent#1667, #2267): placement, the agent's wait, what a task
// reserves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { describeContainerInstances, describeServiceTasks, serviceEvents } from '../../src/sim/service/service-output.ts';
import { ContainerInstanceFleet, type Placed, type PlacementRules } from '../../src/sim/service/container-instances.ts';
import { ZONE_SPREAD } from '../../src/sim/scenario/placement-rules.ts';
import { taskReservation, type Reservation } from '../../src/sim/scenario/reservation.ts';
import { createRandom } from '../../src/sim/random.ts';
import type { TaskDefinition } from '../../src/sim/scenario/types.ts';
import { realworld, repoRoot } from '../support/scenarios.ts';

const container = (cpu: number, memory: number | null, memoryReservation: number | null = null): TaskDefinition['containerDefinitions'][number] => ({
  name: `c${cpu}`, image: 'x', essential: true, cpu, memory, memoryReservation, dependsOn: [], stopTimeout: null, startTimeout: null, healthCheck: null, portMappings: [], portBindings: [], portRanges: [], secrets: [],
});
const td = (cpu: string | null, memory: string | null, containers = [container(256, 512), container(128, 1024, 300)]): TaskDefinition => ({
  family: 'w', revision: 1, networkMode: 'bridge', requiresCompatibilities: [], cpu, memory, containerDefinitions: containers, placementConstraints: [], ephemeralStorage: null, runtimePlatform: null,
});
const fleet = (count: number, cpu = 1024, memory = 2048) => new ContainerInstanceFleet({ count, groups: [{ count, cpu, memory, enis: null }] }, createRandom(1), (id) => `arn:ci/${id}`, 3);
const need: Reservation = { cpu: 512, memory: 1024, ports: [], enis: 0 };

describe('taskReservation', () => {
  it('should take the task-level size when given, in units or plain numbers', () => {
    expect(taskReservation(td('1 vCPU', '2 GB'))).toEqual({ cpu: 1024, memory: 2048, ports: [], enis: 0 });
    expect(taskReservation(td('512', '1024'))).toEqual({ cpu: 512, memory: 1024, ports: [], enis: 0 });
  });

  it("should add up the containers otherwise, each one's memoryReservation before its memory", () => {
    expect(taskReservation(td(null, null))).toEqual({ cpu: 384, memory: 812, ports: [], enis: 0 });
  });
});

describe('host ports', () => {
  const mapped = (networkMode: string, ...bindings: [number, number | null, ('tcp' | 'udp')?][]) =>
    taskReservation({
      ...td(null, null, [{ ...container(256, 512), portBindings: bindings.map(([containerPort, hostPort, protocol = 'tcp'], index) => ({ containerPort, hostPort, protocol, index })) }]),
      networkMode: networkMode as TaskDefinition['networkMode'],
    }).ports;

  it('should take a static hostPort on bridge, none for a dynamic one, every containerPort on host, none on awsvpc', () => {
    expect(mapped('bridge', [80, 8080], [443, null], [53, 53, 'udp'])).toEqual(['8080/tcp', '53/udp']);
    expect(mapped('host', [80, null], [8500, 8500])).toEqual(['80/tcp', '8500/tcp']);
    expect(mapped('awsvpc', [80, 80])).toEqual([]);
  });

  it('should keep TCP and UDP apart, and the ports the agent reserves taken everywhere', () => {
    const f = fleet(1, 4096, 8192);
    const dns = (ports: Reservation['ports']) => ({ cpu: 128, memory: 128, ports, enis: 0 });
    expect(f.place(dns(['53/udp']), [0], 'a')).toHaveProperty('placed');
    expect(f.place(dns(['53/tcp']), [0], 'b')).toHaveProperty('placed');
    expect(f.place(dns(['53/udp']), [0], 'c')).toMatchObject({ failed: { reason: 'RESOURCE:PORTS_UDP' } });
    expect(f.place(dns(['22/tcp']), [0], 'd')).toMatchObject({ failed: { reason: 'RESOURCE:PORTS' } });
  });

  it('should place one task per static host port per instance, and say RESOURCE:PORTS when none is left', () => {
    const f = fleet(2, 4096, 8192);
    const web = { cpu: 256, memory: 512, ports: ['80/tcp'] as Reservation['ports'], enis: 0 };
    const placed = [f.place(web, [0, 1], 'a'), f.place(web, [0, 1], 'b')];
    expect(placed.map((p) => ('placed' in p ? p.placed.instance.number : null))).toEqual([1, 2]);
    expect(f.place(web, [0, 1], 'c')).toMatchObject({ failed: { reason: 'RESOURCE:PORTS' } });
    expect(f.place({ ...web, ports: ['81/tcp'] }, [0], 'd')).toHaveProperty('placed');
  });

  it('should hold a new task until the stopping one releases the port, though CPU and memory are free', () => {
    const f = fleet(1, 4096, 8192);
    const web = { cpu: 256, memory: 512, ports: ['80/tcp'] as Reservation['ports'], enis: 0 };
    const old = f.place(web, [0], 'old');
    if (!('placed' in old)) throw new Error('fits');
    f.admit(old.placed, () => {});
    f.desiredStopped(old.placed);
    const next = f.place(web, [0], 'new');
    if (!('placed' in next)) throw new Error('the scheduler counts port 80 as free again');
    expect(f.admit(next.placed, () => {})).toBe(false);
    expect(f.stopped(old.placed)).toEqual([next.placed]);
  });
});

describe('ContainerInstanceFleet', () => {
  it('should spread tasks over zones in the order asked, then over instances', () => {
    const f = fleet(6);
    const placed = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 1, 2]].map((zones) => f.place(need, zones, 't'));
    expect(placed.map((p) => ('placed' in p ? p.placed.instance.number : null))).toEqual([1, 2, 3, 4]);
  });

  it('should place by the default rules the quick way exactly as the general ranking does', () => {
    // spreading by an attribute every instance shares changes no ranking, but takes the general path
    const general: PlacementRules = { strategy: [ZONE_SPREAD, { type: 'spread', field: 'attribute:ecs.os-type' }], distinctInstance: false, zones: null };
    fc.assert(
      fc.property(fc.array(fc.record({ zones: fc.constantFrom([0, 1, 2], [1, 2, 0], [2, 1, 0], [1, 0, 2]), stop: fc.nat(12) }), { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (steps, count) => {
        const quick = fleet(count);
        const ranked = new ContainerInstanceFleet({ count, groups: [{ count, cpu: 1024, memory: 2048, enis: null }] }, createRandom(1), (id) => `arn:ci/${id}`, 3, general);
        const placed: [Placed | null, Placed | null][] = [];
        for (const { zones, stop } of steps) {
          const [a, b] = [quick.place(need, zones, 't'), ranked.place(need, zones, 't')];
          if (('placed' in a ? a.placed.instance.number : a.failed.reason) !== ('placed' in b ? b.placed.instance.number : b.failed.reason)) return false;
          placed.push(['placed' in a ? a.placed : null, 'placed' in b ? b.placed : null]);
          const gone = placed[stop % placed.length]!;
          if (gone[0] && gone[1]) (quick.desiredStopped(gone[0]), ranked.desiredStopped(gone[1]));
        }
        return true;
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('should count a task whose desiredStatus is STOPPED as gone, though the agent still runs it', () => {
    const f = fleet(1);
    const a = f.place(need, [0], 'task 0');
    const b = f.place(need, [0], 'task 1');
    if (!('placed' in a) || !('placed' in b)) throw new Error('both fit');
    expect(f.admit(a.placed, () => {})).toBe(true);
    expect(f.admit(b.placed, () => {})).toBe(true);
    expect(f.place(need, [0], 'task 2')).toMatchObject({ failed: { reason: 'RESOURCE:CPU' } });
    f.desiredStopped(a.placed); // StopTask: desiredStatus STOPPED
    const c = f.place(need, [0], 'task 2');
    if (!('placed' in c)) throw new Error('the scheduler sees room');
    let started = false;
    expect(f.admit(c.placed, () => (started = true))).toBe(false);
    expect(f.stoppingHolders(c.placed)).toEqual([a.placed]);
    expect(f.stopped(a.placed)).toEqual([c.placed]);
    expect(started).toBe(true);
  });

  it('should name memory when memory is what the closest instance lacks', () => {
    const f = fleet(1, 4096, 1024);
    f.place(need, [0], 't');
    expect(f.place(need, [0], 't')).toMatchObject({ failed: { reason: 'RESOURCE:MEMORY' } });
  });

  it('should start waiting tasks in the order they came, and drop one stopped while it waited', () => {
    const f = fleet(1);
    const place = (label: string) => {
      const p = f.place(need, [0], label);
      if (!('placed' in p)) throw new Error(`${label} does not fit`);
      return p.placed;
    };
    const [a, b] = [place('a'), place('b')];
    f.admit(a, () => {});
    f.admit(b, () => {});
    f.desiredStopped(a);
    f.desiredStopped(b); // both stopping: the scheduler sees room for two more
    const [c, d] = [place('c'), place('d')];
    const order: string[] = [];
    expect(f.admit(c, () => order.push('c'))).toBe(false);
    expect(f.admit(d, () => order.push('d'))).toBe(false);
    expect(f.waitingAhead(d)).toEqual([c]);
    expect(f.desiredStopped(c)).toEqual([]); // stopped while it waited: it leaves the line, frees nothing
    expect(f.waitingAhead(d)).toEqual([]);
    expect(f.stopped(a).map((p) => p.label)).toEqual(['d']);
    expect(order).toEqual(['d']);
    expect(f.stopped(c)).toEqual([]); // its STOPPED changes nothing more
    expect(p0(f)).toMatchObject({ cpu: 1024, memory: 2048 });
  });
});

const p0 = (f: ContainerInstanceFleet) => f.instances[0]!.inUse;

describe('services on container instances, random scenarios', () => {
  const worker = (image: string, cpu: number, memoryReservation: number, stopTimeout: number, hostPort: number) => ({
    family: 'worker',
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    containerDefinitions: [{ name: 'worker', image, cpu, memoryReservation, stopTimeout, portMappings: [{ containerPort: 80, hostPort }] }],
  });
  const scenario = fc
    .record({
      // one or two sizes of instance
      groups: fc.array(fc.record({ count: fc.integer({ min: 1, max: 2 }), cpu: fc.constantFrom(1024, 2048), memory: fc.constantFrom(2048, 4096) }), { minLength: 1, maxLength: 2 }),
      cpu: fc.constantFrom(256, 512, 1024),
      memory: fc.constantFrom(512, 1024, 2048),
      stopTimeout: fc.integer({ min: 2, max: 120 }),
      ignoreSigterm: fc.boolean(),
      hostPort: fc.constantFrom(0, 8080), // dynamic, or one static port per instance
      desiredCount: fc.integer({ min: 0, max: 6 }),
      maximumPercent: fc.integer({ min: 100, max: 200 }),
      min: fc.integer({ min: 0, max: 100 }),
      timeline: fc.array(
        fc.oneof(
          fc.record({ at: fc.integer({ min: 0, max: 1800 }), action: fc.constant('UpdateService'), desiredCount: fc.integer({ min: 0, max: 6 }) }),
          fc.record({ at: fc.integer({ min: 0, max: 1800 }), action: fc.constant('UpdateService'), image: fc.integer({ min: 2, max: 9 }) }),
          fc.record({ at: fc.integer({ min: 0, max: 1800 }), action: fc.constant('StopTask'), task: fc.nat(8) }),
        ),
        { maxLength: 4 },
      ),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      placementStrategy: fc.constantFrom(
        undefined,
        [{ type: 'binpack', field: 'memory' }],
        [{ type: 'spread', field: 'instanceId' }],
        [{ type: 'random' }],
        [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'cpu' }],
      ),
      distinctInstance: fc.boolean(),
    })
    .map((r) =>
      loadScenario({
        taskDefinition: worker('worker:1', r.cpu, r.memory, r.stopTimeout, r.hostPort),
        launchType: 'EC2',
        containerInstances: r.groups.length === 1 ? r.groups[0] : r.groups,
        service: {
          serviceName: 'worker',
          desiredCount: r.desiredCount,
          deploymentConfiguration: { minimumHealthyPercent: Math.min(r.min, r.maximumPercent), maximumPercent: r.maximumPercent },
          placementStrategy: r.placementStrategy,
          placementConstraints: r.distinctInstance ? [{ type: 'distinctInstance' }] : undefined,
        },
        faults: r.ignoreSigterm ? [{ step: 'StopContainer', container: 'worker', ignoreSigterm: true }] : [],
        timeline: r.timeline.map((a) =>
          'image' in a ? { at: a.at, action: 'UpdateService', taskDefinition: worker(`worker:${a.image}`, r.cpu, r.memory, r.stopTimeout, r.hostPort) } : a,
        ),
        seed: r.seed,
      }),
    );

  it('should never start more on an instance than it holds (CPU, memory, a static host port), nor leave a task waiting that fits', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const sim = new ServiceSimulation(s);
        sim.runUntil(4 * 3600_000);
        // what each instance registered, by ARN (its group's size)
        const sizeOf = new Map(sim.fleet!.instances.map((i) => [i.arn, { cpu: i.cpu, memory: i.memory }]));
        expect(sim.fleet!.instances.map((i) => `${i.cpu}/${i.memory}`)).toEqual(s.containerInstances!.groups.flatMap((g) => Array.from({ length: g.count }, () => `${g.cpu}/${g.memory}`)));
        const need = taskReservation(s.taskDefinition);
        // what each instance's agent runs: tasks from their first pull to STOPPED
        const moments = sim.tasks.flatMap((t) => {
          const last = t.frames.at(-1)!.stamps;
          if (last.pullStartedAt === null) return [];
          const arn = t.placed!.instance.arn;
          return [{ t: last.pullStartedAt, arn, d: 1 }, ...(last.stoppedAt !== null ? [{ t: last.stoppedAt, arn, d: -1 }] : [])];
        });
        moments.sort((a, b) => a.t - b.t || a.d - b.d); // a stop frees room before a start in the same instant
        const running = new Map<string, number>();
        for (const m of moments) {
          const n = (running.get(m.arn) ?? 0) + m.d;
          running.set(m.arn, n);
          const spec = sizeOf.get(m.arn)!;
          if (n * need.cpu > spec.cpu || n * need.memory > spec.memory || (need.ports.length > 0 && n > 1)) return false;
        }
        // ECS Container Instance State Change: each instance's version +1 per
        // event; what is left is whole tasks off what it registered, the static
        // port taken exactly while a task holds room; at the end, what the
        // tasks the scheduler still wants leave
        const seen = new Map<string, number>();
        const lastLeft = new Map<string, number>();
        for (const e of serviceEvents(sim).filter((e) => e['detail-type'] === 'ECS Container Instance State Change')) {
          const d = e.detail as { containerInstanceArn: string; version: number; remainingResources: { name: string; integerValue?: number; stringSetValue?: string[] }[] };
          if (d.version !== (seen.get(d.containerInstanceArn) ?? 1) + 1) return false;
          seen.set(d.containerInstanceArn, d.version);
          const [cpu, memory, ports] = d.remainingResources;
          const spec = sizeOf.get(d.containerInstanceArn)!;
          lastLeft.set(d.containerInstanceArn, cpu!.integerValue!);
          const tasks = (spec.cpu - cpu!.integerValue!) / need.cpu;
          if (!Number.isInteger(tasks) || tasks < 0 || spec.memory - memory!.integerValue! !== tasks * need.memory) return false;
          if (need.ports.length > 0 && ports!.stringSetValue!.includes('8080') !== tasks > 0) return false;
        }
        const wanted = (arn: string) => sim.tasks.filter((t) => t.placed!.instance.arn === arn && t.world.snap.context.desiredStatus === 'RUNNING').length;
        const described = describeContainerInstances(sim) as { containerInstanceArn: string; version: number; remainingResources: { integerValue?: number }[] }[];
        for (const i of described) {
          const spec = sizeOf.get(i.containerInstanceArn)!;
          const left = spec.cpu - wanted(i.containerInstanceArn) * need.cpu;
          // the last event said what the instance has left at the end
          if (i.version !== (seen.get(i.containerInstanceArn) ?? 1) || i.remainingResources[0]!.integerValue !== left || (lastLeft.get(i.containerInstanceArn) ?? spec.cpu) !== left)
            return false;
        }
        // distinctInstance: never two tasks the scheduler still wants on one instance
        if (s.service!.placementConstraints.length > 0 && sim.fleet!.instances.some((i) => wanted(i.arn) > 1)) return false;
        // liveness: a waiting line's head never fits (else the agent would have started it)
        return sim.fleet!.instances.every((i) => {
          const head = i.queue[0];
          return !head || i.inUse.cpu + head.need.cpu > i.cpu || i.inUse.memory + head.need.memory > i.memory || head.need.ports.some((p) => i.inUse.ports.has(p));
        });
      }),
      { seed: 20261128, numRuns: 150 },
    );
  });
});

describe('a service on container instances', () => {
  const preset = () => JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/service-waits-for-room.json'), 'utf8'));
  const run = (edit: (o: Record<string, any>) => void, untilSeconds = 4 * 3600) => {
    const o = preset();
    edit(o);
    const sim = new ServiceSimulation(loadScenario(o));
    sim.runUntil(untilSeconds * 1000);
    return sim;
  };
  const failures = (sim: ServiceSimulation) => sim.occurrences.filter((o) => o.kind === 'service' && o.notice.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE');

  it("should hold only as many awsvpc tasks as the instance has network interfaces for, and say RESOURCE:ENI; bridge tasks take none", () => {
    const scenario = (networkMode: string, enis?: number) =>
      loadScenario({
        taskDefinition: { family: 'api', networkMode, requiresCompatibilities: ['EC2'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'api', image: 'registry.example/api:1' }] },
        launchType: 'EC2',
        service: { serviceName: 'api', desiredCount: 4 },
        containerInstances: { count: 1, cpu: 2048, memory: 4096, ...(enis ? { enis } : {}) },
      });
    const running = (sim: ServiceSimulation) => sim.tasks.filter((t) => t.world.status === 'RUNNING').length;
    const limited = new ServiceSimulation(scenario('awsvpc', 2));
    limited.runUntil(300_000);
    expect(running(limited)).toBe(2);
    const failure = serviceEvents(limited).find((e) => (e.detail as { eventName?: string }).eventName === 'SERVICE_TASK_PLACEMENT_FAILURE')!;
    expect((failure.detail as { reason: string }).reason).toBe('RESOURCE:ENI');
    expect(limited.notes.map((n) => n.note).find((n) => n.includes('unable to place'))).toMatch(/has no network interface free for an awsvpc task \(all 2 taken\)/);
    for (const [s, n] of [[scenario('awsvpc'), 4], [scenario('bridge', 2), 4]] as const) {
      const sim = new ServiceSimulation(s);
      sim.runUntil(300_000);
      expect(running(sim)).toBe(n);
    }
  });

  it('should name the instances of two fleets in one cluster apart, and those of one fleet alike run after run', () => {
    const names = (sim: ServiceSimulation) => describeContainerInstances(sim).map((i) => i.containerInstanceArn);
    const one = names(run(() => {}, 60));
    expect(names(run(() => {}, 60))).toEqual(one);
    // another fleet in the same cluster, run with the same seed: other instances
    const other = names(run((o) => (o.containerInstances = { count: 1, cpu: 512, memory: 4096 }), 60));
    expect(other.filter((arn) => one.includes(arn))).toEqual([]);
  });

  it("should emit ECS Container Instance State Change when a task is placed and when the scheduler lets its room go, shaped like AWS's sample", () => {
    const sim = run(() => {});
    const sample = JSON.parse(readFileSync(join(realworld, 'aws-doc-events/container-instance-state-change_devguide2023.json'), 'utf8'));
    const changes = serviceEvents(sim).filter((e) => e['detail-type'] === sample['detail-type']);
    const left = (e: (typeof changes)[number]) => (e.detail as typeof sample.detail).remainingResources.map((r: { integerValue?: number; stringSetValue?: string[] }) => r.integerValue ?? r.stringSetValue);
    // one instance, room for two tasks: both placed at 0 s; each deploy step lets one go and places its replacement
    const reserved = ['22', '2375', '2376', '51678', '51679'];
    expect(changes.map((e) => [e.time.slice(11, 19), (e.detail as { version: number }).version, ...left(e)])).toEqual([
      ['00:00:00', 2, 512, 1024, reserved, []],
      ['00:00:00', 3, 0, 0, reserved, []],
      ['00:05:01', 4, 512, 1024, reserved, []],
      ['00:05:01', 5, 0, 0, reserved, []],
      ['00:07:58', 6, 512, 1024, reserved, []],
      ['00:07:58', 7, 0, 0, reserved, []],
    ]);
    const e = changes[0]!;
    expect(Object.keys(e).sort()).toEqual(Object.keys(sample).sort());
    expect(e.resources).toEqual([(e.detail as { containerInstanceArn: string }).containerInstanceArn]);
    expect(Object.keys(e.detail).filter((k) => !(k in sample.detail))).toEqual([]);
    expect(Object.keys(sample.detail).filter((k) => !(k in e.detail))).toEqual([]);
    // fixed values, the sample's shape: a consumer reading the agent's version finds one
    expect(Object.keys((e.detail as typeof sample.detail).versionInfo)).toEqual(Object.keys(sample.detail.versionInfo));
    expect((e.detail as typeof sample.detail).registeredResources).toEqual([
      { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 2048 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: reserved },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
    ]);
    expect(describeContainerInstances(sim)).toMatchObject([{ status: 'ACTIVE', runningTasksCount: 2, pendingTasksCount: 0, version: 7 }]);
  });

  it('should hand out an instance’s dynamic host ports in order from the bottom of the range, as the agent does', () => {
    const sim = run((o) => {
      o.service.desiredCount = 3;
      o.containerInstances = { count: 1, cpu: 3 * 1024, memory: 3 * 4096 };
      o.taskDefinition.containerDefinitions[0].portMappings = [{ containerPort: 80 }, { containerPort: 81 }];
    }, 600);
    const ports = describeServiceTasks(sim).flatMap((t) => ((t as { containers: { networkBindings?: { hostPort: number }[] }[] }).containers[0]!.networkBindings ?? []).map((b) => b.hostPort));
    expect(ports.sort((a, b) => a - b)).toEqual([32768, 32769, 32770, 32771, 32772, 32773]);
  });

  it('should give the running tasks of one instance distinct dynamic host ports', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const sim = run((o) => {
        o.seed = seed;
        o.service.desiredCount = 40;
        o.containerInstances = { count: 1, cpu: 40 * 1024, memory: 40 * 4096 };
        o.taskDefinition.containerDefinitions[0].portMappings = [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }];
        o.timeline = [{ at: 600, action: 'UpdateService', desiredCount: 20 }];
      });
      // every task's port 80 as its events show it; all 40 run together until the scale-in at 600 s
      const port = new Map<string, string>();
      for (const e of serviceEvents(sim)) {
        const d = e.detail as { taskArn?: string; containerInstanceArn?: string; containers?: { networkBindings?: { hostPort: number; containerPort: number }[] }[] };
        for (const b of (d.containers ?? []).flatMap((c) => c.networkBindings ?? []).filter((b) => b.containerPort === 80)) port.set(d.taskArn!, `${d.containerInstanceArn}:${b.hostPort}`);
      }
      expect(port.size, `seed ${seed}`).toBe(40);
      expect(new Set(port.values()).size, `seed ${seed}: a host port bound twice`).toBe(40);
    }
  });

  it('should hold a task in PENDING when its instance has no dynamic host port left (28,232 of them), and start it once ports free', () => {
    const service = (stop: number) => (o: Record<string, any>) => {
      o.service.desiredCount = 6;
      o.containerInstances = { count: 1, cpu: 98_304, memory: 393_216 };
      o.taskDefinition.containerDefinitions[0].memoryReservation = 16;
      delete o.taskDefinition.memory;
      // 5,000 dynamic ports a task: five tasks take 25,000, a sixth does not find 5,000 more
      o.taskDefinition.containerDefinitions[0].portMappings = Array.from({ length: 5000 }, (_, k) => ({ containerPort: k + 1 }));
      o.timeline = [{ at: 600, action: 'StopTask', task: stop }];
    };
    // the six are placed together; which one's agent asks for its ports last is the one that waits
    const waiting = run(service(0), 590).tasks.findIndex((t) => t.world.status === 'PENDING');
    const holder = waiting === 0 ? 1 : 0;
    const sim = run(service(holder), 590);
    const states = () => sim.tasks.map((t) => t.world.status);
    expect(states().filter((s) => s === 'RUNNING')).toHaveLength(5);
    expect(states()[waiting]).toBe('PENDING');
    expect(sim.notes.map((n) => n.note)).toContain(
      `task ${waiting} waits in PENDING: container instance 1 (us-east-1a) was counted as having room, but the tasks started on it hold the dynamic host ports it needs (3,230 of the ephemeral range free; it binds 5,000)`,
    );
    sim.runUntil(3_600_000);
    // a task holding ports stopped at 600 s: they went to the one waiting, and its replacement waits in turn
    const after = states();
    expect(after[holder]).toBe('STOPPED');
    expect(after[waiting]).toBe('RUNNING');
    expect(after).toHaveLength(7);
    expect(after[6]).toBe('PENDING');
    expect(after.filter((s) => s === 'RUNNING')).toHaveLength(5);
  });

  it('should list a static host port as taken while a task holds it, and emit nothing for instances without containerInstances', () => {
    const sim = run((o) => {
      o.taskDefinition.containerDefinitions[0].portMappings = [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 5353, protocol: 'udp' }];
      o.timeline = [{ at: 600, action: 'UpdateService', desiredCount: 0 }];
    });
    const ports = serviceEvents(sim)
      .filter((e) => e['detail-type'] === 'ECS Container Instance State Change')
      .map((e) => (e.detail as { remainingResources: { stringSetValue?: string[] }[] }).remainingResources.slice(2).map((r) => r.stringSetValue!.join(',')));
    // one static port per instance: the second task is never placed, so only the first takes and frees them
    expect(ports).toEqual([
      ['22,2375,2376,51678,51679,8080', '5353'],
      ['22,2375,2376,51678,51679', ''],
    ]);
    const without = run((o) => delete o.containerInstances);
    expect(serviceEvents(without).some((e) => e['detail-type'] === 'ECS Container Instance State Change')).toBe(false);
    expect(describeContainerInstances(without)).toEqual([]);
  });

  describe('placement strategy and constraints', () => {
    // three instances with room for four tasks each; five tasks, then three
    const ruled = (service: object, edit: (o: Record<string, any>) => void = () => {}) =>
      run((o) => {
        o.containerInstances = { count: 3, cpu: 2048, memory: 4096 };
        o.service = { ...o.service, desiredCount: 5, ...service };
        o.faults = [];
        o.timeline = [{ at: 600, action: 'UpdateService', desiredCount: 3 }];
        edit(o);
      });
    const where = (sim: ServiceSimulation) => sim.tasks.map((t) => t.placed!.instance.number);
    const running = (sim: ServiceSimulation) => sim.tasks.filter((t) => t.world.status === 'RUNNING').map((t) => t.placed!.instance.number);

    it('should spread over zones by default (instances 1, 2, 3 are in zones a, b, c), and keep zones balanced on scale-in', () => {
      const sim = ruled({});
      expect(where(sim)).toEqual([1, 2, 3, 1, 2]);
      expect(running(sim).sort()).toEqual([1, 2, 3]);
    });

    it('should fill one instance before the next with binpack, and stop tasks on the emptiest instance first', () => {
      const sim = ruled({ placementStrategy: [{ type: 'binpack', field: 'memory' }] });
      expect(where(sim)).toEqual([1, 1, 1, 1, 2]);
      // instance 2 would have the most memory left: its task stops first, then one of instance 1's
      expect(running(sim)).toEqual([1, 1, 1]);
    });

    it('should place at most one wanted task per instance with distinctInstance, and report the constraint when none is left', () => {
      const sim = ruled({ placementConstraints: [{ type: 'distinctInstance' }] });
      expect(where(sim)).toEqual([1, 2, 3]);
      expect(failures(sim).map((o) => o.kind === 'service' && o.notice.reason)).toEqual(['DistinctInstance placement constraint unsatisfied.']);
      expect(sim.notes.some((n) => n.note.includes('distinctInstance allows one per instance'))).toBe(true);
    });

    it('should place a new task beside a stopping one despite distinctInstance, as AWS warns (two RUNNING on one instance)', () => {
      // one instance per task; the deploy stops an old task and places the new one on its instance while it drains
      const sim = ruled({ desiredCount: 2, placementConstraints: [{ type: 'distinctInstance' }], deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 } }, (o) => {
        o.containerInstances.count = 2;
        o.faults = [{ step: 'StopContainer', container: 'worker', ignoreSigterm: true }];
        o.timeline = [{ at: 300, action: 'UpdateService', taskDefinition: { ...o.taskDefinition, containerDefinitions: [{ ...o.taskDefinition.containerDefinitions[0], image: 'worker:2' }] } }];
      });
      const [old0, , new2] = sim.tasks;
      expect(new2!.placed!.instance).toBe(old0!.placed!.instance);
      const runningFrom = (t: typeof new2) => t!.frames.find((f) => f.lastStatus === 'RUNNING')!.t;
      const oldLeftRunning = old0!.frames.find((f) => f.lastStatus === 'STOPPED')!.t;
      expect(runningFrom(new2)).toBeLessThan(oldLeftRunning);
    });

    it("should keep each revision to the zones its task definition's memberOf allows, within the service's", () => {
      const zone = (z: string) => [{ type: 'memberOf', expression: `attribute:ecs.availability-zone == us-east-1${z}` }];
      const sim = ruled({ desiredCount: 2 }, (o) => {
        o.taskDefinition.placementConstraints = zone('b');
        o.timeline = [{ at: 600, action: 'UpdateService', taskDefinition: { ...o.taskDefinition, placementConstraints: zone('c') } }];
      });
      const byRevision = (r: number) => sim.tasks.filter((t) => t.taskDefinition.revision === r).map((t) => t.placed!.instance.number);
      expect(byRevision(1)).toEqual([2, 2]);
      expect(byRevision(2)).toEqual([3, 3]);
    });

    it('should place on instances of several sizes by what each registered: binpack fills the small one first, and its events say its size', () => {
      const groups = [{ count: 1, cpu: 4096, memory: 8192 }, { count: 1, cpu: 1024, memory: 2048 }];
      const sim = ruled({ desiredCount: 3, placementStrategy: [{ type: 'binpack', field: 'memory' }] }, (o) => {
        o.containerInstances = groups;
        o.timeline = [];
      });
      // tasks of 512 units and 1024 MiB: two fit the small instance (2), then the big one (1)
      expect(where(sim)).toEqual([2, 2, 1]);
      const described = describeContainerInstances(sim) as { registeredResources: { integerValue?: number }[]; remainingResources: { integerValue?: number }[] }[];
      expect(described.map((i) => [i.registeredResources[0]!.integerValue, i.registeredResources[1]!.integerValue, i.remainingResources[1]!.integerValue])).toEqual([
        [4096, 8192, 7168],
        [1024, 2048, 0],
      ]);
      // spread (the default) takes the big one first only by zone: instance 1 is in zone a, instance 2 in zone b
      expect(where(ruled({ desiredCount: 3 }, (o) => ((o.containerInstances = groups), (o.timeline = []))))).toEqual([1, 2, 1]);
    });

    it('should keep to the zones a memberOf constraint allows', () => {
      const sim = ruled({ placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [us-east-1b, us-east-1c]' }] });
      expect(where(sim)).toEqual([2, 3, 2, 3, 2]);
    });
  });

  it('should report a placement failure again when a new shortfall starts after one ended', () => {
    const sim = run((o) => {
      o.service.desiredCount = 3; // room for two: the third never fits
      o.timeline = [{ at: 100, action: 'UpdateService', desiredCount: 2 }, { at: 1000, action: 'UpdateService', desiredCount: 4 }];
    });
    expect(failures(sim).map((o) => (o.kind === 'service' ? o.t / 1000 : 0))).toEqual([0, 1001]);
    expect(sim.placementFailure).not.toBeNull();
  });

  it('should let the next task in when one stopped while it waited for room, not hold the room for it', () => {
    // task 2 waits for task 0, then is stopped; task 0 is held in DEPROVISIONING until 2000 s
    const sim = run((o) => {
      o.taskDefinition.networkMode = 'awsvpc';
      o.timeline[0].taskDefinition.networkMode = 'awsvpc';
      o.faults.push({ step: 'ReleaseEni', restoredAfterSeconds: 2000 });
      o.timeline.push({ at: 320, action: 'StopTask', task: 2 });
    });
    const pulled = (i: number) => (sim.tasks[i]!.frames.at(-1)!.stamps.pullStartedAt ?? Number.NaN) / 1000;
    expect(sim.tasks[2]!.frames.at(-1)!.stamps.pullStartedAt).toBeNull();
    expect(sim.tasks[2]!.world.status).toBe('STOPPED');
    const task0Stopped = sim.tasks[0]!.frames.at(-1)!.stamps.stoppedAt! / 1000;
    expect(task0Stopped).toBeGreaterThan(2000);
    expect(pulled(3)).toBe(task0Stopped);
    expect(sim.notes.some((n) => n.note.startsWith('task 2 stops waiting'))).toBe(false);
  });

  it('should warn, not refuse, when a revision is bigger than every instance or binds a port the agent keeps', () => {
    const s = loadScenario({ ...preset(), timeline: [], taskDefinition: { ...preset().taskDefinition, cpu: '2048' } });
    expect(s.warnings).toEqual([
      'taskDefinition (worker:1) needs 2048 CPU units, more than a container instance registers (1024 CPU units, 2048 MiB): no task of it can ever be placed',
    ]);
    const ssh = preset();
    ssh.timeline[0].taskDefinition.containerDefinitions[0].portMappings = [{ containerPort: 2222, hostPort: 22 }];
    expect(loadScenario(ssh).warnings).toEqual([
      'timeline[0].taskDefinition (worker:2) binds host port 22, which every container instance keeps for the host and the agent (ECS_RESERVED_PORTS): no task of it can ever be placed',
    ]);
    // without instances the simulator has room all the same: it says ECS would not
    const { containerInstances: _ci, ...anywhere } = ssh;
    expect(loadScenario(anywhere).warnings).toEqual([
      'timeline[0].taskDefinition (worker:2) binds host port 22, which every container instance keeps for the host and the agent (ECS_RESERVED_PORTS): ECS would never place it. Without containerInstances the simulator places it all the same; give them to see it wait (RESOURCE:PORTS)',
    ]);
    // several sizes: one has the CPU, the other the memory, none both
    const task = { ...preset().taskDefinition, cpu: '2048', memory: '2048' };
    const split = [{ count: 1, cpu: 1024, memory: 8192 }, { count: 1, cpu: 4096, memory: 1024 }];
    expect(loadScenario({ ...preset(), timeline: [], taskDefinition: task, containerInstances: split }).warnings).toEqual([
      'taskDefinition (worker:1) needs 2048 CPU units and 2048 MiB together, more than any container instance registers (1024 CPU units, 8192 MiB; 4096 CPU units, 1024 MiB): no task of it can ever be placed',
    ]);
    expect(loadScenario({ ...preset(), timeline: [], taskDefinition: task, containerInstances: [...split, { count: 1, cpu: 2048, memory: 2048 }] }).warnings).toBeUndefined();
  });

  it('should refuse them beside an Auto Scaling group provider, where tasks wait in PROVISIONING instead', () => {
    const { launchType: _, ...noLaunchType } = preset();
    const withProvider = { ...noLaunchType, capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }] };
    expect(() => loadScenario(withProvider)).toThrow(/^containerInstances: a fixed set of instances does not go with capacity provider my-asg/);
    // a PlaceTask fault without that provider gets its own, more useful, message
    const withFault = { ...preset(), faults: [{ step: 'PlaceTask', capacityAfterSeconds: 60 }] };
    expect(() => loadScenario(withFault)).toThrow(/^faults\[0\]\.step: PlaceTask needs an Auto Scaling group/);
  });
});
