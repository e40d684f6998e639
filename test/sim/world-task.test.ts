// A service task is the task statechart without child actors: the world plays
// its side steps (world-task.ts). It must play them as the child machines do,
// or a service's tasks would live other lives than a standalone task with the
// same draws. Here: the network interface released at each point of its life.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/clock.ts';
import { drawnInput, stoppedWorldTask } from '../support/world-task.ts';
import { WorldTask } from '../../src/sim/service/world-task.ts';
import { enteredAt, fargateWeb, run, webDefinition } from '../support/scenarios.ts';

const scenario = fargateWeb({ loadBalancers: [], serviceRegistries: [], timeline: [] });

/** The world's task, stopped at `stopMs`: when its interface entered each status. */
function worldEni(stopMs: number): Map<string, number> {
  const entered = new Map<string, number>();
  stoppedWorldTask(scenario, stopMs, (t, clock) => {
    if (t.eni && !entered.has(t.eni)) entered.set(t.eni, clock.now());
  });
  return entered;
}

describe('the network interface of a service task, stopped', () => {
  // a task placed at once: its interface is created
  const drawn = drawnInput(scenario).eni!;
  const eni = { ...drawn, createMs: drawn.createMs! };
  // whole ms, as a timeline's `at` is read
  const moments = {
    'before it was created': Math.floor(eni.createMs / 2),
    'while it attaches': eni.createMs + Math.floor(eni.attachMs / 2),
    'once attached': eni.createMs + eni.attachMs + 1000,
  };

  for (const [when, stopMs] of Object.entries(moments)) {
    it(`should be released ${when} as the ENI machine of a standalone task releases it`, () => {
      const standalone = run({ ...scenario, timeline: [{ at: stopMs / 1000, action: 'StopTask', reason: null }] });
      const world = worldEni(stopMs);
      expect(world.has('DETACHING'), 'detached first').toBe(enteredAt(standalone, 'eni', 'DETACHING') !== undefined);
      expect(world.get('DELETED')).toBe(enteredAt(standalone, 'eni', 'DELETED'));
      expect(world.get('DELETED')).toBeGreaterThan(stopMs);
    });
  }

  it('should read ATTACHING from its creation until it is attached', () => {
    const clock = new VirtualClock();
    const task = new WorldTask(clock, drawnInput(scenario), () => {});
    task.start();
    clock.advanceTo(eni.createMs - 1);
    expect(task.eni).toBe('PRECREATED');
    clock.advanceTo(eni.createMs);
    expect(task.eni).toBe('ATTACHING');
    clock.advanceTo(eni.createMs + eni.attachMs);
    expect(task.eni).toBe('ATTACHED');
  });
});

describe('a service task stopped while its containers run', () => {
  // a health check, a startTimeout and a crash, all due long after the stop
  const watched = fargateWeb({
    loadBalancers: [],
    serviceRegistries: [],
    timeline: [],
    taskDefinition: webDefinition({
      startTimeout: 900,
      healthCheck: { command: ['CMD-SHELL', 'true'], interval: 300, retries: 10, startPeriod: 300 },
    }),
    faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 1800 }],
  });

  it('should leave no timer once STOPPED: its health verdict, startTimeout and crash go with it', () => {
    const clock = new VirtualClock();
    const task = new WorldTask(clock, drawnInput(watched), () => {});
    task.start();
    while (task.status !== 'RUNNING' && clock.nextAt() !== null) clock.advanceTo(clock.nextAt()!);
    expect(task.status).toBe('RUNNING');
    const stoppedAt = clock.now() + 1000;
    clock.advanceTo(stoppedAt);
    task.send({ type: 'task.stopRequested' });
    while (task.status !== 'STOPPED' && clock.nextAt() !== null) clock.advanceTo(clock.nextAt()!);
    expect(task.status).toBe('STOPPED');
    // SIGTERM ends nginx within seconds: nothing is left due minutes later
    expect(clock.now() - stoppedAt).toBeLessThan(60_000);
    expect(clock.nextAt()).toBeNull();
  });
});
