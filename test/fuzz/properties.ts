// The invariants of issue 3 §1, checked on what the simulation produced:
// its trace, its EventBridge events and its DescribeTasks object. Each
// returns what is wrong; fast-check shrinks a scenario until one is.
import { TASK_STATUSES, rank, type TaskStatus } from '../../machines/status.ts';
import { STAMP_ORDER } from '../../src/sim/project/task-detail.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { ScenarioError } from '../../src/sim/scenario/types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { Simulation } from '../../src/sim/types.ts';

type Detail = Record<string, unknown> & { version: number; lastStatus: TaskStatus; desiredStatus: string; stopCode?: string; updatedAt: string };

export function simulate(raw: unknown): Simulation {
  const sim = createSimulation(loadScenario(raw));
  sim.runUntil(7200 * 1000);
  return sim;
}

export function violations(sim: Simulation): string[] {
  const v: string[] = [];
  const details = sim.events.map((e) => e.detail as unknown as Detail);
  details.forEach((d, i) => {
    if (d.version !== i + 1) v.push(`event ${i} has version ${d.version}`);
    const prev = details[i - 1];
    if (!prev) return;
    if (Date.parse(d.updatedAt) < Date.parse(prev.updatedAt)) v.push(`event ${i} goes back in time`);
    if (rank(TASK_STATUSES, d.lastStatus) < rank(TASK_STATUSES, prev.lastStatus)) v.push(`lastStatus went back from ${prev.lastStatus} to ${d.lastStatus}`);
    if (prev.desiredStatus === 'STOPPED' && d.desiredStatus !== 'STOPPED') v.push('desiredStatus went back');
    if (prev.stopCode && d.stopCode !== prev.stopCode) v.push(`stopCode changed from ${prev.stopCode} to ${d.stopCode}`);
  });
  const task = sim.describeTask() as Record<string, unknown>;
  const stamps = STAMP_ORDER.map((k) => task[k]).filter((x): x is number => typeof x === 'number');
  if (stamps.some((s, i) => i > 0 && s < stamps[i - 1]!)) v.push(`timestamps out of order: ${STAMP_ORDER.map((k) => `${k}=${task[k]}`).join(' ')}`);
  v.push(...traceViolations(sim));
  const timeline = sim.scenario.timeline;
  if (timeline.some((a) => a.action === 'StopTask' || a.action === 'SpotInterruption') && !sim.isStopped()) v.push(`not STOPPED after a StopTask (${sim.view().lastStatus})`);
  if (sim.isStopped()) v.push(...releasedViolations(sim));
  // never placed (gave up, or stopped while waiting): facts §2, PROVISIONING → STOPPED and nothing else
  const capacity = sim.view().capacity;
  if (sim.isStopped() && (capacity === 'UNAVAILABLE' || capacity === 'CANCELLED')) {
    const statuses = sim.trace.filter((e) => e.actor === 'task' && !e.to.startsWith('desired')).map((e) => e.to);
    if (statuses.join() !== 'PROVISIONING,STOPPED') v.push(`never placed, yet went ${statuses.join(' → ')}`);
  }
  return v;
}

/**
 * SIGTERM only once every target has drained (after a Spot warning, or once an
 * essential container exited, once deregistered); never to a container that never ran.
 */
function traceViolations(sim: Simulation): string[] {
  const v: string[] = [];
  const essential = new Set(sim.scenario.taskDefinition.containerDefinitions.filter((c) => c.essential).map((c) => `container-${c.name}`));
  // a Spot notice takes the capacity even from a task already stopping for another reason;
  // an essential container's exit makes the agent stop the others, whatever ECS drains
  let spot = false;
  const state = new Map<string, string>();
  let last: TaskStatus | null = null;
  for (const e of sim.trace) {
    if (e.actor === 'user' && e.to === 'SpotInterruption' && e.note.startsWith('Fargate Spot interruption notice')) spot = true;
    if (e.actor === 'task' && !e.to.startsWith('desired')) {
      const to = e.to as TaskStatus;
      if (last && rank(TASK_STATUSES, to) <= rank(TASK_STATUSES, last)) v.push(`task went from ${last} to ${to}`);
      last = to;
    }
    if (e.actor.startsWith('container-') && e.to === 'STOPPING') {
      if (e.from !== 'RUNNING') v.push(`${e.actor} signalled in ${e.from}`);
      // after a Spot notice or an essential exit SIGTERM comes at once, but still after the targets are deregistered (draining)
      const early = spot || [...state].some(([id, s]) => essential.has(id) && s === 'STOPPED');
      const live = [...state].filter(([id, s]) => id.startsWith('target-') && s !== 'notRegistered' && s !== 'unused' && !(early && s === 'draining'));
      if (live.length) v.push(`SIGTERM to ${e.actor} at ${e.t} while ${live.map(([id, s]) => `${id} ${s}`).join(', ')}`);
    }
    if (e.actor !== 'user' && e.actor !== 'task') state.set(e.actor, e.to);
  }
  return v;
}

function releasedViolations(sim: Simulation): string[] {
  const view = sim.view();
  const v: string[] = [];
  if (view.eni && view.eni.status !== 'DELETED') v.push(`ENI ${view.eni.status} at STOPPED`);
  for (const t of view.targets) if (t.state !== 'unused' && t.state !== 'notRegistered') v.push(`target ${t.state} at STOPPED`);
  // (a failed registration created no instance: nothing to remove)
  if (view.registry && view.registry.state !== 'DEREGISTERED' && view.registry.state !== 'NOT_REGISTERED' && view.registry.state !== 'FAILED') v.push(`registry ${view.registry.state} at STOPPED`);
  for (const c of view.containers) {
    if (c.lastStatus !== 'STOPPED') v.push(`container ${c.name} ${c.state} at STOPPED`);
    if (c.signals.length && c.exitCode === null) v.push(`container ${c.name} was signalled but has no exit code`);
  }
  return v;
}

/** What loading an invalid scenario did: 'ScenarioError' is the only good answer. */
export function rejection(raw: unknown): string {
  try {
    loadScenario(raw);
    return 'accepted';
  } catch (e) {
    return e instanceof ScenarioError ? 'ScenarioError' : `${(e as Error).name}: ${(e as Error).message}`;
  }
}
