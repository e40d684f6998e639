// The scenario's faults that have done nothing in any task, said once the
// service has nothing more scheduled: a ticked "ignores SIGTERM" on a steady
// service looks, on the board, like a fault the tasks survived, when no task
// was ever stopped. The CLI says the same at the end of a run (as notes).
import { serviceIdleFaults } from '../../sim/service/idle-faults.ts';
import type { ServiceSimulation } from '../../sim/service/service-simulation.ts';
import { byId, h } from '../dom.ts';
import { faultName } from '../ending.view.ts';

/**
 * A note as the box says it, under its heading "A fault that did nothing":
 * `faults[0] (StopContainer) did nothing in any of the service's 2 tasks (…)` →
 * `Container’s own answer to SIGTERM (StopContainer): in none of the service's 2 tasks (…)`.
 * `waiting`: the run has not ended, it only has nothing more scheduled.
 */
function said(note: string, waiting: boolean): string {
  const named = note
    .replace(/^faults\[\d+\] \((\w+)\) did nothing in (any of )?/, (_, step: string, any?: string) => `${faultName(step)}: in ${any ? 'none of ' : ''}`);
  return waiting ? named.replace(/the run ended first, at/g, 'nothing more was scheduled, at').replace(/the run ended/g, 'nothing more was scheduled') : named;
}

export function createIdleFaultsView() {
  const box = byId('service-idle-faults');
  /** the moment last judged: reading every task's trace is done once per still moment, not per frame */
  let judged = '';

  return {
    reset(): void {
      judged = '';
      box.replaceChildren();
    },
    render(sim: ServiceSimulation | null): void {
      // while something is scheduled, a fault may still act: nothing to say yet
      const still = sim && (sim.clock.nextAt() === null || sim.haltedAt !== null) ? `${sim.now()}:${sim.tasks.length}` : '';
      if (still === judged) return;
      judged = still;
      // in any task (the last task's why, as the CLI): on screen, "the run ended" is the moment nothing more is scheduled
      const notes = sim && still ? serviceIdleFaults(sim).map((n) => said(n, sim.haltedAt === null)) : [];
      box.replaceChildren(
        ...(notes.length ? [h('b', {}, notes.length === 1 ? 'A fault that did nothing: ' : 'Faults that did nothing:'), notes.length === 1 ? notes[0]! : h('ul', {}, ...notes.map((n) => h('li', {}, n)))] : []),
      );
    },
  };
}
