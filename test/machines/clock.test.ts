// The machines are pure and take their clock from whoever runs them: ours is
// virtual, XState's default is real. A timer a machine does not need must not
// be asked for at all: an "infinite" delay, which our clock would keep for
// ever, a real one fires at once (Node clamps it to 1 ms), and a container
// with no startTimeout gave up on its dependants a millisecond after it started.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createTaskMachine } from '../../machines/task.machine.ts';
import { VirtualClock } from '../../src/sim/clock.ts';
import { createRandom } from '../../src/sim/random.ts';
import { createIdentity } from '../../src/sim/ids.ts';
import { taskInput } from '../../src/sim/timings.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

/** A virtual clock that notes every delay asked of it. */
function spyClock() {
  const clock = new VirtualClock();
  const asked: number[] = [];
  return { clock, asked, setTimeout: (fn: () => void, ms: number) => (asked.push(ms), clock.setTimeout(fn, ms)), clearTimeout: (id: number) => clock.clearTimeout(id) };
}

/** The task statechart alone, with its child actors, on a clock that notes every delay; run for an hour. */
function runMachine(s: Scenario) {
  const rng = createRandom(s.seed);
  createIdentity(s, rng);
  const input = taskInput(s, rng);
  const spy = spyClock();
  const actor = createActor(createTaskMachine(input.shape), { input, clock: spy }).start();
  spy.clock.advanceTo(3_600_000);
  return { asked: spy.asked, status: actor.getSnapshot().value as string };
}

const definition = (containers: object[]) => ({ family: 'orders-api', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '512', memory: '1024', containerDefinitions: containers });

describe('the machines on any clock', () => {
  it('should ask for no timer a container does not need: without startTimeout its dependant waits in PENDING', () => {
    // migrate runs for good and has no startTimeout: api waits for its SUCCESS for ever
    const s = loadScenario({
      taskDefinition: definition([
        { name: 'migrate', image: 'example/orders-migrate:41', essential: false },
        { name: 'api', image: 'example/orders-api:41', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
      ]),
      launchType: 'FARGATE',
    });
    const { asked, status } = runMachine(s);
    expect(asked.every(Number.isFinite), `delays asked: ${asked.join(', ')}`).toBe(true);
    expect(status).toBe('PENDING');
    // as the simulation has it
    const sim = createSimulation(s);
    sim.runUntil(3_600_000);
    expect(sim.view().lastStatus).toBe('PENDING');
  });

  it('should ask for no timer an interface never created needs (its task never placed)', () => {
    const s = loadScenario({
      taskDefinition: { ...definition([{ name: 'api', image: 'example/orders-api:41', memory: 512 }]), requiresCompatibilities: ['EC2'] },
      capacityProviderStrategy: [{ capacityProvider: 'orders-asg', weight: 1 }],
      faults: [{ step: 'PlaceTask' }],
    });
    const { asked, status } = runMachine(s);
    expect(asked.every(Number.isFinite), `delays asked: ${asked.join(', ')}`).toBe(true);
    expect(status).toBe('STOPPED');
  });
});
