// A service's faults that did nothing: a fault acts on every task it names,
// so it did nothing only when it did nothing to any of them (judged on each
// task's own trace, as for a task run alone: ../idle-faults.ts). A CI
// fixture whose fault no longer fires in any task tests nothing.
import { idleFaults } from '../idle-faults.ts';
import type { TraceEntry } from '../types.ts';
import type { ServiceSimulation } from './service-simulation.ts';
import type { ServiceTask } from './service-task.ts';

/** One task's trace on the run's clock: its lastStatus changes (from its events) and its side steps'. */
function traceOf(task: ServiceTask): TraceEntry[] {
  const out: TraceEntry[] = [];
  let status: string | null = null;
  for (const f of task.frames) {
    if (f.lastStatus === status) continue;
    out.push({ t: f.t, actor: 'task', from: status, to: f.lastStatus, note: '' });
    status = f.lastStatus;
  }
  const last = new Map<string, string>();
  for (const c of task.world.sideChanges()) {
    out.push({ t: c.t, actor: c.actor, from: last.get(c.actor) ?? null, to: c.to, note: c.note });
    last.set(c.actor, c.to);
  }
  // by time, each actor's changes in their order (a stable sort)
  return out.sort((a, b) => a.t - b.t);
}

/** `faults[i] (Step) did nothing in any of the service's N tasks (the last: …)`, for each such fault. */
export function serviceIdleFaults(sim: ServiceSimulation): string[] {
  const tasks = sim.tasks.filter((t) => t.world);
  if (sim.scenario.faults.length === 0 || tasks.length === 0) return [];
  // per fault index, why it did nothing in each task so far; gone once one task shows it acted
  const idle = new Map<number, string>(sim.scenario.faults.map((_, i) => [i, '']));
  for (const task of tasks) {
    const said = new Map(idleFaults(task.scenario, traceOf(task), sim.now()).map((n) => [Number(/^faults\[(\d+)\]/.exec(n)![1]), n]));
    for (const i of [...idle.keys()]) {
      const why = said.get(i);
      if (why === undefined) idle.delete(i);
      else idle.set(i, `task ${task.index}: ${why.replace(/^faults\[\d+\] \(\w+\) did nothing: /, '')}`);
    }
    if (idle.size === 0) return [];
  }
  const n = tasks.length;
  return [...idle].map(([i, last]) => `faults[${i}] (${sim.scenario.faults[i]!.step}) did nothing in ${n === 1 ? "the service's one task" : `any of the service's ${n} tasks`} (the last, ${last})`);
}
