// The service view: a driver for the service simulation and the views it
// feeds (counts and deployments, the lifecycle board, the opened task, the
// service's events), rendered once per animation frame.
import type { InspectionEvent } from 'xstate';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { ChartModel } from '../chart/chart.model.ts';
import type { MachineLayout } from '../chart/chart.layout.types.ts';
import { byId, sayAloud, scrollBehavior } from '../dom.ts';
import { pageActionLabels, type PageAction } from '../page-actions.ts';
import { createDriver } from '../sim.driver.ts';
import { formatSeconds } from '../time.ts';
import { createBoardView } from './board.view.ts';
import { DeploymentColours } from './deployment.colours.ts';
import { createIdleFaultsView } from './idle-faults.view.ts';
import { createNoticesView } from './notices.view.ts';
import { ServiceRun } from './service.run.ts';
import { createServiceView } from './service.view.ts';
import { createTaskPanel } from './task.panel.ts';

/** A frame slower than this (real ms) lets the board skip the next one. */
const SLOW_FRAME_MS = 28;

interface Options {
  model: ChartModel;
  layout: MachineLayout;
  inspect: (ev: InspectionEvent, virtualMs: number) => void;
  /** the run is gone (Reset, another scenario) */
  cleared: () => void;
  beforeRun: () => void;
  /** the shared controls (Play, Step…) repaint with every frame */
  renderControls: () => void;
  /** Play paused at a deployment's milestone (Pause at each deployment event), this event */
  pausedAt: (eventName: string) => void;
  /** Play paused after another day of virtual time (PLAY_DAY_MS): what to say */
  pausedFor: (text: string) => void;
}

/** A service never ends by itself: Play pauses after each day of virtual time it runs (see the driver's horizon). */
export const PLAY_DAY_MS = 24 * 3600_000;

/**
 * Once a person has acted on the run (a deploy, a crash, a new count), the
 * preset's story no longer tells it: said, as the task view says it. '' when
 * there is no story, or nothing was done.
 */
export function departedSaid(performed: readonly PageAction[], story: string): string {
  if (performed.length === 0 || story === '') return '';
  return `This run has left that story with your ${pageActionLabels(performed).join(', then ')}. What the service does now is on the board and in its events; Reset to see the story's own run.`;
}

export function createServiceApp(opts: Options) {
  const colours = new DeploymentColours();
  const summary = createServiceView(colours);
  const notices = createNoticesView();
  const idleFaults = createIdleFaultsView();
  const narrative = byId('service-narrative');
  const departed = byId('service-narrative-departed');
  let scenario: Scenario | null = null;

  const panel = createTaskPanel(opts.model, opts.layout, () => {
    // closing gives focus back to the card that opened the task, not to the page
    const was = panel.index;
    open(null);
    if (was !== null) board.focus(was);
  });
  const board = createBoardView({
    colours,
    onOpen: (i) => {
      open(panel.index === i ? null : i);
      // the panel opens below the board, out of a screen reader's way: say that it did
      sayAloud(byId('said'), panel.index === null ? `Task ${i} closed.` : `Task ${i} opened below the board: its statuses, timeline and DescribeTasks. Escape closes it.`);
      // below the fold (a narrow window), the opened task would seem not to open: bring it up
      const el = byId('task-panel');
      if (panel.index !== null && el.getBoundingClientRect().top > window.innerHeight * 0.8) el.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
    },
  });

  function open(index: number | null): void {
    panel.open(index);
    board.select(index);
    driver.touch();
  }

  const driver = createDriver<ServiceRun>({
    create: (scenario) => new ServiceRun(scenario, opts.inspect),
    beforeRun: opts.beforeRun,
    render,
    changes: (run) => run.changes(),
    watched: (run) => run.deploymentMoments(),
    onPausedAtChange: (now) => opts.pausedAt(now.slice(now.indexOf(' ') + 1)),
    horizon: {
      everyMs: PLAY_DAY_MS,
      reached: (ms) =>
        opts.pausedFor(
          `Paused after ${formatSeconds(ms)} of virtual time: a service runs for as long as it is let, and this one still has more to come, so Play stops after each day of it (${driver.sim!.sim.tasks.length.toLocaleString('en-US')} tasks started so far, each kept in the page's memory). Play runs it another day.`,
        ),
    },
    onNewSim(run, back) {
      if (!run) opts.cleared();
      colours.reset();
      board.reset();
      notices.reset(run?.sim ?? null);
      idleFaults.reset();
      summary.reset();
      // Step back keeps the task a person opened, while it exists at that moment
      const opened = back && panel.index !== null && run?.sim.tasks.some((t) => t.index === panel.index) ? panel.index : null;
      open(opened);
    },
  });

  // When frames come slower than ~35 per second (a thousand cards moving at
  // once, paint-bound), the board skips every other frame: the simulation
  // keeps its pace, the page keeps answering, the cards catch up next frame.
  let lastFrame = 0;
  let skipped = false;
  function render(): void {
    const sim = driver.sim?.sim ?? null;
    // the deployments as the scheduler created them, recorded at every step
    if (driver.sim) colours.follow(driver.sim.deployments.keys());
    const now = performance.now();
    const slow = now - lastFrame > SLOW_FRAME_MS;
    lastFrame = now;
    if (sim && (skipped || !slow || !driver.playing)) {
      board.render(sim);
      skipped = false;
    } else skipped = !!sim;
    summary.render(driver.sim, scenario, !driver.playing);
    notices.render();
    idleFaults.render(sim);
    panel.render(sim);
    const left = departedSaid(driver.sim?.performed ?? [], narrative.textContent ?? '');
    if (departed.textContent !== left) departed.textContent = left;
    opts.renderControls();
  }

  return {
    driver,
    configure(sc: Scenario): void {
      scenario = sc;
      driver.touch();
      byId('service-name').textContent = sc.service ? `“${sc.service.serviceName}”` : '';
    },
    narrate(text: string | null): void {
      narrative.textContent = text ?? '';
    },
  };
}
