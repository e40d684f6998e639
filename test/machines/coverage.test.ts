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

const bools = [false, true];
const capacityInputs = [1, null].map((availableAfterMs) => ({ availableAfterMs, timeoutMs: 2 }));
const eniInputs = bools.flatMap((failAttach) => bools.map((releaseBlocked) => ({ createMs: 1, attachMs: 1, attachTimeoutMs: 2, detachMs: 1, deleteMs: 1, failAttach, releaseBlocked })));
const targetInputs = bools.flatMap((failRegister) => bools.map((failHealthChecks) => ({ index: 0, targetGroupArn: 'tg', registerMs: 1, healthyAfterMs: 1, unhealthyAfterMs: 1, failHealthChecks, deregistrationDelayMs: 1, failRegister })));
const registryInputs = bools.map((failRegister) => ({ registerMs: 1, deregisterMs: 1, failRegister }));
const containerInputs = [null, 'CannotPullContainerError: x'].flatMap((pullError) =>
  bools.flatMap((ignoreSigterm) => [null, 1].flatMap((healthCheckMs) => bools.map((failHealthChecks) => ({
    name: 'c', pullMs: 1, createMs: 1, startMs: 1, pullError, sigtermExitMs: 1, ignoreSigterm, stopTimeoutMs: 2, healthCheckMs, failHealthChecks, startTimeoutMs: 3,
  })))),
);

/**
 * Stop routes that stopRoute() generates mechanically but no valid task can
 * take (every task definition has an essential container, so by the time
 * every container has stopped the task is already on its way out):
 * nothing is registered or running before ACTIVATING, and an ENI exists in
 * PROVISIONING; in ACTIVATING a registration is still live, or a container
 * still runs, whenever the stop begins. A route that becomes reachable fails
 * this test too, so the list stays true.
 */
// Every route of every machine is reachable by some valid task (task.machine.ts STOP_ROUTES).
const UNREACHABLE: string[] = [];

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
      target: { def: defined(targetMachine), reached: exploreChild(targetMachine, targetInputs) },
      registry: { def: defined(registryMachine), reached: exploreChild(registryMachine, registryInputs) },
      container: { def: defined(containerMachine), reached: exploreChild(containerMachine, containerInputs, { 'container.processExited': { exitCode: 3 } }) },
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
    expect(notReached).toEqual(UNREACHABLE);
  });
});
