// The browser simulator: wires the scenario editor, the virtual-time driver
// and the views. Data flows one way: scenario → simulation → views; buttons
// come back only as actions. A scenario with a `service` shows the service
// view (service/), any other the task view.
// first: before any module below parses a scenario
import { markRun, runLostByReload } from './run.lost.ts';
import './no-eval.ts';
import layouts from 'virtual:statechart-layout';
import { createTaskMachine } from '../../machines/task.machine.ts';
import { chartModel } from './chart/chart.model.ts';
import { createChartView } from './chart/chart.view.ts';
import { byId, NOT_APPLIED, sayScrollsSideways } from './dom.ts';
import { DRAWING_SHAPE, childActors, initialStatus, reachableStates } from './shape.ts';
import { createDriver } from './sim.driver.ts';
import { createScenarioEditor } from './scenario.editor.ts';
import { createSettings } from './scenario.settings.ts';
import { createStatusView, waitHint } from './status.view.ts';
import { stillWaiting } from '../sim/waits.ts';
import { createChildrenView } from './children.view.ts';
import { createTimelineView } from './timeline.view.ts';
import { createEventsView } from './events.view.ts';
import { createTeachingView } from './teaching.view.ts';
import { hereNote, runFacts } from './state.here.ts';
import { idleFaults } from '../sim/idle-faults.ts';
import { pausedAtHealthSaid, pausedAtStateSaid } from './step.said.ts';
import type { TaskStatus } from '../../machines/status.ts';
import { createInspectorLink } from './inspector.link.ts';
import { createControls, RESET_BY_CHANGE } from './controls.ts';
import { pageActionLabels, type PageAction } from './page-actions.ts';
import type { Mode } from './controls.step.ts';
import { createSimulation } from '../sim/simulation.ts';
import { createServiceApp } from './service/service.app.ts';
import { createServiceControls } from './service/service.controls.ts';
import { startSharing } from './sharing.ts';
import { offerLifecycles } from './lifecycles.download.ts';
import { followNotice } from './notice.toast.ts';
import { keepBarClear } from './controls.bar.ts';
import { listenForShortcuts } from './shortcuts.ts';
import { pasteLargeAtOnce } from './paste.large.ts';

const model = chartModel(createTaskMachine(DRAWING_SHAPE));
let selected: string | null = null;
const chart = createChartView(model, layouts.task, {
  label: 'Task statechart: the eight lastStatus states',
  controls: 'teach-panel',
  onSelect: (key) => {
    selected = selected === key ? null : key;
    // the explanation is written further down: say where, for a reader who cannot see it change
    const st = model.states.find((x) => x.key === key);
    byId('teaching-said').textContent = selected && st ? `${key}${st.inferred ? (st.partly ? ' (partly inferred)' : ' (inferred)') : ''}: ${st.description} More under What ECS is doing.` : 'Following the task again.';
    driver.touch();
  },
});
byId('chart').append(chart.svg);
sayScrollsSideways(byId('chart'), 'The statechart');
// Escape lets go of a chosen state, as it closes an opened service task (not while typing in a field)
document.addEventListener('keydown', (ev) => {
  const typing = ev.target instanceof HTMLElement && ev.target.closest('input, textarea, select') !== null;
  if (ev.key !== 'Escape' || selected === null || typing || document.body.dataset.mode === 'service' || ev.defaultPrevented) return;
  ev.preventDefault();
  selected = null;
  byId('teaching-said').textContent = 'Following the task again.';
  driver.touch();
});
chart.update({ active: null, visited: new Set(), reachable: null, initial: model.initial });
performance.mark('statechart-drawn');

const editor = createScenarioEditor();
const inspector = createInspectorLink();
const status = createStatusView();
const children = createChildrenView(byId('children'), () => driver.touch());
const timeline = createTimelineView(byId('timeline'));
const events = createEventsView();
const teaching = createTeachingView(model);
const visited = new Set<string>();
let traceSeen = 0;
/** the trace is read again from its start after Step back: what it shows is not news, nothing flashes */
let replayed = false;

const driver = createDriver({
  create: (scenario) => createSimulation(scenario, { inspect: (ev, ms) => inspector.inspect(ev, ms) }),
  beforeRun: () => inspector.newSession(),
  render,
  changes: (sim) => sim.trace.length,
  // its state, and its healthStatus: the moment a task turns UNHEALTHY (and nothing stops it) is a lesson too
  watched: (sim) => `${sim.view().lastStatus} ${sim.view().healthStatus}`,
  // STOPPED ends the run: nothing to go on to
  onPausedAtChange: pausedAtState,
  onNewSim(sim, back) {
    if (!sim) inspector.cleared();
    markRun(!!sim);
    replayed = !!back;
    visited.clear();
    children.reset();
    traceSeen = 0;
    events.reset(sim, back);
  },
});
let mode: Mode = 'task';
const service = createServiceApp({
  model,
  layout: layouts.task,
  inspect: (ev, ms) => inspector.inspect(ev, ms),
  beforeRun: () => (inspector.newSession(), markRun(true)),
  cleared: () => (inspector.cleared(), markRun(false)),
  renderControls: () => {
    controls.render();
    serviceControls.render();
  },
  pausedAt: (eventName) => controls.sayPaused(`Paused at ${eventName} (Pause at each deployment event is on): Play goes on to the next.`),
  pausedFor: (text) => controls.sayPaused(text),
});
const controls = createControls({ task: driver, service: service.driver }, editor, () => mode);
const pauseAtState = byId<HTMLInputElement>('pause-at-state');
pauseAtState.addEventListener('change', () => (driver.pauseAtChange = pauseAtState.checked));
driver.pauseAtChange = pauseAtState.checked; // a reload may bring it back ticked
const pauseAtDeployment = byId<HTMLInputElement>('pause-at-deployment');
pauseAtDeployment.addEventListener('change', () => (service.driver.pauseAtChange = pauseAtDeployment.checked));
service.driver.pauseAtChange = pauseAtDeployment.checked;
keepBarClear(document.querySelector<HTMLElement>('.controls')!);
listenForShortcuts(() => controls.sayPlaying());
followNotice(byId('notice'));
const serviceControls = createServiceControls({ driver: service.driver, start: controls.start, say: controls.say });
/** the shelf of scenarios put aside: sharing.ts makes it once the page's scenario is loaded */
let shelf: { putAside(text: string): string } = { putAside: () => '' };
createSettings(
  editor,
  (text) => {
    if (text !== null) controls.say(text, 'warn');
    // a refusal the bar still shows is out of date (the setting was set again, or typed over)
    else if (byId('notice').textContent?.startsWith(NOT_APPLIED)) controls.say('');
  },
  (text) => shelf.putAside(text),
);
offerLifecycles(editor, controls.say);
// A paste of thousands of lines goes in at once (paste.large.ts), and is loaded at once: what
// loading it says (a run reset) and what the paste says go together, neither over the other.
pasteLargeAtOnce(byId<HTMLTextAreaElement>('scenario-json'), (note) => {
  const notice = byId('notice');
  const before = notice.textContent;
  editor.applyNow();
  const loaded = notice.textContent !== before ? (notice.textContent ?? '') : '';
  controls.say(loaded ? `${loaded} ${note}` : note, loaded && notice.dataset.tone === 'warn' ? 'warn' : null);
});

editor.onLoad((sc) => {
  // a state pinned for the last scenario says nothing about this one
  selected = null;
  // a new configuration is a new task (or service): say so, or a run seems to vanish
  // (a fault or setting ticked mid-run looked live: it applies from the start, and the run is gone)
  const run = sc.service ? 'Run service' : 'Run task';
  // what the person did to the run goes with it: say so, as Step back does (Save JSON before the change kept it)
  const performed: PageAction[] = mode === 'service' ? [...(service.driver.sim?.performed ?? [])] : (driver.sim?.performed ?? []).map((action) => ({ action }));
  const gone = performed.length ? ` Gone with it: your ${pageActionLabels(performed).join(', then ')}.` : '';
  if ((driver.sim || service.driver.sim) && byId('scenario-json').dataset.replacing !== undefined)
    controls.say(`Another scenario is loaded, so the run was reset (virtual clock back to 0).${gone} Press ${run} to run it.`);
  else if (driver.sim || service.driver.sim)
    controls.say(`${RESET_BY_CHANGE} (virtual clock back to 0): settings and faults apply from the start.${gone} Press ${run} to run it with the change.`, 'warn');
  driver.reset();
  service.driver.reset();
  mode = sc.service ? 'service' : 'task';
  document.body.dataset.mode = mode;
  children.configure(childActors(sc));
  controls.configure(sc);
  service.configure(sc);
  serviceControls.configure(sc);
  driver.touch();
});

/**
 * Play paused (Pause at each state) as the task entered a state, or as its
 * healthStatus turned; STOPPED ends the run: nothing to go on to.
 */
function pausedAtState(now: string, was: string | null): void {
  const [status, health] = now.split(' ') as [string, string];
  if (status === 'STOPPED') controls.say('');
  else if (was?.split(' ')[0] === status) controls.sayPaused(pausedAtHealthSaid(health));
  else controls.sayPaused(pausedAtStateSaid(status, driver.sim?.trace ?? []));
}

function render(): void {
  const sim = driver.sim;
  const view = sim ? sim.view() : null;
  const trace = sim?.trace ?? [];
  for (; traceSeen < trace.length; traceSeen++) {
    const e = trace[traceSeen]!;
    if (e.actor === 'task') {
      visited.add(e.to);
      if (e.from && !replayed) chart.pulse(e.from, e.to);
    } else children.transition(e.actor, replayed ? null : e.from, e.to);
  }
  replayed = false;
  const sc = editor.scenario;
  const initial = sc ? initialStatus(sc) : 'PROVISIONING';
  chart.update({ active: view?.lastStatus ?? null, visited, reachable: sc ? reachableStates(sc) : null, initial, selected });
  const next = sim && !sim.isStopped() ? sim.nextAt() : null;
  const idle = !!sim && !sim.isStopped() && next === null;
  status.render(view, idle, sim ? waitHint(sim.now(), next, driver.speed, driver.playing) : '', idle && sc && view?.lastStatus === 'PENDING' ? stillWaiting(sc, view.containers).map((w) => w.short) : [], !driver.playing);
  controls.render();
  serviceControls.render();
  children.render(view);
  const lanes = ['task', ...(sc ? childActors(sc).map((c) => c.id) : [])];
  timeline.render(lanes, trace, view?.t ?? 0);
  events.render();
  const following = view?.lastStatus ?? initial;
  // why it stopped, once it has (a STOPPED state picked earlier has no ending yet)
  const ending = view?.lastStatus === 'STOPPED' && view.stopCode ? { stopCode: view.stopCode, stoppedReason: view.stoppedReason, idleFaults: idleFaults(sim!.scenario, trace, sim!.now()) } : null;
  const shown = (selected ?? following) as TaskStatus;
  teaching.render(shown, trace, selected !== null, ending, sc ? hereNote(shown, sc, runFacts(view, trace)) : null);
  teaching.departed(sim?.performed ?? []);
}

const narrator = {
  narrate(text: string | null): void {
    teaching.narrate(text);
    service.narrate(text);
  },
};
// said before the scenario loads: it is about the page before the reload
const lost = runLostByReload(editor.scenario?.service ? 'Run service' : 'Run task');
if (lost) {
  controls.say(lost);
  // about the page before the reload: put away at the first thing the person changes (then it reads as about the new scenario)
  const away = () => {
    if (byId('notice').textContent === lost) controls.say('');
    document.removeEventListener('input', away);
    document.removeEventListener('change', away);
  };
  document.addEventListener('input', away);
  document.addEventListener('change', away);
}
shelf = startSharing({
  editor,
  inspector,
  teaching: narrator,
  controls,
  pageActions: () => (mode === 'service' ? (service.driver.sim?.performed ?? []) : (driver.sim?.performed ?? []).map((action) => ({ action }))),
});
driver.touch();
