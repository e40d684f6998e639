// single-task: full lifecycles per second through the whole simulation
// (Fargate, one load balancer, a registry, StopTask at 600 s, events
// projected) against the bare eight-state machine, in the same process.
import { createActor } from 'xstate';
import { VirtualClock } from '../src/sim/clock.ts';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../src/sim/scenario/load.ts';
import { createSimulation } from '../src/sim/simulation.ts';
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

export function singleTask(seconds: number) {
  // Interleave short rounds so that both see the same machine load: on a
  // shared VM the speed drifts within seconds, and the ratio is what counts.
  for (let i = 0; i < 20; i++) (bareLifecycle(), fullLifecycle());
  const full = { runs: 0, ms: 0 };
  const bare = { runs: 0, ms: 0 };
  const rounds = Math.max(4, Math.round(seconds * 5));
  for (let i = 0; i < rounds; i++) {
    timeRuns(bareLifecycle, seconds / rounds / 2, bare);
    timeRuns(fullLifecycle, seconds / rounds / 2, full);
  }
  const rate = (x: { runs: number; ms: number }) => Math.round((x.runs * 1000) / x.ms);
  return { perSecond: rate(full), baselinePerSecond: rate(bare) };
}
