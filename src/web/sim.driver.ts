// Drives a Simulation in virtual time from requestAnimationFrame. At speed s,
// virtual time advances s × the real time elapsed; at "max" the driver jumps
// from one scheduled happening to the next for at most a frame budget, so a
// whole lifecycle (300 s drain included) runs in a few frames while the page
// still paints and answers clicks.
import type { InspectionEvent } from 'xstate';
import { createSimulation } from '../sim/simulation.ts';
import type { Simulation } from '../sim/types.ts';
import type { Scenario } from '../sim/scenario/types.ts';

export type Speed = 1 | 10 | 60 | 'max';
export const SPEEDS: readonly Speed[] = [1, 10, 60, 'max'];

/** Real milliseconds per frame that "max" may spend stepping. */
const MAX_FRAME_BUDGET_MS = 8;
/** A hidden tab pauses rAF; do not jump a whole hour of virtual time on return. */
const MAX_FRAME_GAP_MS = 100;

export interface Driver {
  readonly sim: Simulation | null;
  readonly playing: boolean;
  speed: Speed;
  /** start a new task from the scenario (RunTask makes a new task) */
  run(scenario: Scenario): Simulation;
  play(): void;
  pause(): void;
  /** jump to the next scheduled happening */
  step(): boolean;
  reset(): void;
  /** ask for a repaint (after a user action) */
  touch(): void;
}

interface DriverOptions {
  inspect: (ev: InspectionEvent) => void;
  /** before a task is created: its actors announce themselves while it is created */
  beforeRun: () => void;
  render: () => void;
  onNewSim: (sim: Simulation | null) => void;
}

export function createDriver(opts: DriverOptions): Driver {
  let sim: Simulation | null = null;
  let playing = false;
  let frame = 0;
  let lastTs = 0;

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(tick);
  };

  function advance(ts: number): void {
    if (!sim || !playing) return;
    const dt = Math.min(ts - lastTs, MAX_FRAME_GAP_MS);
    if (driver.speed === 'max') {
      const until = performance.now() + MAX_FRAME_BUDGET_MS;
      while (!sim.isStopped() && performance.now() < until && sim.step());
    } else if (dt > 0) {
      sim.advanceTo(sim.now() + dt * driver.speed);
    }
    if (sim.isStopped()) playing = false;
  }

  function tick(ts: number): void {
    frame = 0;
    advance(ts);
    lastTs = ts;
    opts.render();
    if (playing) schedule();
  }

  const driver: Driver = {
    get sim() {
      return sim;
    },
    get playing() {
      return playing;
    },
    speed: 1,
    run(scenario) {
      sim?.stop();
      opts.beforeRun();
      sim = createSimulation(scenario, { inspect: opts.inspect });
      opts.onNewSim(sim);
      driver.play();
      return sim;
    },
    play() {
      if (!sim || sim.isStopped()) return;
      playing = true;
      lastTs = performance.now();
      schedule();
    },
    pause() {
      playing = false;
      schedule();
    },
    step() {
      const moved = sim?.step() ?? false;
      schedule();
      return moved;
    },
    reset() {
      sim?.stop();
      sim = null;
      playing = false;
      opts.onNewSim(null);
      schedule();
    },
    touch: schedule,
  };
  return driver;
}
