// Every state and every transition of every machine is reached by some
// generated path: the task machine through the world traversal of the whole
// configuration matrix, the side-step machines on their own, for each fault.
import { describe, expect, it } from 'vitest';
import { capacityMachine } from '../../machines/capacity.machine.ts';
import { containerMachine } from '../../machines/container.machine.ts';
import { eniMachine } from '../../machines/eni.machine.ts';
import { registryMachine } from '../../machines/registry.machine.ts';
import { targetMachine } from '../../machines/target.machine.ts';
import { createTaskMachine } from '../../machines/task.machine.ts';
import { worldGraph } from '../../src/sim/paths/lifecycles.ts';
import { worldOptions } from '../../src/sim/paths/world.ts';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { configs } from './support/configs.ts';
import { defined, exploreChild, missing, Reached } from './support/coverage.ts';
import { capacityInputs, containerInputs, eniInputs, registryInputs, targetInputs } from './support/child-inputs.ts';

// Every route of every machine is reachable by some valid task, the stop
// routes that stopRoute() generates for each state included (task.machine.ts
// STOP_ROUTES lists only those a valid task can take): a route no task can
// take shows here as unreached.

function taskCoverage() {
  const reached = new Reached();
  const def = { states: new Set<string>(), transitions: new Set<string>() };
  const worlds = new Map(configs().map((c) => [JSON.stringify([c.shape, worldOptions(c.scenario)]), c]));
  for (const { shape, scenario } of worlds.values()) {
    worldGraph(shape, worldOptions(scenario), reached.observe);
    const d = defined(createTaskMachine(shape));
    d.states.forEach((s) => def.states.add(s));
    d.transitions.forEach((t) => def.transitions.add(t));
  }
  // The world plays the capacity wait's outcome as the task's own events; with
  // the invoked actor, the task hears it as the actor's done event, which it
  // turns into those events: run both outcomes with the actors.
  const noCapacity = JSON.parse(readFileSync(new URL('../../public/scenarios/no-capacity.json', import.meta.url), 'utf8'));
  for (const fault of [{ step: 'PlaceTask' }, { step: 'PlaceTask', capacityAfterSeconds: 60 }]) {
    const sim = createSimulation(loadScenario({ ...noCapacity, faults: [fault] }), { inspect: reached.observe });
    sim.runUntil(3_600_000);
  }
  // The Spot reclaim is a timer of the task's own, two minutes after the
  // notice, which the untimed world never fires (it cuts nothing a path can
  // tell apart): run it with the actors, for a notice to a running task and
  // to one already stopping.
  const spot = JSON.parse(readFileSync(new URL('../../public/scenarios/spot-interruption.json', import.meta.url), 'utf8'));
  for (const timeline of [spot.timeline, [{ at: 200, action: 'StopTask' }, { at: 300, action: 'SpotInterruption' }]]) {
    const sim = createSimulation(loadScenario({ ...spot, timeline }), { inspect: reached.observe });
    sim.runUntil(3_600_000);
  }
  return { def: { states: [...def.states], transitions: [...def.transitions] }, reached };
}

describe('coverage of the generated paths', () => {
  it('should reach every state and transition of every machine', () => {
    const results = {
      task: taskCoverage(),
      capacity: { def: defined(capacityMachine), reached: exploreChild(capacityMachine, capacityInputs) },
      eni: { def: defined(eniMachine), reached: exploreChild(eniMachine, eniInputs, { 'eni.deleteRequested': [{}, { neverCreated: true }] }) },
      target: { def: defined(targetMachine), reached: exploreChild(targetMachine, targetInputs, { 'target.appStoppedAnswering': [{ unhealthyInMs: 1 }, { unhealthyInMs: null }] }) },
      registry: { def: defined(registryMachine), reached: exploreChild(registryMachine, registryInputs) },
      container: { def: defined(containerMachine), reached: exploreChild(containerMachine, containerInputs, { 'container.processExited': { exitCode: 3 }, 'container.appStoppedAnswering': [{ unhealthyInMs: 1 }, { unhealthyInMs: null }] }) },
    };
    const line = Object.entries(results)
      .map(([name, { def, reached }]) => {
        const s = def.states.filter((x) => reached.states.has(x)).length;
        const t = def.transitions.filter((x) => reached.transitions.has(x)).length;
        return `${name} ${s}/${def.states.length} states ${t}/${def.transitions.length} transitions`;
      })
      .join('; ');
    console.log(`coverage: ${line}`);
    const notReached = Object.entries(results).flatMap(([name, { def, reached }]) => missing(def, reached).map((m) => `${name}: ${m}`));
    expect(notReached).toEqual([]);
  });
});
