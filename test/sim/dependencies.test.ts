// dependsOn as the ECS agent runs it: a dependant's image is pulled only once
// its dependencies hold, and a container whose dependency can never hold gives
// up (STOPPED, exit code 143, a CannotStartContainerError): the task stops if it
// is essential, and runs on without it if not (agent PR #3218).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { generateLifecycles } from '../../src/sim/paths/lifecycles.ts';
import { worldOptions } from '../../src/sim/paths/world.ts';
import { taskShape } from '../../src/sim/timings.ts';
import { formatPaths } from '../../src/cli/paths.ts';
import { enteredAt, run, statuses } from '../support/scenarios.ts';

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
  'CannotStartContainerError: dependency graph: failed to resolve container ordering dependency [migrate(shop/migrate:7) (STOPPED->RUNNING) - Exit: 1] for target [seed(shop/seed:7) (NONE->RUNNING)] as dependency did not exit successfully.';
const LOG_GAVE_UP =
  'CannotStartContainerError: dependency graph: failed to resolve container ordering dependency [seed(shop/seed:7) (STOPPED->STOPPED) - Exit: 143] for target [log(fluent-bit:3) (NONE->RUNNING)] because dependency will never start';

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
    // log is stopped with the task, before it gives up: no exit code, no reason
    expect(sim.view().containers.find((c) => c.name === 'log')).toMatchObject({ state: 'STOPPED', exitCode: null, reason: null });
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
    const lifecycles = generateLifecycles(taskShape(s), worldOptions(s), { distinct: 'outcomes' });
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
});
