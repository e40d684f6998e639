import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAMP_ORDER } from '../../src/sim/project/task-detail.ts';
import { enteredAt, fargateWeb, realTaskDefinitions, webDefinition, realworld, repoRoot, run, statuses } from '../support/scenarios.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { scenarioLifecycles } from '../../src/sim/paths/scenario-lifecycles.ts';
import { lifecycleEvents } from '../../src/sim/paths/project.ts';

type Ev = { version: string; id: string; 'detail-type': string; source: string; account: string; time: string; region: string; resources: string[]; detail: Record<string, any> };

const awsSample: Ev = JSON.parse(readFileSync(join(realworld, 'aws-doc-events/task-state-change_fargate-running_devguide2023.json'), 'utf8'));

describe('ECS Task State Change events', () => {
  const sim = run(fargateWeb());
  const events = sim.events as Ev[];

  it('should carry the EventBridge envelope AWS prints', () => {
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(Object.keys(awsSample).sort());
      expect(e).toMatchObject({ version: '0', 'detail-type': 'ECS Task State Change', source: 'aws.ecs', account: '123456789012', region: 'us-east-1' });
      expect(e.resources).toEqual([e.detail.taskArn]);
      expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('should use only detail fields that AWS uses in its own sample (plus the stop fields and those newer events carry)', () => {
    // Newer than AWS's 2020 sample: attributes, enableExecuteCommand and
    // ephemeralStorage, as real Fargate events of 2021–2024 print them.
    const newer = ['attributes', 'enableExecuteCommand', 'ephemeralStorage'];
    const known = new Set([...Object.keys(awsSample.detail), 'stopCode', 'stoppedReason', 'stoppingAt', 'executionStoppedAt', 'stoppedAt', 'startedBy', 'containerInstanceArn', ...newer]);
    for (const e of events) for (const k of Object.keys(e.detail)) expect(known, k).toContain(k);
    for (const e of events) expect(e.detail).toMatchObject({ attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }], enableExecuteCommand: false, ephemeralStorage: { sizeInGiB: 20 } });
    // DescribeTasks names the platform family; events do not
    expect(events.some((e) => 'platformFamily' in e.detail)).toBe(false);
    expect(sim.describeTask()).toMatchObject({ platformFamily: 'Linux', platformVersion: '1.4.0', ephemeralStorage: { sizeInGiB: 20 } });
  });

  it('should print updatedAt just before taskArn, as both of AWS’s samples do (a golden file compared byte for byte)', () => {
    const sample2018: Ev = JSON.parse(readFileSync(join(realworld, 'aws-doc-events/task-state-change_ec2-container-stopped-task-running_devguide2018.json'), 'utf8'));
    const before = (keys: string[]) => keys[keys.indexOf('taskArn') - 1];
    expect(before(Object.keys(awsSample.detail))).toBe('updatedAt');
    expect(before(Object.keys(sample2018.detail))).toBe('updatedAt');
    for (const e of events) expect(before(Object.keys(e.detail))).toBe('updatedAt');
    // DescribeTasks has no updatedAt
    expect(sim.describeTask()).not.toHaveProperty('updatedAt');
  });

  it('should print the keys it shares with each of AWS’s samples in the sample’s order (startedAt between the two pull times)', () => {
    const sample2018: Ev = JSON.parse(readFileSync(join(realworld, 'aws-doc-events/task-state-change_ec2-container-stopped-task-running_devguide2018.json'), 'utf8'));
    const ec2 = run(loadScenario({ taskDefinition: realTaskDefinitions().find((d) => d.file === 'nginx_ec2.json')!.json, timeline: [{ at: 600, action: 'StopTask' }] }));
    for (const [sample, sims] of [[awsSample, [sim, ec2]], [sample2018, [sim, ec2]]] as const) {
      const order = Object.keys(sample.detail);
      for (const e of sims.flatMap((s) => s.events as Ev[])) {
        const shared = Object.keys(e.detail).filter((k) => order.includes(k));
        expect(shared).toEqual(order.filter((k) => shared.includes(k)));
      }
    }
  });

  it('should start the first pull 8 to 16 s after the ENI attached on Fargate, as real events show, and at once on EC2', () => {
    const gap = (sim: ReturnType<typeof run>) => {
      const d = sim.events.at(-1)!.detail as Record<string, any>;
      return (Date.parse(d.pullStartedAt) - Date.parse(d.connectivityAt)) / 1000;
    };
    const gaps = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => gap(run(fargateWeb({ seed }))));
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(8), expect(g).toBeLessThanOrEqual(16);
    expect(new Set(gaps).size).toBeGreaterThan(4);
    // the agent on EC2 is already running: awsvpc on EC2 pulls as soon as it has the task, a moment after the interface attaches
    for (const seed of [1, 2, 3]) {
      const ec2 = run(loadScenario({ taskDefinition: { family: 'w', networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'nginx', memory: 128 }] }, launchType: 'EC2', seed, timeline: [{ at: 600, action: 'StopTask' }] }));
      expect(gap(ec2)).toBeGreaterThanOrEqual(0.1);
      expect(gap(ec2)).toBeLessThanOrEqual(0.6);
    }
  });

  it('should not pull at all when the task is stopped before the Fargate agent came up, and say nothing on the console', () => {
    const warn = console.warn;
    const said: unknown[] = [];
    console.warn = (...a: unknown[]) => void said.push(a);
    try {
      const sim = run(fargateWeb({ timeline: [{ at: 8, action: 'StopTask' }] }));
      expect(statuses(sim)).toEqual(['PROVISIONING', 'PENDING', 'DEPROVISIONING', 'STOPPED']);
      // stopped inside the gap: PENDING entered before 8 s, its pulls due after
      expect(enteredAt(sim, 'task', 'PENDING')).toBeLessThan(8000);
      expect(sim.events.some((e) => 'pullStartedAt' in e.detail)).toBe(false);
      expect(sim.view().containers[0]!.state).toBe('STOPPED');
    } finally {
      console.warn = warn;
    }
    expect(said).toEqual([]);
  });

  it('should show the host ports a bridge container binds from its start on (STOPPED too, as the agent never clears them), a dynamic one from the ephemeral range, and none on host or awsvpc', () => {
    const td = (networkMode: string, portMappings: object[]) => ({ family: 'w', networkMode, containerDefinitions: [{ name: 'a', image: 'nginx', memory: 128, portMappings }] });
    const bindings = (sim: ReturnType<typeof run>, status: string) =>
      (sim.events.find((e) => (e.detail as any).containers[0].lastStatus === status)!.detail as any).containers[0].networkBindings;
    const stop = { timeline: [{ at: 600, action: 'StopTask' }] };
    const dynamic = run(loadScenario({ taskDefinition: td('bridge', [{ containerPort: 80 }, { containerPort: 9090, hostPort: 9090, protocol: 'udp' }]), ...stop }));
    const [web, metrics] = bindings(dynamic, 'RUNNING');
    expect(web).toMatchObject({ bindIP: '0.0.0.0', containerPort: 80, protocol: 'tcp' });
    expect(web.hostPort).toBeGreaterThanOrEqual(32768);
    expect(web.hostPort).toBeLessThanOrEqual(60999);
    expect(metrics).toEqual({ bindIP: '0.0.0.0', containerPort: 9090, hostPort: 9090, protocol: 'udp' });
    // not before it runs (Docker binds them when it starts the container); still there once it has
    // stopped: the agent sets them once and sends them with the STOPPED change (amazon-ecs-agent
    // engine/docker_task_engine.go, api/statechange.go), and a consumer dropping instance:port needs them then
    expect(bindings(dynamic, 'PENDING')).toBeUndefined();
    expect(bindings(dynamic, 'STOPPED')).toEqual([web, metrics]);
    expect((dynamic.describeTask() as any).containers[0].networkBindings).toEqual([web, metrics]);
    // the agent's next ports, in order, past the task's own static ones: a few hundred given before it (our model)
    const two = run(loadScenario({ taskDefinition: { family: 'w', containerDefinitions: [{ name: 'a', image: 'x', memory: 64, portMappings: [{ containerPort: 80 }, { containerPort: 81 }] }, { name: 'b', image: 'y', memory: 64, portMappings: [{ containerPort: 80 }] }] }, ...stop }));
    const given = (two.describeTask() as any).containers.flatMap((c: any) => c.networkBindings.map((b: any) => b.hostPort));
    expect(given).toEqual([given[0], given[0] + 1, given[0] + 2]);
    expect(given[0]).toBeLessThan(32768 + 1000);
    // the same seed binds the same port; another seed another
    expect(bindings(run(loadScenario({ taskDefinition: td('bridge', [{ containerPort: 80 }]), ...stop })), 'RUNNING')[0].hostPort).toBe(web.hostPort);
    expect(bindings(run(loadScenario({ taskDefinition: td('bridge', [{ containerPort: 80 }]), seed: 2, ...stop })), 'RUNNING')[0].hostPort).not.toBe(web.hostPort);
    // host: Docker reports no port bindings for a container on the host's network, so the agent sends none
    const host = run(loadScenario({ taskDefinition: td('host', [{ containerPort: 8080 }]), ...stop }));
    expect(bindings(host, 'RUNNING')).toBeUndefined();
    expect((host.describeTask() as any).containers[0].networkBindings).toEqual([]);
    expect(bindings(run(fargateWeb()), 'RUNNING')).toBeUndefined();
  });

  it("should show the definition's ephemeral storage and CPU architecture, and no ephemeral storage on EC2", () => {
    const arm = run(
      fargateWeb({
        taskDefinition: {
          family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
          containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', portMappings: [{ containerPort: 80 }] }],
          ephemeralStorage: { sizeInGiB: 50 },
          runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
        },
        settings: { region: 'eu-west-1' },
      }),
    );
    const last = arm.events.at(-1)!.detail as Record<string, any>;
    expect(last).toMatchObject({ attributes: [{ name: 'ecs.cpu-architecture', value: 'arm64' }], ephemeralStorage: { sizeInGiB: 50 } });
    // outside us-east-1 the name carries the region
    expect(last.attachments[0].details[3].value).toMatch(/^ip-10-0-\d+-\d+\.eu-west-1\.compute\.internal$/);
    const ec2 = run(loadScenario(JSON.parse(readFileSync(join(realworld, 'task-definitions/nginx_ec2.json'), 'utf8'))));
    expect(ec2.events.at(-1)!.detail).toMatchObject({ attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }], enableExecuteCommand: false });
    expect(ec2.events.at(-1)!.detail).not.toHaveProperty('ephemeralStorage');
    expect(ec2.describeTask()).not.toHaveProperty('platformFamily');
  });

  it('should grow detail.version by exactly one per event, with time never going back', () => {
    events.forEach((e, i) => expect(e.detail.version).toBe(i + 1));
    for (let i = 1; i < events.length; i++) expect(Date.parse(events[i]!.time)).toBeGreaterThanOrEqual(Date.parse(events[i - 1]!.time));
    expect((sim.describeTask() as { version: number }).version).toBe(events.length);
  });

  it('should emit an event for each change of the task or a container, and only then (the version counts changes)', () => {
    type Detail = { lastStatus: string; desiredStatus: string; stopCode?: string; containers: { name: string; lastStatus: string; exitCode?: number }[] };
    const observable = (d: Detail) => JSON.stringify([d.lastStatus, d.desiredStatus, d.stopCode ?? null, d.containers.map((c) => [c.name, c.lastStatus, c.exitCode ?? null])]);
    const seen = events.map((e) => observable(e.detail as Detail));
    // no event repeats the one before: each says something changed
    for (let i = 1; i < seen.length; i++) expect(seen[i], `event ${i + 1}`).not.toBe(seen[i - 1]);
    // and none is missed: every status the task went through, the stop request, each container starting and stopping
    const lastStatuses = events.map((e) => e.detail.lastStatus as string).filter((x, i, all) => x !== all[i - 1]);
    expect(lastStatuses).toEqual(statuses(sim));
    const web = events.map((e) => (e.detail as Detail).containers[0]!.lastStatus).filter((x, i, all) => x !== all[i - 1]);
    expect(web).toEqual(['PENDING', 'RUNNING', 'STOPPED']);
    expect(events.filter((e) => e.detail.desiredStatus === 'STOPPED')[0]!.detail.lastStatus).toBe('RUNNING');
  });

  it('should describe the ENI attachment with subnetId, networkInterfaceId, macAddress, privateDnsName and privateIPv4Address once attached', () => {
    // as AWS prints a PROVISIONING task: only the subnet, and no interface on the containers yet
    const first = events[0]!.detail;
    expect(first.attachments[0]).toMatchObject({ type: 'eni', status: 'PRECREATED', details: [{ name: 'subnetId', value: expect.stringMatching(/^subnet-/) }] });
    expect(first.containers[0].networkInterfaces).toEqual([]);
    const attached = events.find((e) => e.detail.attachments[0].status === 'ATTACHED')!.detail;
    expect(attached.attachments[0].details.map((d: { name: string }) => d.name)).toEqual(['subnetId', 'networkInterfaceId', 'macAddress', 'privateDnsName', 'privateIPv4Address']);
    const ip = attached.attachments[0].details[4].value;
    // us-east-1 names hosts ec2.internal (real events and DescribeTasks output)
    expect(attached.attachments[0].details[3].value).toBe(`ip-${ip.replaceAll('.', '-')}.ec2.internal`);
    expect(attached.containers[0].networkInterfaces).toEqual([{ attachmentId: attached.attachments[0].id, privateIpv4Address: ip }]);
    expect(events.at(-1)!.detail.attachments[0].status).toBe('DELETED');
    expect(events.at(-1)!.detail.attachments[0].details).toHaveLength(5);
    // DescribeTasks names the type in full, as the API prints it
    expect(sim.describeTask()).toMatchObject({ attachments: [{ type: 'ElasticNetworkInterface', status: 'DELETED' }] });
  });

  it('should never include healthStatus in events (DescribeTasks has it)', () => {
    for (const e of events) {
      expect(e.detail).not.toHaveProperty('healthStatus');
      for (const c of e.detail.containers) expect(c).not.toHaveProperty('healthStatus');
    }
    expect(sim.describeTask()).toHaveProperty('healthStatus', 'UNKNOWN');
  });

  it('should put a standalone task in group family:<family>, and one registered with a load balancer or Cloud Map in a service’s group, started by its deployment (RunTask takes neither)', () => {
    const origin = (s: ReturnType<typeof fargateWeb>) => {
      const sim = run(s);
      const groups = new Set(sim.events.map((e) => `${e.detail.group} ${e.detail.startedBy ?? '-'}`));
      const task = sim.describeTask() as { group: string; startedBy?: string };
      expect([...groups]).toEqual([`${task.group} ${task.startedBy ?? '-'}`]);
      const l = scenarioLifecycles(s)[0]!;
      expect(new Set(lifecycleEvents(s, l).map((e) => `${e.detail.group} ${e.detail.startedBy ?? '-'}`))).toEqual(groups);
      return task;
    };
    const standalone = origin(fargateWeb({ loadBalancers: [], serviceRegistries: [] }));
    expect(standalone.group).toBe('family:web');
    expect(standalone).not.toHaveProperty('startedBy');
    for (const registered of [fargateWeb(), fargateWeb({ loadBalancers: [] }), fargateWeb({ serviceRegistries: [] })])
      expect(origin(registered)).toMatchObject({ group: 'service:web', startedBy: expect.stringMatching(/^ecs-svc\/\d{19}$/) });
  });

  it('should give the stopped task its stop fields as ISO-8601 UTC times in order', () => {
    const d = events.at(-1)!.detail;
    expect(d).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Deploying a new version' });
    const present = STAMP_ORDER.filter((k) => d[k] !== undefined).map((k) => Date.parse(d[k]));
    expect(present.length).toBe(STAMP_ORDER.length);
    expect([...present].sort((a, b) => a - b)).toEqual(present);
    // as AWS prints them: milliseconds without trailing zeros, none on a whole second
    for (const k of STAMP_ORDER) expect(d[k]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,2}[1-9])?Z$/);
    // the StopTask at 600 s, counted from the task's creation: a start within the
    // first second of 2026 drawn from the seed, so no stamp falls on a whole second
    expect(d.createdAt).toMatch(/^2026-01-01T00:00:00\.\d{1,3}Z$/);
    expect(Date.parse(d.stoppingAt) - Date.parse(d.createdAt)).toBe(600_000);
    expect(d.createdAt).toBe(new Date(sim.scenario.startTime).toISOString().replace(/0*Z$/, 'Z'));
  });

  it('should give DescribeTasks Unix-seconds timestamps', () => {
    const t = sim.describeTask() as Record<string, unknown>;
    expect(t.createdAt).toBe(sim.scenario.startTime / 1000);
    expect(Number.isInteger(t.createdAt)).toBe(false);
    expect(typeof t.stoppedAt).toBe('number');
  });

  it('should produce byte-identical output for the same scenario and seed, and differ for another seed', () => {
    const again = JSON.stringify(run(fargateWeb()).events);
    expect(again).toBe(JSON.stringify(events));
    expect(JSON.stringify(run(fargateWeb({ seed: 2 })).events)).not.toBe(again);
  });

  it('should name another task (ARN, ENI, event ids) in another scenario with the same seed, the same task stopped at another time alike but with other event ids, and time it the same', () => {
    const described = (sim: ReturnType<typeof run>) => sim.describeTask() as { taskArn: string; attachments: unknown };
    const ids = (sim: ReturnType<typeof run>) => ({ task: described(sim).taskArn, eni: JSON.stringify(described(sim).attachments), events: sim.events.map((e) => e.id) });
    const base = run(fargateWeb());
    const otherImage = run(fargateWeb({ taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.28', portMappings: [{ containerPort: 80 }] }] } }));
    expect(ids(otherImage).task).not.toBe(ids(base).task);
    expect(ids(otherImage).eni).not.toBe(ids(base).eni);
    expect(ids(otherImage).events.filter((id) => ids(base).events.includes(id))).toEqual([]);
    // the names change, not the draws: every timing is the same
    expect(otherImage.events.map((e) => e.time)).toEqual(base.events.map((e) => e.time));
    // the same task, stopped later: the same names, for diffing two runs; but
    // other events, so other ids (a consumer fed both must not drop them as repeats)
    const later = run(fargateWeb({ timeline: [{ at: 900, action: 'StopTask', reason: 'Deploying a new version' }] }));
    expect(described(later).taskArn).toBe(described(base).taskArn);
    expect(ids(later).eni).toBe(ids(base).eni);
    expect(ids(later).events.filter((id) => ids(base).events.includes(id))).toEqual([]);
    // the same scenario again: the same ids
    expect(ids(run(fargateWeb())).events).toEqual(ids(base).events);
    // a definition that differs in its size is another task
    const bigger = run(fargateWeb({ taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '1024', memory: '2048', containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', portMappings: [{ containerPort: 80 }] }] } }));
    expect(ids(bigger).task).not.toBe(ids(base).task);
  });

  it('should name apart the events after a stop clicked on the page at different moments', () => {
    const clicked = (atMs: number) => {
      const sim = createSimulation(fargateWeb({ timeline: [] }));
      sim.runUntil(atMs);
      expect(sim.act({ action: 'StopTask' })).toBeNull();
      sim.runUntil(3_600_000);
      return sim.events;
    };
    const [early, late] = [clicked(100_000), clicked(200_000)];
    const lateIds = new Set(late.map((e) => e.id));
    // the events before the click are the same events; after it they differ, and so do their ids
    const shared = early.filter((e) => lateIds.has(e.id));
    expect(shared.length).toBeGreaterThan(0);
    for (const e of shared) expect(e).toEqual(late.find((x) => x.id === e.id));
    expect(early.length - shared.length).toBeGreaterThan(3);
  });

  it('should give no two runs of neighbouring scenarios and seeds a shared event id, nor their lifecycle fixtures', () => {
    const image = (tag: string) => ({ taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: `nginx:${tag}`, portMappings: [{ containerPort: 80 }] }] } });
    const ids = new Map<string, string>();
    for (const tag of ['1.25', '1.27', '1.28'])
      for (const seed of [1, 2, 3])
        for (const e of run(fargateWeb({ ...image(tag), seed })).events) {
          expect(ids.get(e.id), `${e.id} of nginx:${tag} seed ${seed}`).toBeUndefined();
          ids.set(e.id, `${tag}/${seed}`);
        }
    // lifecycle i+1 of one file must not carry the ids of lifecycle i of another
    const fixtureIds = (tag: string) => {
      const s = loadScenario(image(tag));
      return scenarioLifecycles(s).flatMap((l) => lifecycleEvents(s, l).map((e) => e.id));
    };
    const a = fixtureIds('1.27');
    expect(fixtureIds('1.28').filter((id) => a.includes(id))).toEqual([]);
  });

  it('should give a lifecycle fixture names of its own: never a run’s task, never another lifecycle’s, in any --distinct mode or scenario variant', () => {
    const s = fargateWeb();
    const fixtures = (sc: typeof s, distinct: 'states' | 'outcomes') =>
      scenarioLifecycles(sc, { distinct }).map((l) => ({ steps: l.steps.join('|'), events: lifecycleEvents(sc, l) }));
    const states = fixtures(s, 'states');
    const outcomes = fixtures(s, 'outcomes');
    const arn = (f: { events: { resources: string[] }[] }) => f.events[0]!.resources[0]!;
    // the task `run` simulates is none of them
    const runArn = (run(s).describeTask() as { taskArn: string }).taskArn;
    expect([...states, ...outcomes].map(arn)).not.toContain(runArn);
    // one lifecycle, one name, whichever mode lists it; two lifecycles, two names
    const byArn = new Map<string, string>();
    for (const f of [...states, ...outcomes]) {
      expect(byArn.get(arn(f)) ?? f.steps).toBe(f.steps);
      byArn.set(arn(f), f.steps);
    }
    expect(new Set(byArn.values()).size).toBe(byArn.size);
    // a variant without the load balancer: the events differ, and so do their ids
    const noLb = fixtures(loadScenario({ ...JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/fargate-web.json'), 'utf8')), loadBalancers: [] }), 'states');
    const ids = new Set(states.flatMap((f) => f.events.map((e) => e.id)));
    expect(noLb.flatMap((f) => f.events.map((e) => e.id)).filter((id) => ids.has(id))).toEqual([]);
  });

  it('should keep a lifecycle fixture byte for byte when only what paths ignores changes (the timeline, faults that add no lifecycle)', () => {
    const file = JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/fargate-web.json'), 'utf8'));
    const fixtures = (raw: object) => {
      const sc = loadScenario(raw);
      return scenarioLifecycles(sc).map((l) => JSON.stringify(lifecycleEvents(sc, l)));
    };
    const golden = fixtures(file);
    expect(fixtures({ ...file, timeline: [...file.timeline, { at: 30, action: 'ContainerExit', container: 'web' }, { at: 900, action: 'StopTask', reason: 'another' }] })).toEqual(golden);
    expect(fixtures({ ...file, faults: [{ step: 'PullImage', container: 'web' }] })).toEqual(golden);
    // what paths takes from them (the first StopTask's reason) changes the events, and so their ids
    const reworded = fixtures({ ...file, timeline: [{ at: 90, action: 'StopTask', reason: 'another' }] });
    const idsOf = (fs: string[]) => new Set(fs.flatMap((f) => (JSON.parse(f) as { id: string }[]).map((e) => e.id)));
    expect(reworded.join()).toContain('"stoppedReason":"another"');
    expect([...idsOf(reworded)].filter((id) => idsOf(golden).has(id))).toEqual([]);
  });

  it('should report the task size in units, as AWS does, however the definition wrote it', () => {
    const sim = run(loadScenario({ family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '0.25 vCPU', memory: '0.5 GB', containerDefinitions: [{ name: 'web', image: 'nginx' }] }), 60);
    expect(sim.events[0]!.detail).toMatchObject({ cpu: '256', memory: '512' });
    expect(sim.describeTask()).toMatchObject({ cpu: '256', memory: '512' });
  });

  it('should give an EC2 task sized on its containers only the size its containers reserve, as AWS\'s describe-tasks example does', () => {
    // nginx_ec2.json: cpu 256 and memory 256 on its one container, nothing on the task
    const nginx = realTaskDefinitions().find((d) => d.file === 'nginx_ec2.json')!.json;
    const one = run(loadScenario(nginx), 120);
    for (const e of one.events as Ev[]) expect(e.detail).toMatchObject({ cpu: '256', memory: '256' });
    expect(one.describeTask()).toMatchObject({ cpu: '256', memory: '256' });
    // two containers: their sum; a soft limit (memoryReservation) is what a container reserves
    const two = run(loadScenario({ family: 'w', containerDefinitions: [{ name: 'a', image: 'x', cpu: 128, memory: 512, memoryReservation: 128 }, { name: 'b', image: 'y', memory: 64 }] }), 120);
    expect(two.describeTask()).toMatchObject({ cpu: '128', memory: '192' });
    // no cpu anywhere: none said, rather than a made-up 0
    const none = run(loadScenario({ family: 'w', containerDefinitions: [{ name: 'a', image: 'x', memory: 64 }] }), 120);
    expect(none.describeTask()).not.toHaveProperty('cpu');
    expect(none.describeTask()).toMatchObject({ memory: '64' });
  });

  describe('connectivity on EC2 (AWS\'s describe-tasks example shows an EC2 task CONNECTED)', () => {
    const td = (file: string) => realTaskDefinitions().find((d) => d.file === file)!.json;
    const ASG = [{ capacityProvider: 'web-asg', weight: 1 }];

    it('should connect a bridge task when it is placed, from its first event', () => {
      const sim = run(loadScenario({ taskDefinition: td('nginx_ec2.json'), timeline: [{ at: 600, action: 'StopTask' }] }));
      for (const e of sim.events as Ev[]) expect(e.detail).toMatchObject({ connectivity: 'CONNECTED', connectivityAt: e.detail.createdAt });
      expect(sim.describeTask()).toMatchObject({ connectivity: 'CONNECTED' });
    });

    it('should connect an awsvpc task on EC2 when its ENI attaches', () => {
      const sim = run(loadScenario({ taskDefinition: td('kibana_ec2.json'), timeline: [{ at: 600, action: 'StopTask' }] }));
      const events = sim.events as Ev[];
      // absent until connected, as in AWS's run-task examples of a PROVISIONING task
      expect(events[0]!.detail).not.toHaveProperty('connectivity');
      expect(events[0]!.detail).not.toHaveProperty('connectivityAt');
      const attached = enteredAt(sim, 'eni', 'ATTACHED')!;
      expect(Date.parse(events.at(-1)!.detail.connectivityAt)).toBe(sim.scenario.startTime + attached);
    });

    it('should give a task waiting for capacity no zone and no connectivity until it is placed', () => {
      const sim = run(loadScenario({ taskDefinition: td('nginx_ec2.json'), capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask', capacityAfterSeconds: 240 }], timeline: [{ at: 600, action: 'StopTask' }] }));
      const events = sim.events as Ev[];
      const waiting = events.filter((e) => e.detail.lastStatus === 'PROVISIONING');
      expect(waiting.length).toBeGreaterThan(0);
      for (const e of waiting) {
        expect(e.detail).not.toHaveProperty('availabilityZone');
        expect(e.detail).not.toHaveProperty('connectivity');
      }
      const pending = events.find((e) => e.detail.lastStatus === 'PENDING')!;
      expect(pending.detail.availabilityZone).toMatch(/^us-east-1[a-f]$/);
      expect(Date.parse(pending.detail.connectivityAt)).toBe(sim.scenario.startTime + 240_000);
    });

    it('should give an ECS Anywhere task no zone: its server is on premises', () => {
      const sim = run(loadScenario({ taskDefinition: td('ConsulClient.json'), launchType: 'EXTERNAL', timeline: [{ at: 100, action: 'StopTask' }] }));
      for (const e of sim.events as Ev[]) expect(e.detail).not.toHaveProperty('availabilityZone');
      expect(sim.describeTask()).not.toHaveProperty('availabilityZone');
      expect(sim.describeTask().containerInstanceArn).toMatch(/:container-instance\//);
    });

    it('should never give a task that got no capacity a zone', () => {
      const sim = run(loadScenario({ taskDefinition: td('nginx_ec2.json'), capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask' }] }));
      for (const e of sim.events as Ev[]) expect(e.detail).not.toHaveProperty('availabilityZone');
      expect(sim.describeTask()).not.toHaveProperty('availabilityZone');
    });
  });

  it('should build ARNs in the partition of the region (China and GovCloud have their own)', () => {
    for (const [region, partition] of [['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov'], ['us-iso-east-1', 'aws-iso'], ['us-isob-east-1', 'aws-iso-b'], ['eu-west-1', 'aws']]) {
      const sim = run(fargateWeb({ settings: { region } }), 60);
      const d = (sim.events[0] as Ev).detail;
      expect(d.taskArn.startsWith(`arn:${partition}:ecs:${region}:`)).toBe(true);
      expect(d.clusterArn.startsWith(`arn:${partition}:ecs:${region}:`)).toBe(true);
      expect(d.availabilityZone.startsWith(region)).toBe(true);
    }
  });

  it('should give a started container the runtimeId of its platform: <task id>-<number> on Fargate, the 64-hex Docker ID on EC2', () => {
    const runtimeIds = (sim: ReturnType<typeof run>) => (sim.events as Ev[]).flatMap((e) => e.detail.containers.map((c: { runtimeId?: string }) => c.runtimeId)).filter(Boolean);
    const fargate = run(fargateWeb());
    const taskId = (fargate.events[0] as Ev).detail.taskArn.split('/').at(-1);
    expect(runtimeIds(fargate).length).toBeGreaterThan(0);
    for (const id of runtimeIds(fargate)) expect(id).toMatch(new RegExp(`^${taskId}-\\d+$`));
    const ec2 = run(loadScenario({ taskDefinition: realTaskDefinitions().find((d) => d.file === 'nginx_ec2.json')!.json, timeline: [{ at: 600, action: 'StopTask' }] }));
    expect(runtimeIds(ec2).length).toBeGreaterThan(0);
    for (const id of runtimeIds(ec2)) expect(id).toMatch(/^[0-9a-f]{64}$/);
    // ten digits after the task id; two tasks run with one seed do not share the number
    for (const id of runtimeIds(fargate)) expect(id).toMatch(/-\d{10}$/);
    const other = run(fargateWeb({ taskDefinition: { ...webDefinition(), family: 'other' } }));
    const suffixes = (sim: ReturnType<typeof run>) => new Set(runtimeIds(sim).map((id) => id!.split('-').at(-1)));
    expect([...suffixes(other)].filter((n) => suffixes(fargate).has(n))).toEqual([]);
  });

  it('should report one imageDigest per image (the pinned one when the image names it), whichever container, task or seed pulls it', () => {
    const pinned = `sha256:${'ab12'.repeat(16)}`;
    const definition = {
      family: 'digests', networkMode: 'bridge', requiresCompatibilities: ['EC2'],
      containerDefinitions: [
        { name: 'app', image: 'nginx:1.27', memory: 128 },
        { name: 'copy', image: 'nginx:1.27', memory: 128, essential: false },
        { name: 'other', image: 'busybox:1.36', memory: 128, essential: false },
        { name: 'pinned', image: `public.ecr.aws/x/y@${pinned.toUpperCase()}`, memory: 128, essential: false },
      ],
    };
    const digests = (seed: number) => {
      const sim = run(loadScenario({ taskDefinition: definition, seed, timeline: [{ at: 100, action: 'StopTask' }] }));
      const last = (sim.events as Ev[]).at(-1)!.detail.containers as { name: string; imageDigest: string }[];
      return Object.fromEntries(last.map((c) => [c.name, c.imageDigest]));
    };
    const one = digests(1);
    expect(one.app).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(one.copy).toBe(one.app);
    expect(one.other).not.toBe(one.app);
    expect(one.pinned).toBe(pinned);
    expect(digests(2)).toEqual(one);
  });

  it("should take the region of a describe-task-definition ARN only when it is a region code (an emulator's ARN may name none)", () => {
    const td = (region: string) => ({
      taskDefinition: {
        taskDefinitionArn: `arn:aws:ecs:${region}:210987654321:task-definition/web:3`,
        family: 'web',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'web', image: 'nginx' }],
      },
    });
    expect((run(loadScenario(td('eu-central-1')), 60).events[0] as Ev).region).toBe('eu-central-1');
    const odd = run(loadScenario(td('localstack')), 60).events[0] as Ev;
    expect(odd.region).toBe('us-east-1');
    expect(odd.account).toBe('210987654321');
  });
});

describe('network addresses (fixtures from several files and runs are fed to one consumer together)', () => {
  const eni = (sim: ReturnType<typeof run>) => Object.fromEntries(((sim.events.at(-1) as Ev).detail.attachments[0].details as { name: string; value: string }[]).map((d) => [d.name, d.value]));

  it('should give two tasks of different files run with one seed different addresses, in the subnet of their zone', () => {
    const sims = [run(fargateWeb({ seed: 1 }), 60), run(loadScenario({ ...JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/realworld/nginx_fargate.json'), 'utf8')), seed: 1 }), 60)];
    const [a, b] = sims.map(eni);
    expect(a!.privateIPv4Address).not.toBe(b!.privateIPv4Address);
    expect(a!.networkInterfaceId).not.toBe(b!.networkInterfaceId);
    // zone a, b, c: 10.0.0.0/18, 10.0.64.0/18, 10.0.128.0/18, one subnet each for the cluster
    const zoneOf = (sim: ReturnType<typeof run>) => 'abc'.indexOf(((sim.events.at(-1) as Ev).detail.availabilityZone as string).at(-1)!);
    sims.forEach((sim, i) => expect(Math.floor(Number([a, b][i]!.privateIPv4Address!.split('.')[2]) / 64)).toBe(zoneOf(sim)));
    // the same cluster and zone: the same subnet (another seed puts the first task in the other's zone)
    const sameZone = [2, 3, 4, 5, 6, 7, 8].map((seed) => run(loadScenario({ ...JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/realworld/nginx_fargate.json'), 'utf8')), seed }), 60)).find((sim) => zoneOf(sim) === zoneOf(sims[0]!))!;
    expect(eni(sameZone).subnetId).toBe(a!.subnetId);
    expect(eni(sameZone).privateIPv4Address).not.toBe(a!.privateIPv4Address);
  });

  it('should give a service one subnet per zone, each task an address in its zone’s range, and no two tasks one address', async () => {
    const { runService, webService } = await import('../support/service.ts');
    const sim = runService(webService({ desiredCount: 30 }), 900);
    const ids = sim.tasks.map((t) => t.identity);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    const subnetByZone = new Map<string, Set<string>>();
    for (const id of ids) {
      const zone = id.availabilityZone;
      subnetByZone.set(zone, (subnetByZone.get(zone) ?? new Set()).add(id.eni!.subnetId));
      // zone a, b, c: 10.0.0.0/18, 10.0.64.0/18, 10.0.128.0/18
      const third = Number(id.eni!.privateIPv4Address.split('.')[2]);
      expect(Math.floor(third / 64)).toBe('abc'.indexOf(zone.at(-1)!));
    }
    expect(subnetByZone.size).toBe(3);
    for (const subnets of subnetByZone.values()) expect(subnets.size).toBe(1);
    expect(new Set(ids.map((id) => id.eni!.privateIPv4Address)).size).toBe(ids.length);
  });

  it('should number two services’ tasks from different bases, even with one name and one seed', async () => {
    const { runService, webService } = await import('../support/service.ts');
    const first = (extra: object) => runService(webService({ desiredCount: 1 }, { seed: 11, ...extra }), 120).tasks[0]!.identity.eni!;
    const a = first({});
    const b = first({ settings: { deregistrationDelaySeconds: 30 } });
    expect(a.subnetId).toBe(b.subnetId);
    expect(a.privateIPv4Address).not.toBe(b.privateIPv4Address);
  });
});

describe('DescribeTasks shape (aws-cli describe-tasks and run-task examples)', () => {
  it('should print the empty lists the API prints and events leave out', () => {
    const sim = run(fargateWeb(), 60);
    const task = sim.describeTask() as Record<string, any>;
    expect(task).toMatchObject({ tags: [], overrides: { inferenceAcceleratorOverrides: [] }, fargateEphemeralStorage: { sizeInGiB: 20 } });
    expect(task.containers[0].networkBindings).toEqual([]);
    const detail = (sim.events.at(-1) as Ev).detail;
    expect(detail).not.toHaveProperty('tags');
    expect(detail.overrides).not.toHaveProperty('inferenceAcceleratorOverrides');
  });
});
