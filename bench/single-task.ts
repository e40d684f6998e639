// single-task: full lifecycles per second through the whole simulation
// (Fargate, one load balancer, a registry, StopTask at 600 s, events
// projected) against the bare eight-state machine, in the same process.
import { createActor } from 'xstate';
import { VirtualClock } from '../src/sim/clock.ts';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../src/sim/scenario/load.ts';
import { createSimulation } from '../src/sim/simulation.ts';
import { createRandom } from '../src/sim/random.ts';
import { taskInput } from '../src/sim/timings.ts';
import { createTaskMachine } from '../machines/task.machine.ts';
import { bareTaskMachine } from './bare-task.machine.ts';
import { timeRuns } from './measure.ts';

// The guided preset is exactly the benchmark's lifecycle: Fargate, one target
// group, a registry, StopTask at 600 s.
const scenario = parseScenario(readFileSync(new URL('../public/scenarios/fargate-web.json', import.meta.url), 'utf8'));

export function fullLifecycle(): void {
  const sim = createSimulation(scenario);
  sim.runUntil(3_600_000);
  if (!sim.isStopped() || sim.events.length < 8) throw new Error('single-task: the simulated task did not stop');
}

export function bareLifecycle(): void {
  const clock = new VirtualClock();
  const actor = createActor(bareTaskMachine, { clock }).start();
  clock.advanceTo(10_000);
  if (actor.getSnapshot().status !== 'done') throw new Error('single-task: the bare machine did not finish');
}

/**
 * The floor under the full simulation: the same task statechart and its four
 * invoked side steps on the same input and clock, with nothing recorded or
 * projected. Printed beside the result so the gap to the bare machine can be
 * read: most of it is XState running five actors instead of one.
 */
export function statechartsOnlyLifecycle(): void {
  const input = taskInput(scenario, createRandom(scenario.seed));
  const clock = new VirtualClock();
  const actor = createActor(createTaskMachine(input.shape), { input, clock });
  clock.setTimeout(() => actor.send({ type: 'task.stopRequested' }), 600_000);
  actor.start();
  clock.advanceTo(3_600_000);
  if (actor.getSnapshot().value !== 'STOPPED') throw new Error('single-task: the statecharts alone did not stop');
}

export function singleTask(seconds: number) {
  // Interleave short rounds so that both see the same machine load: on a
  // shared VM the speed drifts within seconds, and the ratio is what counts.
  for (let i = 0; i < 20; i++) (bareLifecycle(), statechartsOnlyLifecycle(), fullLifecycle());
  const full = { runs: 0, ms: 0 };
  const bare = { runs: 0, ms: 0 };
  const floor = { runs: 0, ms: 0 };
  const rounds = Math.max(4, Math.round(seconds * 5));
  const slice = seconds / rounds / 4;
  for (let i = 0; i < rounds; i++) {
    timeRuns(bareLifecycle, slice, bare);
    timeRuns(statechartsOnlyLifecycle, slice, floor);
    timeRuns(fullLifecycle, 2 * slice, full);
  }
  const rate = (x: { runs: number; ms: number }) => Math.round((x.runs * 1000) / x.ms);
  // Not part of the JSON result: context for whoever reads the figures.
  console.error(`single-task: statecharts alone (5 actors, nothing recorded) ${rate(floor)}/s, ratio ${(rate(floor) / rate(bare)).toFixed(3)}`);
  return { perSecond: rate(full), baselinePerSecond: rate(bare) };
}
