// dependsOn as the ECS agent runs it: a dependant's image is pulled only once
// its dependencies hold, and a container whose dependency can never hold gives
// up (STOPPED, exit code 143, a CannotStartContainerError): the task stops if it
// is essential, and runs on without it if not (agent PR #3218).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { scenarioLifecycles } from '../../src/sim/paths/scenario-lifecycles.ts';
import { formatPaths } from '../../src/cli/paths.ts';
import { enteredAt, run, statuses } from '../support/scenarios.ts';
import { stoppedWorldTask } from '../support/world-task.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { describeService } from '../../src/sim/service/service-output.ts';

type Detail = Record<string, any>;

const fargate = (containerDefinitions: object[]) => ({ family: 'shop', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '512', memory: '1024', containerDefinitions });

/** web runs alone; seed waits for migrate to SUCCEED, log for seed to START */
const initChain = (seedEssential: boolean) =>
  fargate([
    { name: 'web', image: 'nginx:1.27' },
    { name: 'migrate', image: 'shop/migrate:7', essential: false },
    { name: 'seed', image: 'shop/seed:7', essential: seedEssential, dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
    { name: 'log', image: 'fluent-bit:3', essential: false, dependsOn: [{ containerName: 'seed', condition: 'START' }] },
  ]);
const migrateFails = [{ step: 'RunContainer', container: 'migrate', exitCode: 1, afterSeconds: 5 }];

const SEED_GAVE_UP =
  'CannotStartContainerError: dependency graph: failed to resolve container ordering dependency [migrate(shop/migrate:7) (STOPPED->RUNNING) - Exit: 1] for target [seed(shop/seed:7) (MANIFEST_PULLED->RUNNING)] as dependency did not exit successfully.';
const LOG_GAVE_UP =
  'CannotStartContainerError: dependency graph: failed to resolve container ordering dependency [seed(shop/seed:7) (MANIFEST_PULLED->STOPPED) - Exit: 143] for target [log(fluent-bit:3) (MANIFEST_PULLED->RUNNING)] because dependency will never start';

const container = (d: Detail, name: string) => d.containers.find((c: Detail) => c.name === name);

describe('a dependency that can never hold', () => {
  it('should stop a non-essential dependant with exit code 143 and the agent’s reason, and its own dependants after it, while the task runs on', () => {
    const sim = run(loadScenario({ taskDefinition: initChain(false), faults: migrateFails, timeline: [{ at: 300, action: 'StopTask' }] }), 3600);
    expect(statuses(sim)).toContain('RUNNING');
    expect(sim.view()).toMatchObject({ stopCode: 'UserInitiated' });
    const gaveUp = sim.events.map((e) => e.detail as Detail).find((d) => container(d, 'seed').lastStatus === 'STOPPED')!;
    // it gives up the instant migrate fails, and the task is not stopping for it
    expect(gaveUp).toMatchObject({ lastStatus: 'PENDING', desiredStatus: 'RUNNING' });
    expect(container(gaveUp, 'seed')).toMatchObject({ exitCode: 143, reason: SEED_GAVE_UP });
    expect(container(gaveUp, 'seed').runtimeId).toBeUndefined();
    const end = sim.describeTask() as Detail;
    expect(container(end, 'log')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 143, reason: LOG_GAVE_UP });
    // the timeline says it in words: 143 though no signal was sent
    expect(sim.trace.find((e) => e.actor === 'container-seed' && e.to === 'STOPPED')!.note).toBe(
      `gave up on its dependsOn: exit code 143, no signal sent: ${SEED_GAVE_UP} [our model: read from the agent’s code: AWS’s docs give no exit code or reason]`,
    );
    // never started: no pull, no signal
    for (const name of ['seed', 'log']) {
      expect(enteredAt(sim, `container-${name}`, 'PULLING')).toBeUndefined();
      expect(sim.view().containers.find((c) => c.name === name)!.signals).toEqual([]);
    }
  });

  it('should fail the task to start when the dependant is essential, with its reason', () => {
    const sim = run(loadScenario({ taskDefinition: initChain(true), faults: migrateFails }), 3600);
    expect(statuses(sim)).not.toContain('RUNNING');
    expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: SEED_GAVE_UP });
    const seed = sim.view().containers.find((c) => c.name === 'seed')!;
    expect(seed).toMatchObject({ exitCode: 143, reason: SEED_GAVE_UP, signals: [] });
    // log, after seed in the definition, gives up in the same pass of the agent's, before the task stops
    expect(sim.view().containers.find((c) => c.name === 'log')).toMatchObject({ state: 'STOPPED', exitCode: 143, reason: LOG_GAVE_UP });
  });

  it('should make a container listed before the one that gave up, waiting for it to SUCCEED, give up once it has STOPPED with 143', () => {
    const td = initChain(false);
    const [web, migrate, seed, log] = td.containerDefinitions as Record<string, unknown>[];
    td.containerDefinitions = [web!, migrate!, { ...log!, dependsOn: [{ containerName: 'seed', condition: 'SUCCESS' }] }, seed!];
    const sim = run(loadScenario({ taskDefinition: td, faults: migrateFails, timeline: [{ at: 300, action: 'StopTask' }] }), 3600);
    expect(sim.view().containers.find((c) => c.name === 'log')).toMatchObject({
      exitCode: 143,
      reason: 'CannotStartContainerError: dependency graph: failed to resolve container ordering dependency [seed(shop/seed:7) (STOPPED->STOPPED) - Exit: 143] for target [log(fluent-bit:3) (MANIFEST_PULLED->RUNNING)] as dependency did not exit successfully.',
    });
  });

  it('should keep the task’s view and its containers agreeing when a startTimeout passes as a dependant is created: it gives up there too', () => {
    // seed 1: app is CREATED at 55.6 s, envoy's startTimeout passes at 56.6 s, before app runs
    const td = {
      family: 't', networkMode: 'bridge', memory: '512',
      containerDefinitions: [
        { name: 'envoy', image: 'envoy:1', essential: false, startTimeout: 36, healthCheck: { command: ['CMD-SHELL', 'true'] } },
        { name: 'app', image: 'app:1', dependsOn: [{ containerName: 'envoy', condition: 'HEALTHY' }] },
        { name: 'after', image: 'after:1', essential: false, dependsOn: [{ containerName: 'app', condition: 'START' }] },
      ],
    };
    const sim = run(loadScenario({ seed: 1, launchType: 'EC2', taskDefinition: td }), 3600);
    expect(enteredAt(sim, 'container-app', 'CREATED')).toBeDefined();
    expect(enteredAt(sim, 'container-app', 'RUNNING')).toBeUndefined();
    for (const name of ['app', 'after']) expect(sim.view().containers.find((c) => c.name === name), name).toMatchObject({ state: 'STOPPED', exitCode: 143, signals: [] });
    expect(sim.view()).toMatchObject({ stopCode: 'TaskFailedToStart' });
  });

  it('should let a container listed before the one that gave up start once that one has STOPPED: START and COMPLETE hold then (the agent’s order)', () => {
    for (const condition of ['START', 'COMPLETE']) {
      const td = initChain(false);
      const [web, migrate, seed, log] = td.containerDefinitions as Record<string, unknown>[];
      td.containerDefinitions = [web!, migrate!, { ...log!, dependsOn: [{ containerName: 'seed', condition }] }, seed!];
      const sim = run(loadScenario({ taskDefinition: td, faults: migrateFails, timeline: [{ at: 300, action: 'StopTask' }] }), 3600);
      const view = (name: string) => sim.view().containers.find((c) => c.name === name)!;
      expect(view('seed'), condition).toMatchObject({ exitCode: 143, reason: SEED_GAVE_UP });
      expect(view('log').signals, condition).toEqual(['SIGTERM']);
      expect(enteredAt(sim, 'container-log', 'PULLING')!, condition).toBe(enteredAt(sim, 'container-seed', 'STOPPED'));
    }
  });

  it('should time out a dependant still pulling its image when a HEALTHY dependency’s startTimeout passes, healthy or not (the agent checks the timeout first)', () => {
    const td = fargate([
      { name: 'envoy', image: 'envoyproxy/envoy:v1.31', startTimeout: 9, healthCheck: { command: ['CMD-SHELL', 'curl -f localhost:9901/ready'], interval: 5 } },
      { name: 'app', image: 'shop/app:7', dependsOn: [{ containerName: 'envoy', condition: 'HEALTHY' }] },
    ]);
    const sim = run(loadScenario({ taskDefinition: td }), 3600);
    const envoyRan = enteredAt(sim, 'container-envoy', 'RUNNING')!;
    const healthy = sim.trace.find((e) => e.actor === 'container-envoy' && /HEALTHY/.test(e.note))!.t;
    expect(healthy).toBeLessThan(envoyRan + 9000);
    expect(enteredAt(sim, 'container-app', 'PULLING')).toBe(healthy);
    expect(enteredAt(sim, 'container-app', 'STOPPED')).toBe(envoyRan + 9000);
    expect(sim.view()).toMatchObject({ stopCode: 'TaskFailedToStart' });
    expect(sim.view().stoppedReason).toBe(
      'CannotStartContainerError: dependency graph: container ordering dependency [envoy(envoyproxy/envoy:v1.31) (RUNNING->RUNNING)] for target [app(shop/app:7) (MANIFEST_PULLED->RUNNING)] has timed out.',
    );
    expect(statuses(sim)).not.toContain('RUNNING');
  });

  it('should let the task run on when a non-essential dependant times out', () => {
    const td = fargate([
      { name: 'web', image: 'nginx:1.27' },
      { name: 'migrate', image: 'shop/migrate:7', essential: false, startTimeout: 60 },
      { name: 'seed', image: 'shop/seed:7', essential: false, dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
    ]);
    const sim = run(loadScenario({ taskDefinition: td, timeline: [{ at: 600, action: 'StopTask' }] }), 3600);
    expect(statuses(sim)).toContain('RUNNING');
    expect(sim.view().containers.find((c) => c.name === 'seed')).toMatchObject({ exitCode: 143, reason: expect.stringMatching(/has timed out\.$/) });
    expect(sim.view()).toMatchObject({ stopCode: 'UserInitiated' });
  });

  it('should let a START dependant run when its dependency started and has stopped since (agent PR #3927)', () => {
    // log waits for web to be HEALTHY (30 s and more); warm started and failed long before
    const td = fargate([
      { name: 'web', image: 'nginx:1.27', healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } },
      { name: 'warm', image: 'shop/warm:7', essential: false },
      { name: 'log', image: 'fluent-bit:3', essential: false, dependsOn: [{ containerName: 'warm', condition: 'START' }, { containerName: 'web', condition: 'HEALTHY' }] },
    ]);
    const sim = run(loadScenario({ taskDefinition: td, faults: [{ step: 'RunContainer', container: 'warm', exitCode: 1, afterSeconds: 1 }] }), 3600);
    expect(enteredAt(sim, 'container-warm', 'STOPPED')!).toBeLessThan(enteredAt(sim, 'container-log', 'PULLING')!);
    expect(sim.view().containers.find((c) => c.name === 'log')).toMatchObject({ state: 'RUNNING', reason: null });
  });

  it('should list the give-ups among the generated lifecycles: the dependant STOPPED with 143 while the task goes on to RUNNING', () => {
    const s = loadScenario({ taskDefinition: initChain(false) });
    const lifecycles = scenarioLifecycles(s, { distinct: 'outcomes' });
    const ranWithout = lifecycles.filter((l) =>
      l.states.some((st) => {
        const c = st.task.context as { containers: Record<string, { exitCode: number | null; dependencyError: string | null }> };
        return st.task.value === 'RUNNING' && c.containers.seed!.exitCode === 143 && c.containers.log!.exitCode === 143;
      }),
    );
    expect(ranWithout.length).toBeGreaterThan(0);
    // the summary a person reads says so where it happens: no step of their own
    const summary = formatPaths(s, lifecycles, 'summary', undefined, 'outcomes');
    expect(summary).toMatch(/\n +via [^\n]*migrate exits 1, seed and log give up \(a dependsOn that can never hold\), /);
    expect(summary).toMatch(/\n +ends [^\n]*seed CannotStartContainerError; log CannotStartContainerError/);
  });
});

describe('paths of an init job that the app waits on to COMPLETE', () => {
  it('should list the job done (exit 0) and the app started after it, and pick that as the likeliest way', () => {
    const s = loadScenario({
      taskDefinition: fargate([
        { name: 'init', image: 'example/init:1', essential: false },
        { name: 'app', image: 'example/app:1', dependsOn: [{ containerName: 'init', condition: 'COMPLETE' }] },
      ]),
    });
    const summary = formatPaths(s, scenarioLifecycles(s, { distinct: 'states' }), 'summary');
    expect(summary).toMatch(/UserInitiated-1 +PROVISIONING → PENDING → RUNNING → STOPPING → DEPROVISIONING → STOPPED\n +via ENI attached, init started, init exits 0, app started, StopTask, /);
    const outcomes = formatPaths(s, scenarioLifecycles(s, { distinct: 'outcomes' }), 'summary', undefined, 'outcomes');
    expect(outcomes).toContain('ends Task stopped by user; init exit 0; app exit 0');
  });
});

describe('a service’s task and the same task alone, with the same draws', () => {
  /** each side step's statuses in order, `STATUS@ms …` (`from` drops the first: the world's lane begins with where it starts) */
  const lanes = (changes: readonly { t: number; actor: string; to: string }[], from = 0) => {
    const out = new Map<string, string[]>();
    for (const c of changes) if (c.actor !== 'task' && c.actor !== 'user') out.set(c.actor, [...(out.get(c.actor) ?? []), `${c.to}@${c.t}`]);
    return Object.fromEntries([...out].map(([actor, steps]) => [actor, steps.slice(from).join(' ')]));
  };
  const cases: [string, object, number][] = [
    ['a give-up chain, then StopTask', { taskDefinition: initChain(false), faults: migrateFails }, 300_000],
    ['an essential give-up', { taskDefinition: initChain(true), faults: migrateFails }, 3_000_000],
    // four pulls under way (Fargate's agent up at about 20 s): one stop cuts them all
    ['StopTask while the images are pulled', { taskDefinition: initChain(false) }, 26_000],
  ];
  for (const [what, raw, stopMs] of cases)
    it(`should play each container as the actors do, and end the pulls at the same time: ${what}`, () => {
      const s = loadScenario(raw);
      const alone = run({ ...s, timeline: [{ at: stopMs / 1000, action: 'StopTask', reason: null }] }, 3600);
      const task = stoppedWorldTask(s, stopMs);
      const expected = lanes(alone.trace.filter((e) => e.from !== null));
      const drawn = lanes(task.sideChanges(), 1);
      for (const actor of ['container-web', 'container-migrate', 'container-seed', 'container-log']) expect(drawn[actor], actor).toBe(expected[actor]);
      const d = alone.describeTask() as Detail;
      const at = (x: number | undefined) => (x === undefined ? null : Math.round((x - d.createdAt) * 1000));
      expect([task.pullStartedAt, task.pullStoppedAt]).toEqual([at(d.pullStartedAt), at(d.pullStoppedAt)]);
    });
});

describe('a service whose tasks’ essential container gives up', () => {
  it('should not log that it could not place them: they were placed, and some of their containers ran', () => {
    const sim = new ServiceSimulation(loadScenario({ taskDefinition: initChain(true), faults: migrateFails, service: { serviceName: 'shop', desiredCount: 2 } }));
    sim.runUntil(3_600_000);
    expect(sim.tasks.filter((t) => t.world.snap.context.stoppedReason === SEED_GAVE_UP).length).toBeGreaterThan(2);
    const messages = (describeService(sim).events as { message: string }[]).map((e) => e.message);
    expect(messages.filter((m) => m.includes('unable to place'))).toEqual([]);
  });
});

describe('a dependant’s image', () => {
  const sidecar = (condition: string, healthCheck?: object) =>
    loadScenario({
      taskDefinition: fargate([
        { name: 'envoy', image: 'envoyproxy/envoy:v1.31', ...(healthCheck ? { healthCheck } : {}) },
        { name: 'app', image: 'shop/app:7', dependsOn: [{ containerName: 'envoy', condition }] },
      ]),
      timeline: [{ at: 900, action: 'StopTask' }],
    });

  it('should be pulled only once its dependency holds (the agent’s default), so the task’s pulls end later', () => {
    for (const [condition, holds] of [
      ['START', (sim: ReturnType<typeof run>) => enteredAt(sim, 'container-envoy', 'RUNNING')!],
      ['HEALTHY', (sim: ReturnType<typeof run>) => sim.trace.find((e) => e.actor === 'container-envoy' && /HEALTHY/.test(e.note))!.t],
    ] as const) {
      const sim = run(sidecar(condition, condition === 'HEALTHY' ? { command: ['CMD-SHELL', 'curl -f localhost:9901/ready'] } : undefined), 3600);
      const pulled = enteredAt(sim, 'container-app', 'PULLING')!;
      expect(pulled, condition).toBe(holds(sim));
      expect(enteredAt(sim, 'container-envoy', 'PULLING')!, condition).toBeLessThan(pulled);
      // pullStoppedAt: the end of the last pull, the dependant's
      const task = sim.describeTask() as Detail;
      const appCreated = enteredAt(sim, 'container-app', 'CREATED')!;
      expect(Math.round((task.pullStoppedAt - task.createdAt) * 1000), condition).toBe(appCreated);
    }
  });

  it('should be downloaded once: a migration run from the app’s image makes the app’s later pull a manifest check, and two containers pulling one image at once end together', () => {
    const td = fargate([
      { name: 'migrate', image: 'shop/app:7', essential: false },
      { name: 'app', image: 'shop/app:7', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
      { name: 'worker', image: 'shop/app:7', essential: false },
    ]);
    const sim = run(loadScenario({ taskDefinition: td, faults: [{ step: 'RunContainer', container: 'migrate', exitCode: 0, afterSeconds: 5 }] }), 3600);
    const pull = (name: string) => enteredAt(sim, `container-${name}`, 'CREATED')! - enteredAt(sim, `container-${name}`, 'PULLING')!;
    expect(pull('migrate')).toBeGreaterThanOrEqual(5000);
    expect(pull('worker')).toBe(pull('migrate'));
    expect(pull('app')).toBeGreaterThanOrEqual(200);
    expect(pull('app')).toBeLessThanOrEqual(1000);
  });

  it('should keep a pull its own when nothing says the image is there yet, or when one of two pulls of it fails', () => {
    // app waits on envoy, another image: worker's download of app's image may still be under way
    const td = fargate([
      { name: 'envoy', image: 'envoyproxy/envoy:v1.31' },
      { name: 'worker', image: 'shop/app:7', essential: false },
      { name: 'app', image: 'shop/app:7', dependsOn: [{ containerName: 'envoy', condition: 'START' }] },
    ]);
    const alone = run(loadScenario({ taskDefinition: td }), 3600);
    expect(enteredAt(alone, 'container-app', 'CREATED')! - enteredAt(alone, 'container-app', 'PULLING')!).toBeGreaterThanOrEqual(5000);
    // on EC2 worker's pull fails and the task runs on, migrate's works: not one download
    const ec2 = {
      family: 'shop',
      containerDefinitions: [
        { name: 'web', image: 'nginx:1.27', memory: 128 },
        { name: 'migrate', image: 'shop/app:7', memory: 128, essential: false },
        { name: 'worker', image: 'shop/app:7', memory: 128, essential: false },
      ],
    };
    const sim = run(loadScenario({ taskDefinition: ec2, launchType: 'EC2', faults: [{ step: 'PullImage', container: 'worker' }] }), 3600);
    const pull = (name: string) => (enteredAt(sim, `container-${name}`, 'CREATED') ?? enteredAt(sim, `container-${name}`, 'STOPPED')!) - enteredAt(sim, `container-${name}`, 'PULLING')!;
    expect(pull('worker')).not.toBe(pull('migrate'));
  });
});

