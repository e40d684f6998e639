// Step back: the run as it was just before its last change, rebuilt by
// replaying the run from its scenario. What a person relies on: the task (or
// service) they step back to is the one they saw at that moment, event for
// event, their own actions (a StopTask, a desired count) included, and Step
// goes forward to the same change again.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { Simulation } from '../../src/sim/types.ts';
import { createDriver, MAX_REPLAY_MS, type Clocked, type Driver } from '../../src/web/sim.driver.ts';
import { ServiceRun } from '../../src/web/service/service.run.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

const scenario = (name: string) => parseScenario(readFileSync(new URL(`../../public/scenarios/${name}`, import.meta.url), 'utf8'));

let frames: FrameRequestCallback[] = [];
let ts = 0;
const runFrames = (n: number) => {
  for (let i = 0; i < n && frames.length; i++) {
    const due = frames;
    frames = [];
    ts += 16;
    for (const f of due) f(ts);
  }
};
beforeEach(() => {
  frames = [];
  vi.spyOn(performance, 'now').mockImplementation(() => ts);
  Object.assign(globalThis, { requestAnimationFrame: (f: FrameRequestCallback) => frames.push(f), cancelAnimationFrame: () => (frames = []), window: { setTimeout, clearTimeout } });
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const k of ['requestAnimationFrame', 'cancelAnimationFrame', 'window']) delete (globalThis as Record<string, unknown>)[k];
});

function taskDriver() {
  const news: boolean[] = [];
  const driver = createDriver<Simulation>({
    create: (sc) => createSimulation(sc),
    beforeRun: () => {},
    render: () => {},
    onNewSim: (_sim, back) => news.push(!!back),
    changes: (sim) => sim.trace.length,
  });
  return { driver, news };
}

/** Step as the page does it: a step, then the page painted (what was painted is what Step back goes back to). */
function step<S extends Clocked>(driver: Driver<S>): boolean {
  const moved = driver.step();
  runFrames(1);
  return moved;
}
/** Step as the Step button does it: past timers that change nothing on screen, then painted. */
function stepVisibly<S extends Clocked>(driver: Driver<S>): void {
  const seen = driver.changes();
  while (driver.step() && driver.changes() === seen);
  runFrames(1);
}
/** A button pressed: the action, then the page painted. */
function press<S extends Clocked, R>(driver: Driver<S>, apply: (sim: S) => R, label: string): R {
  const result = driver.act(apply, label);
  driver.touch();
  runFrames(1);
  return result;
}

/** what a person sees of a task at a moment */
const seen = (sim: Simulation) => JSON.stringify({ now: sim.now(), events: sim.events, trace: sim.trace, task: sim.describeTask() });

describe('Step back', () => {
  it('should go back through a whole task lifecycle, one change at a time, to the very task seen at each moment, a StopTask pressed on the page included', () => {
    const { driver, news } = taskDriver();
    driver.run(scenario('fargate-web.json'));
    driver.pause();
    // every moment a person could have seen, stepping; a StopTask pressed once the task is RUNNING
    const moments = [{ changes: driver.sim!.trace.length, seen: seen(driver.sim!) }];
    let stopped = false;
    while (step(driver)) {
      if (!stopped && driver.sim!.view().lastStatus === 'RUNNING') {
        // the moment between the step and the press is one a person saw too
        moments.push({ changes: driver.sim!.trace.length, seen: seen(driver.sim!) });
        expect(press(driver, (sim) => sim.act({ action: 'StopTask', reason: 'pressed on the page' }), 'Stop task')).toBeNull();
        stopped = true;
      }
      moments.push({ changes: driver.sim!.trace.length, seen: seen(driver.sim!) });
    }
    expect(driver.sim!.view().lastStatus).toBe('STOPPED');
    expect(driver.sim!.view().stoppedReason).toBe('pressed on the page');

    let backs = 0;
    while (driver.canGoBack) {
      const changes = driver.sim!.trace.length;
      const sim = driver.sim;
      expect(driver.back()).toBe('back');
      runFrames(1);
      expect(driver.sim).not.toBe(sim);
      backs++;
      // the latest moment that showed fewer changes
      const expected = moments.filter((m) => m.changes < changes).at(-1)!;
      expect(seen(driver.sim!)).toBe(expected.seen);
      expect(driver.playing).toBe(false);
    }
    // one Step back for each moment with changes of its own, and none skipped
    expect(backs).toBe(new Set(moments.map((m) => m.changes)).size - 1);
    expect(backs).toBeGreaterThan(10);
    expect(driver.sim!.trace.length).toBe(moments[0]!.changes);
    expect(driver.back()).toBe('start');
    expect(news.filter(Boolean)).toHaveLength(backs);
  });

  it('should step forward from where it went back to the same changes as before, and take back an action pressed there', () => {
    const { driver } = taskDriver();
    driver.run(scenario('fargate-web.json'));
    driver.pause();
    while (driver.sim!.view().lastStatus !== 'RUNNING') step(driver);
    const there = seen(driver.sim!);
    for (let i = 0; i < 3; i++) driver.back(), runFrames(1);
    expect(seen(driver.sim!)).not.toBe(there);
    for (let i = 0; i < 3; i++) step(driver);
    expect(seen(driver.sim!)).toBe(there);
    // an action taken after going back replaces what was taken back: going back again undoes it
    driver.back();
    runFrames(1);
    expect(driver.undone).toEqual([]);
    const before = seen(driver.sim!);
    expect(driver.sim!.view().desiredStatus).toBe('RUNNING');
    expect(press(driver, (sim) => sim.act({ action: 'StopTask', reason: null }), 'Stop task')).toBeNull();
    step(driver);
    expect(driver.sim!.view().desiredStatus).toBe('STOPPED');
    expect(driver.back()).toBe('back');
    runFrames(1);
    expect(driver.sim!.view().desiredStatus).toBe('STOPPED');
    expect(driver.undone).toEqual([]);
    expect(driver.back()).toBe('back');
    runFrames(1);
    expect(seen(driver.sim!)).toBe(before);
    // the press is named, for the notice to say Step will not do it again
    expect(driver.undone).toEqual(['Stop task']);
  });

  it('should go back to the moment the last Step showed, not to a timer it passed over that changed nothing', () => {
    const { driver } = taskDriver();
    // a detach retried every few seconds while the IAM role is missing: timers with nothing to show
    driver.run(scenario('stuck-deprovisioning.json'));
    driver.pause();
    while (driver.sim!.view().lastStatus !== 'DEPROVISIONING') stepVisibly(driver);
    const shown = seen(driver.sim!);
    stepVisibly(driver);
    expect(seen(driver.sim!)).not.toBe(shown);
    expect(driver.back()).toBe('back');
    expect(seen(driver.sim!)).toBe(shown);
  });

  it('should go back to the last moment of a run played in real time before its last change, not to an earlier step', () => {
    const { driver } = taskDriver();
    driver.speed = 10;
    driver.run(scenario('fargate-web.json'));
    runFrames(400); // 400 frames of 16 ms at 10×: 64 s of virtual time
    driver.pause();
    const sim = driver.sim!;
    const lastChange = sim.trace.at(-1)!.t;
    expect(sim.now()).toBeGreaterThan(lastChange);
    expect(driver.back()).toBe('back');
    const back = driver.sim!;
    expect(back.trace).toEqual(sim.trace.filter((e) => e.t < lastChange));
    // (the detail's stamp: the envelope's time is cut to the second)
    const at = (e: (typeof sim.events)[number]) => Date.parse(e.detail.updatedAt as string);
    expect(back.events).toEqual(sim.events.filter((e) => at(e) < at(sim.events.at(-1)!)));
    // the clock as it stood in the frame before the change (16 ms × 10 = 160 ms of virtual time a frame)
    expect(back.now()).toBeLessThan(lastChange);
    expect(back.now()).toBeGreaterThanOrEqual(lastChange - 160);
  });

  it('should go back one change from a run played at max, where a frame covers a whole lifecycle, not to the start', () => {
    const { driver } = taskDriver();
    driver.speed = 'max';
    driver.run(scenario('fargate-web.json'));
    runFrames(50);
    const sim = driver.sim!;
    expect(sim.view().lastStatus).toBe('STOPPED');
    const lastT = sim.trace.at(-1)!.t;
    expect(driver.back()).toBe('back');
    expect(driver.sim!.trace).toEqual(sim.trace.filter((e) => e.t < lastT));
    expect(driver.sim!.view().lastStatus).toBe('DEPROVISIONING');
  });

  it('should rebuild a service with the desired count, deploys and crashes done on the page', () => {
    const driver = createDriver<ServiceRun>({
      create: (sc) => new ServiceRun(sc),
      beforeRun: () => {},
      render: () => {},
      onNewSim: () => {},
      changes: (run) => run.changes(),
    });
    const view = (run: ServiceRun) =>
      JSON.stringify({
        now: run.now(),
        tasks: run.sim.tasks.map((t) => [t.index, t.world.status, t.taskDefinition.revision, t.frames.map((f) => [f.t, f.lastStatus])]),
        notes: run.sim.notes,
        deployments: [...run.deployments.values()],
      });
    driver.run(scenario('service-rolling.json'));
    driver.pause();
    const moments: { changes: number; view: string }[] = [];
    const mark = () => moments.push({ changes: driver.changes(), view: view(driver.sim!) });
    // each action pressed after a step: the moment between the two is one a person saw too
    const pressed = (apply: (run: ServiceRun) => unknown, label: string) => (mark(), press(driver, apply, label));
    for (let i = 0; i < 400 && step(driver); i++) {
      if (i === 30) pressed((run) => run.setDesiredCount(5), 'Desired count 5');
      if (i === 45) pressed((run) => expect(run.crashTask()).not.toBeNull(), 'Crash a task');
      if (i === 60) pressed((run) => run.deploy(true), 'Deploy new revision (broken image)');
      mark();
    }
    expect(moments.length).toBeGreaterThan(100);
    const end = view(driver.sim!);
    let backs = 0;
    for (; moments[0]!.changes < moments.at(-1)!.changes; backs++) {
      const changes = moments.at(-1)!.changes;
      const expected = moments.filter((m) => m.changes < changes).at(-1)!;
      expect(driver.back()).toBe('back');
      runFrames(1);
      expect(view(driver.sim!)).toBe(expected.view);
      while (moments.at(-1)!.changes > expected.changes) moments.pop();
    }
    expect(backs).toBeGreaterThan(60);
    expect(view(driver.sim!)).not.toBe(end);
  });

  it('should say so, and keep the run, when a run took too long to compute to replay it or nothing is before it', () => {
    class Ticks implements Clocked {
      t = 0;
      now = () => this.t;
      nextAt = () => this.t + 1;
      advanceTo(ms: number) {
        this.t = ms;
      }
      step() {
        this.t++;
        return true;
      }
      isStopped = () => false;
      stop() {}
    }
    const driver: Driver<Ticks> = createDriver<Ticks>({ create: () => new Ticks(), beforeRun: () => {}, render: () => {}, onNewSim: () => {}, changes: (r) => r.t });
    driver.run({} as Scenario);
    driver.pause();
    expect(driver.canGoBack).toBe(false);
    expect(driver.back()).toBe('start');
    // each step takes a real millisecond to compute: a replay would take as long as the run did
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1));
    for (let i = 0; i <= MAX_REPLAY_MS; i++) driver.step();
    expect(driver.backCost).toBeGreaterThan(MAX_REPLAY_MS);
    const sim = driver.sim;
    expect(driver.back()).toBe('long');
    expect(driver.sim).toBe(sim);
  });

  it('should keep the run on screen when its replay does not come out the same: another count of changes, or the same count at another time', () => {
    let runs = 0;
    class Drifting implements Clocked {
      t = 0;
      steps = 0;
      // each new run's clock goes at its own pace: not deterministic
      readonly by = ++runs;
      now = () => this.t;
      nextAt = () => this.t + 1;
      advanceTo(ms: number) {
        this.t = ms;
      }
      step() {
        this.t += this.by;
        this.steps++;
        return true;
      }
      isStopped = () => false;
      stop() {}
    }
    for (const changes of [(r: Drifting) => r.t, (r: Drifting) => r.steps]) {
      const news: (Drifting | null)[] = [];
      const driver = createDriver<Drifting>({ create: () => new Drifting(), beforeRun: () => {}, render: () => {}, onNewSim: (s) => news.push(s), changes });
      driver.run({} as Scenario);
      driver.pause();
      step(driver);
      step(driver);
      const sim = driver.sim;
      expect(driver.back()).toBe('differs');
      expect(driver.sim).toBe(sim);
      expect(sim!.t).toBe(2 * sim!.by);
      // the views were not rebuilt for nothing
      expect(news).toEqual([sim]);
    }
  });
});
