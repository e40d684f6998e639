// Replays a generated lifecycle through the full simulation: the faults its
// steps imply go into the scenario, and each action from outside (StopTask,
// Spot interruption, a process exit) is applied when the simulated task is in
// the state the path had just before it. Everything else the simulated side
// steps do on their own, on the virtual clock.
import type { TaskStatus } from '../../machines/status.ts';
import type { TaskContext } from '../../machines/task.types.ts';
import type { Lifecycle } from '../../src/sim/paths/lifecycles.ts';
import type { WorldEvent } from '../../src/sim/paths/world.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { LiveAction, Simulation } from '../../src/sim/types.ts';

type Ev = WorldEvent & { index?: number; name?: string; output?: { exitCode: number | null; reason: string | null; started: boolean } };
const containerOf = (e: Ev) => e.type.replace('xstate.done.actor.container-', '');

function faultsOf(l: Lifecycle): object[] {
  const faults = (l.events as Ev[]).flatMap((e): object[] => {
    if (e.type === 'capacity.unavailable') return [{ step: 'PlaceTask' }];
    if (e.type === 'capacity.placed') return [{ step: 'PlaceTask', capacityAfterSeconds: 60 }];
    if (e.type === 'eni.failed') return [{ step: 'AttachEni' }];
    // the very secret the lifecycle failed for
    if (e.type === 'task.secretsFailed') return [{ step: 'RetrieveSecrets', valueFrom: e.secret }];
    if (e.type === 'target.failed') return [{ step: 'RegisterTargets', targetGroup: e.index }];
    if (e.type === 'registry.failed') return [{ step: 'RegisterInstance' }];
    if (e.type === 'target.unhealthy') return [{ step: 'HealthCheck', container: null }];
    if (e.type === 'container.unhealthy') return [{ step: 'HealthCheck', container: e.name }];
    if (e.output?.reason) return [{ step: 'PullImage', container: containerOf(e) }];
    if (e.output?.exitCode === 137) return [{ step: 'StopContainer', container: containerOf(e), ignoreSigterm: true }];
    return [];
  });
  return [...new Map(faults.map((f) => [JSON.stringify(f), f])).values()];
}

function actionOf(e: Ev, before: TaskContext): LiveAction | null {
  // the scheduler's stop of an unhealthy task: the simulation's own world makes it, after the verdict
  if (e.type === 'task.stopRequested') return (e as { stopCode?: string }).stopCode === 'ServiceSchedulerInitiated' ? null : { action: 'StopTask' };
  if (e.type === 'task.spotInterrupted') return { action: 'SpotInterruption' };
  const name = containerOf(e);
  if (e.output?.started && !before.containers[name]!.stopRequested) return { action: 'ContainerExit', container: name, exitCode: e.output.exitCode! };
  return null;
}

/**
 * The simulated task looks like the path's task did, as far as the next
 * action depends on it. Side steps are left out: their relative order comes
 * from the seeded timings (a Cloud Map deregistration always beats a 300 s
 * drain), which a scenario cannot force.
 */
function matches(sim: Simulation, value: TaskStatus, c: TaskContext): boolean {
  const v = sim.view();
  return (
    v.lastStatus === value &&
    v.desiredStatus === c.desiredStatus &&
    v.capacity === c.capacity &&
    v.containers.every((x) => x.lastStatus === c.containers[x.name]!.lastStatus && x.healthStatus === c.containers[x.name]!.healthStatus)
  );
}

/**
 * The order of two independent side steps (one container's pull failing
 * before or after another starts) comes from the seeded timings: try a few
 * seeds, as a user would pick one, and keep the first that takes the path.
 * A target that drains before a signalled container exits (Fargate Spot)
 * needs a short deregistration delay: try 0 s too, as a user would set it.
 */
export function replay(raw: Record<string, unknown>, l: Lifecycle, seeds = 12): { statuses: TaskStatus[]; sim: Simulation; seed: number } {
  let last!: { statuses: TaskStatus[]; sim: Simulation; seed: number };
  for (const settings of [undefined, { deregistrationDelaySeconds: 0 }]) {
    for (let seed = 1; seed <= seeds; seed++) {
      last = { ...replayWithSeed(settings ? { ...raw, settings } : raw, l, seed), seed };
      if (last.statuses.join() === l.statuses.join()) return last;
    }
  }
  return last;
}

function replayWithSeed(raw: Record<string, unknown>, l: Lifecycle, seed: number): { statuses: TaskStatus[]; sim: Simulation } {
  // A task stopped while it waits for capacity still needs the wait: keep the file's PlaceTask.
  const faults = faultsOf(l);
  const waits = ((raw.faults ?? []) as { step: string }[]).filter((f) => f.step === 'PlaceTask');
  if (!faults.some((f) => (f as { step: string }).step === 'PlaceTask')) faults.push(...waits);
  // A Spot lifecycle of a task the cluster's default strategy launched ran on Fargate Spot (as paths says in its events).
  const spot = l.events.some((e) => e.type === 'task.spotInterrupted') && raw.launchType === undefined && raw.capacityProviderStrategy === undefined;
  const onSpot = spot ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] } : {};
  const scenario: Scenario = loadScenario({ ...raw, ...onSpot, seed, timeline: [], faults });
  const sim = createSimulation(scenario);
  l.events.forEach((e, i) => {
    const before = l.states[i]!;
    const action = actionOf(e as Ev, before.task.context as TaskContext);
    if (!action) return;
    while (!matches(sim, before.task.value as TaskStatus, before.task.context as TaskContext) && sim.step());
    sim.act(action);
  });
  sim.runUntil(3_600_000 * 3);
  const statuses = sim.trace.filter((t) => t.actor === 'task' && !t.to.startsWith('desired')).map((t) => t.to as TaskStatus);
  return { statuses, sim };
}
