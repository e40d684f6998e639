// Drives a Simulation in virtual time from requestAnimationFrame. At speed s,
// virtual time advances s × the real time elapsed; at "max" the driver jumps
// from one scheduled happening to the next for at most a frame budget, so a
// whole lifecycle (300 s drain included) runs in a few frames while the page
// still paints and answers clicks. The same driver runs a single task and a
// whole service: anything with a virtual clock that can step.
import type { Scenario } from '../sim/scenario/types.ts';
import { RunHistory } from './run.history.ts';

export type Speed = 1 | 10 | 60 | 'max';
export const SPEEDS: readonly Speed[] = [1, 10, 60, 'max'];

/** Real milliseconds per frame that "max" may spend stepping. */
const MAX_FRAME_BUDGET_MS = 8;
/**
 * The most real time one step may count. Frames can come once a second (the
 * inspector's window in front) and time should still run at speed; after a
 * long pause (a laptop asleep), no jump of a whole hour of virtual time.
 */
const MAX_FRAME_GAP_MS = 1000;
/**
 * Behind another tab there are no frames: a timer goes on. Browsers run it
 * about once a second there (once a minute after five minutes), so a tick
 * counts up to a minute and, with nothing to paint, may step for longer.
 */
const HIDDEN_TICK_MS = 250;
const MAX_HIDDEN_GAP_MS = 60_000;
const MAX_HIDDEN_BUDGET_MS = 50;
/**
 * At "max" with nothing scheduled (a steady service, a task waiting for a
 * StopTask) virtual time stands still: after a few more frames, so the views
 * that skip a slow frame catch up, no more are asked for until something is
 * done (the run stays playing), rather than repainting the same page 60 times
 * a second.
 */
const IDLE_FRAMES = 4;

/** What a driver can run: a task simulation or a service simulation. */
export interface Clocked {
  now(): number;
  /** virtual ms of the next scheduled happening, or null */
  nextAt(): number | null;
  /** fire everything due up to `ms` (virtual), in order */
  advanceTo(ms: number): void;
  /** jump to the next scheduled happening; false when there is none */
  step(): boolean;
  isStopped(): boolean;
  stop(): void;
}

export interface Driver<S extends Clocked = Clocked> {
  readonly sim: S | null;
  readonly playing: boolean;
  speed: Speed;
  /** Play pauses where what `watched` returns changes (the task's lastStatus): a class sees each state */
  pauseAtChange: boolean;
  /** start a new task (or service) from the scenario (RunTask makes a new task) */
  run(scenario: Scenario): S;
  play(): void;
  pause(): void;
  /** jump to the next scheduled happening */
  step(): boolean;
  /**
   * Do something to the run now (a StopTask, a desired count), remembered so
   * that Step back can replay it; `label` names it when Step back takes it back.
   */
  act<R>(apply: (sim: S) => R, label: string): R;
  /**
   * The run at the last moment shown before its last change, replayed from
   * the scenario, paused: 'back'; 'start' when there is nothing before;
   * 'long' when the replay would take too long to do at once; 'differs' when
   * the replay did not come out as the run (then the run stays as it is).
   */
  back(): 'back' | 'start' | 'long' | 'differs';
  /** what the person did that the last Step back took back (labels given to `act`), oldest first */
  readonly undone: readonly string[];
  /** whether `back()` has a change to take back */
  readonly canGoBack: boolean;
  /** real ms a Step back would take, about (the run's replay) */
  readonly backCost: number;
  /** what a person can see change in the run, counted (Step goes to the next, Step back to before the last) */
  changes(): number;
  reset(): void;
  /** ask for a repaint (after a user action) */
  touch(): void;
}

interface DriverOptions<S extends Clocked> {
  /** build the simulation (its actors announce themselves to the inspector while it is created) */
  create: (scenario: Scenario) => S;
  /** before a simulation is created */
  beforeRun: () => void;
  render: () => void;
  /** `back`: the same run, replayed to an earlier moment by Step back (views keep what the person opened) */
  onNewSim: (sim: S | null, back?: boolean) => void;
  /** what a person can see change, counted: Step back goes to the moment before the last one */
  changes: (sim: S) => number;
  /** what pauseAtChange watches; without it, Play never pauses by itself */
  watched?: (sim: S) => string;
  /** Play paused where `watched` changed, to `now` (from `was`) */
  onPausedAtChange?: (now: string, was: string | null) => void;
  /**
   * A run that may never end (a service): Play pauses each time virtual time
   * reaches a multiple of `everyMs`, and `reached` says so. At max speed a
   * service that never settles would otherwise run on for months of virtual
   * time, its tasks piling up in memory, until the tab is closed.
   */
  horizon?: { everyMs: number; reached(ms: number): void };
}

/**
 * Step back replays the run from its start, as long as the run took to
 * compute. A run that took longer than this (a service of thousands of tasks,
 * run for long) would freeze the page for as long: it is not replayed.
 */
export const MAX_REPLAY_MS = 3000;

export function createDriver<S extends Clocked>(opts: DriverOptions<S>): Driver<S> {
  let sim: S | null = null;
  let playing = false;
  let frame = 0;
  let timer = 0;
  let lastTs = 0;
  /** The fraction of a ms the clock was not moved by at the last frame (it moves in whole ms). */
  let carriedMs = 0;
  let idleFrames = 0;
  let speed: Speed = 1;
  let scenario: Scenario | null = null;
  let undone: readonly string[] = [];
  let pauseAtChange = false;
  /** what `watched` said when Play began, or at its last pause */
  let watchedWas: string | null = null;
  /** virtual ms where Play pauses next (opts.horizon) */
  let horizonMs = Infinity;
  const nextHorizon = (s: S) => (opts.horizon ? (Math.floor(s.now() / opts.horizon.everyMs) + 1) * opts.horizon.everyMs : Infinity);
  /** whether the run is at its horizon: then Play has paused there */
  const pausedAtHorizon = (s: S): boolean => {
    if (s.now() < horizonMs) return false;
    // a steady service (nothing to come) is no run-away: its next day is the horizon
    if (s.nextAt() === null) {
      horizonMs = nextHorizon(s);
      return false;
    }
    playing = false;
    carriedMs = 0;
    opts.horizon?.reached(horizonMs);
    return true;
  };
  const watch = (s: S | null) => (watchedWas = s && opts.watched ? opts.watched(s) : null);
  /** whether this move changed what is watched, and Play should stop there (it then has) */
  const pausedByChange = (s: S): boolean => {
    if (!pauseAtChange || !opts.watched) return false;
    const was = watchedWas;
    if (watch(s) === was) return false;
    playing = false;
    carriedMs = 0;
    opts.onPausedAtChange?.(watchedWas!, was);
    return true;
  };
  const history = new RunHistory<S>(opts.changes);
  // every move of the run goes through these, so that Step back can replay it
  const stepSim = (s: S): boolean => {
    const started = performance.now();
    const moved = s.step();
    if (moved) history.stepped(s);
    history.spent(performance.now() - started);
    return moved;
  };
  const advanceSim = (s: S, ms: number): void => {
    const started = performance.now();
    s.advanceTo(ms);
    history.advanced(s, ms);
    history.spent(performance.now() - started);
  };

  // A tab behind the inspector's (or any other) gets no animation frames: the
  // run goes on by a timer, so it can be watched in the inspector live.
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const schedule = () => {
    if (frame || timer) return;
    if (playing && hidden()) timer = window.setTimeout(() => ((timer = 0), tick(performance.now())), HIDDEN_TICK_MS);
    else frame = requestAnimationFrame((ts) => ((frame = 0), tick(ts)));
  };
  // Between frames and the timer: a frame asked for while hidden would wait
  // for the tab's return, and one pending would keep the timer from starting.
  const reschedule = () => {
    if (frame) cancelAnimationFrame(frame);
    if (timer) window.clearTimeout(timer);
    frame = timer = 0;
    schedule();
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', reschedule);

  function advance(ts: number): void {
    if (!sim || !playing) return;
    const away = hidden();
    const dt = Math.min(ts - lastTs, away ? MAX_HIDDEN_GAP_MS : MAX_FRAME_GAP_MS);
    const budget = away ? MAX_HIDDEN_BUDGET_MS : MAX_FRAME_BUDGET_MS;
    if (driver.speed === 'max') {
      const until = performance.now() + budget;
      for (;;) {
        if (sim.isStopped() || performance.now() >= until) break;
        const next = sim.nextAt();
        // what is due past the horizon waits for the next Play: the clock stops at the horizon
        if (next !== null && next > horizonMs) {
          advanceSim(sim, horizonMs);
          pausedAtHorizon(sim);
          break;
        }
        if (!stepSim(sim) || pausedByChange(sim)) break;
      }
    } else if (dt > 0) {
      // Step through what is due within the same budget: a busy moment (a
      // thousand tasks changing at once) slows virtual time, not the page.
      // whole ms, as every stamp of a run is (a click then lands on one: msOfSeconds);
      // the fraction left is carried to the next frame, so virtual time keeps its speed
      const exact = sim.now() + dt * driver.speed + carriedMs;
      const target = Math.min(Math.floor(exact), horizonMs);
      carriedMs = exact - target;
      const until = performance.now() + budget;
      for (;;) {
        const next = sim.isStopped() ? null : sim.nextAt();
        if (next === null || next > target) {
          advanceSim(sim, target);
          pausedAtHorizon(sim);
          break;
        }
        if (performance.now() >= until) break;
        stepSim(sim);
        // the clock stays at the change, not at the frame's target
        if (pausedByChange(sim)) break;
      }
    }
    if (sim.isStopped()) playing = false;
  }

  function tick(ts: number): void {
    advance(ts);
    lastTs = ts;
    opts.render();
    // painted: the run as it stands now is a moment a person saw (Step back goes only to those)
    history.shown();
    const idle = !!sim && driver.speed === 'max' && !sim.isStopped() && sim.nextAt() === null;
    idleFrames = idle ? idleFrames + 1 : 0;
    if (playing && idleFrames <= IDLE_FRAMES) schedule();
  }

  /** something was done: frames again, enough for every view to show it */
  const wake = () => {
    // the time spent idle is not time to run at the new speed
    if (idleFrames > IDLE_FRAMES) lastTs = performance.now();
    idleFrames = 0;
    schedule();
  };

  const driver: Driver<S> = {
    get sim() {
      return sim;
    },
    get playing() {
      return playing;
    },
    get speed() {
      return speed;
    },
    set speed(s: Speed) {
      speed = s;
      wake();
    },
    get pauseAtChange() {
      return pauseAtChange;
    },
    set pauseAtChange(on: boolean) {
      pauseAtChange = on;
      watch(sim);
    },
    run(sc) {
      sim?.stop();
      opts.beforeRun();
      scenario = sc;
      sim = opts.create(sc);
      history.begin(sim);
      opts.onNewSim(sim);
      driver.play();
      return sim;
    },
    play() {
      if (!sim || sim.isStopped()) return;
      playing = true;
      watch(sim);
      horizonMs = nextHorizon(sim);
      idleFrames = 0;
      lastTs = performance.now();
      reschedule();
    },
    pause() {
      playing = false;
      wake();
    },
    step() {
      const moved = sim ? stepSim(sim) : false;
      wake();
      return moved;
    },
    act(apply, label) {
      if (!sim) throw new Error('no run to act on');
      const started = performance.now();
      const result = apply(sim);
      history.acted(sim, apply, label);
      history.spent(performance.now() - started);
      return result;
    },
    get undone() {
      return undone;
    },
    get backCost() {
      return history.cost;
    },
    get canGoBack() {
      return !!sim && history.before(sim) !== null;
    },
    back() {
      const count = sim ? history.before(sim) : null;
      if (!sim || !scenario || count === null) return 'start';
      if (history.cost > MAX_REPLAY_MS) return 'long';
      const was = sim;
      const undoing = history.actionsAfter(count);
      opts.beforeRun();
      const fresh = opts.create(scenario);
      // A run that did not come out as it was would be a lie: the one on screen stays. (The
      // inspector has begun to show the replay and is not given the old run back: this is a
      // guard against a bug, not a path a person should ever meet.)
      if (!history.replay(fresh, count)) {
        fresh.stop();
        return 'differs';
      }
      was.stop();
      sim = fresh;
      undone = undoing;
      playing = false;
      opts.onNewSim(sim, true);
      wake();
      return 'back';
    },
    changes() {
      return sim ? opts.changes(sim) : 0;
    },
    reset() {
      sim?.stop();
      sim = null;
      scenario = null;
      history.clear();
      playing = false;
      opts.onNewSim(null);
      wake();
    },
    touch: wake,
  };
  return driver;
}
