// The scenario's faults that have done nothing in any task, said once the
// service has nothing more scheduled: a ticked "ignores SIGTERM" on a steady
// service looks, on the board, like a fault the tasks survived, when no task
// was ever stopped. The CLI says the same at the end of a run (as notes).
import { serviceIdleFaults } from '../../sim/service/idle-faults.ts';
import type { ServiceSimulation } from '../../sim/service/service-simulation.ts';
import { byId, h } from '../dom.ts';
import { faultName } from '../ending.view.ts';

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
      const notes = sim && still ? serviceIdleFaults(sim).map((n) => n.replace(/^faults\[\d+\] \((\w+)\)/, (_, step: string) => faultName(step)).replace(/the run ended at/g, sim.haltedAt === null ? 'nothing more was scheduled at' : '$&')) : [];
      box.replaceChildren(
        ...(notes.length ? [h('b', {}, notes.length === 1 ? 'A fault that did nothing: ' : 'Faults that did nothing:'), notes.length === 1 ? notes[0]! : h('ul', {}, ...notes.map((n) => h('li', {}, n)))] : []),
      );
    },
  };
}
