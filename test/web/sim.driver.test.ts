// The driver asks the browser for frames while there is something to show:
// at "max" with nothing scheduled (a steady service) virtual time stands
// still, and after a few frames it stops asking until something is done.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDriver, type Clocked } from '../../src/web/sim.driver.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

/** A clock with happenings at given virtual times, and nothing else. */
class FakeRun implements Clocked {
  t = 0;
  constructor(readonly due: number[]) {}
  now = () => this.t;
  nextAt = () => this.due[0] ?? null;
  advanceTo(ms: number): void {
    while (this.due.length && this.due[0]! <= ms) this.due.shift();
    this.t = Math.max(this.t, ms);
  }
  step(): boolean {
    const next = this.due.shift();
    if (next === undefined) return false;
    this.t = next;
    return true;
  }
  isStopped = () => false;
  stop(): void {}
}

let frames: FrameRequestCallback[] = [];
let ts = 0;
/** run the frames asked for so far, 16 ms apart; how many ran */
const runFrames = (n = 1): number => {
  let ran = 0;
  for (let i = 0; i < n && frames.length; i++) {
    const due = frames;
    frames = [];
    ts += 16;
    for (const f of due) f(ts), ran++;
  }
  return ran;
};

beforeEach(() => {
  frames = [];
  // the page's clock and the frames' timestamps are one clock, as in a browser
  vi.spyOn(performance, 'now').mockImplementation(() => ts);
  Object.assign(globalThis, {
    requestAnimationFrame: (f: FrameRequestCallback) => frames.push(f),
    cancelAnimationFrame: () => (frames = []),
    window: { setTimeout, clearTimeout },
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const k of ['requestAnimationFrame', 'cancelAnimationFrame', 'window']) delete (globalThis as Record<string, unknown>)[k];
});

function drive(due: number[]) {
  let renders = 0;
  const run = new FakeRun(due);
  const driver = createDriver<FakeRun>({ create: () => run, beforeRun: () => {}, render: () => renders++, onNewSim: () => {}, changes: (r) => r.t });
  driver.speed = 'max';
  driver.run({} as Scenario);
  return { driver, run, renders: () => renders };
}

describe('sim driver', () => {
  it('should stop asking for frames at max speed once nothing is scheduled, still playing, and start again when something is done', () => {
    const { driver, run, renders } = drive([1000, 2000, 300_000]);
    runFrames(3);
    expect(run.now()).toBe(300_000);
    // a few frames more, so views that skipped a slow frame catch up, then none
    expect(runFrames(100)).toBeLessThanOrEqual(5);
    expect(frames).toHaveLength(0);
    expect(driver.playing).toBe(true);
    const painted = renders();

    // something done (a desired count applied): frames again, and it is stepped to
    run.due.push(400_000);
    driver.touch();
    runFrames(1);
    expect(run.now()).toBe(400_000);
    expect(renders()).toBeGreaterThan(painted);
    expect(runFrames(100)).toBeLessThanOrEqual(6);
    expect(frames).toHaveLength(0);
  });

  it('should go on asking for frames at a finite speed, where the clock moves with nothing scheduled', () => {
    const { driver, run } = drive([]);
    expect(runFrames(100)).toBeLessThanOrEqual(6);
    // a lower speed picked while idle: the clock runs again at once
    driver.speed = 10;
    expect(runFrames(50)).toBe(50);
    expect(run.now()).toBeGreaterThan(0);
    expect(frames).toHaveLength(1);
  });

  it('should not count the time spent idle at max as time to run at the speed picked next', () => {
    const { driver, run } = drive([]);
    runFrames(100);
    ts += 100_000; // a minute and more with no frames
    driver.speed = 60;
    runFrames(1);
    // one frame (16 ms) at 60×, not a second's worth or more
    expect(run.now()).toBeLessThan(2000);
  });

  it('should move the clock in whole milliseconds at a finite speed, without losing the fractions', () => {
    const { driver, run } = drive([]);
    driver.speed = 1;
    // frames as a 60 Hz screen gives them: 16.7 ms apart, never a whole number
    for (let i = 0; i < 600 && frames.length; i++) {
      const due = frames;
      frames = [];
      ts += 16.7;
      for (const f of due) f(ts);
      // a click lands on a whole millisecond, as every stamp of a run is
      expect(Number.isInteger(run.now())).toBe(true);
    }
    // 600 frames of 16.7 ms at 1×: about 10 s, not 600 × 16 ms
    expect(Math.abs(run.now() - 600 * 16.7)).toBeLessThanOrEqual(17);
  });

  it('should give every view its frames after Pause, Step and Reset, even while idle', () => {
    const { driver } = drive([]);
    runFrames(100);
    driver.pause();
    expect(runFrames(10)).toBe(1);
    driver.play();
    expect(runFrames(100)).toBeGreaterThan(1);
    driver.reset();
    expect(runFrames(10)).toBe(1);
  });
});

describe('sim driver: Pause at each state', () => {
  // the watched "state" changes at 5 s and at 300 s; the happenings between change nothing watched
  const stateAt = (t: number) => (t >= 300_000 ? 'STOPPED' : t >= 5000 ? 'RUNNING' : 'PENDING');
  function watchedDrive(speed: 'max' | 60) {
    const run = new FakeRun([1000, 5000, 6000, 300_000]);
    const paused: string[] = [];
    const driver = createDriver<FakeRun>({
      create: () => run, beforeRun: () => {}, render: () => {}, onNewSim: () => {}, changes: (r) => r.t,
      watched: (r) => stateAt(r.now()), onPausedAtChange: (now) => paused.push(now),
    });
    driver.speed = speed;
    return { driver, run, paused };
  }

  it('should pause Play at the moment the watched state changes, at max and at a finite speed, and go on to the next with Play', () => {
    for (const speed of ['max', 60] as const) {
      const { driver, run, paused } = watchedDrive(speed);
      driver.pauseAtChange = true;
      driver.run({} as Scenario);
      runFrames(400);
      // stopped at the change itself: the clock is not carried on to the frame's end
      expect([run.now(), driver.playing, paused]).toEqual([5000, false, ['RUNNING']]);
      driver.play();
      runFrames(1000);
      expect([run.now(), driver.playing, paused]).toEqual([300_000, false, ['RUNNING', 'STOPPED']]);
    }
  });

  it('should not pause when it is off, and pause from the state Play began in when turned on midway', () => {
    const off = watchedDrive('max');
    off.driver.run({} as Scenario);
    runFrames(10);
    expect([off.run.now(), off.driver.playing, off.paused]).toEqual([300_000, true, []]);

    const later = watchedDrive('max');
    later.driver.run({} as Scenario);
    later.driver.pause();
    later.driver.step();
    later.driver.step(); // at 5 s, RUNNING, paused
    later.driver.pauseAtChange = true;
    later.driver.play();
    runFrames(10);
    // RUNNING was already so: the next change is STOPPED
    expect([later.run.now(), later.paused]).toEqual([300_000, ['STOPPED']]);
  });

  describe('a run that may never end (a service): Play pauses at each horizon', () => {
    function horizonDrive(speed: 'max' | 60, due: number[]) {
      const run = new FakeRun(due);
      const reached: number[] = [];
      const driver = createDriver<FakeRun>({ create: () => run, beforeRun: () => {}, render: () => {}, onNewSim: () => {}, changes: (r) => r.t, horizon: { everyMs: 100_000, reached: (ms) => reached.push(ms) } });
      driver.speed = speed;
      driver.run({} as Scenario);
      return { driver, run, reached };
    }

    it('should stop the clock at the horizon at max speed, what is due after it left for the next Play', () => {
      const { driver, run, reached } = horizonDrive('max', [40_000, 100_000, 150_000, 250_000]);
      runFrames(50);
      // the happening at the horizon itself is done; the clock stops there, not at the next one
      expect([run.now(), driver.playing, reached, run.due]).toEqual([100_000, false, [100_000], [150_000, 250_000]]);
      driver.play();
      runFrames(50);
      expect([run.now(), driver.playing, reached, run.due]).toEqual([200_000, false, [100_000, 200_000], [250_000]]);
    });

    it('should stop exactly at the horizon at a speed too, and never with nothing scheduled', () => {
      const timed = horizonDrive(60, [99_990, 100_010]);
      // 16 ms frames at 60×: about 1 s of virtual time a frame
      runFrames(200);
      expect([timed.run.now(), timed.driver.playing, timed.reached]).toEqual([100_000, false, [100_000]]);
      // a steady run (nothing scheduled) idles at max speed: no horizon is reached
      const steady = horizonDrive('max', [1000]);
      runFrames(50);
      expect([steady.run.now(), steady.driver.playing, steady.reached]).toEqual([1000, true, []]);
      // …nor at a speed, where its clock runs on past the horizon
      const idle = horizonDrive(60, [1000]);
      runFrames(300);
      expect([idle.run.now() > 200_000, idle.driver.playing, idle.reached]).toEqual([true, true, []]);
    });
  });
});
