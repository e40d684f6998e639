// A service task as the world plays it (WorldTask), with the same draws as the
// standalone simulation of its scenario makes: the tests hold the two to each other.
import { createRandom } from '../../src/sim/random.ts';
import { createIdentity } from '../../src/sim/ids.ts';
import { taskInput } from '../../src/sim/timings.ts';
import { VirtualClock } from '../../src/sim/clock.ts';
import { WorldTask } from '../../src/sim/service/world-task.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

/** The task's input, drawn as the standalone simulation of `s` draws it. */
export function drawnInput(s: Scenario) {
  const rng = createRandom(s.seed);
  createIdentity(s, rng);
  return taskInput(s, rng);
}

/** The world's task of `s`, asked to stop at `stopMs` and run to its end; `onStep` sees every step. */
export function stoppedWorldTask(s: Scenario, stopMs: number, onStep: (task: WorldTask, clock: VirtualClock) => void = () => {}): WorldTask {
  const clock = new VirtualClock();
  const task = new WorldTask(clock, drawnInput(s), (t) => onStep(t, clock));
  task.start();
  clock.advanceTo(stopMs);
  task.send({ type: 'task.stopRequested' });
  clock.advanceTo(3_600_000, true);
  return task;
}
