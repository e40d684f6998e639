// One task of the service, opened from the board: its lastStatus and
// desiredStatus, stop code and reason, the task statechart with its current
// state and what ECS does there (with the marks of our model), its timeline
// of statuses (the task's from its ECS Task State Change frames, each side
// step's as the world recorded it) and what DescribeTasks
// returns for it now.
import { describeServiceTask } from '../../sim/service/service-output.ts';
import type { ServiceSimulation } from '../../sim/service/service-simulation.ts';
import { whyWaiting } from '../../sim/service/container-instances.notes.ts';
import { drainNote } from '../../sim/notes.ts';
import { SIDE_NOTES } from '../../sim/service/side-log.ts';
import { stopsAnsweringNote } from '../../sim/going-bad.ts';
import type { ServiceTask } from '../../sim/service/service-task.ts';
import { checkedContainer, failChecksOff } from './service.run.ts';
import type { TraceEntry } from '../../sim/types.ts';
import type { ChartModel } from '../chart/chart.model.ts';
import type { MachineLayout } from '../chart/chart.layout.types.ts';
import { createChartView } from '../chart/chart.view.ts';
import { byId, h, replaceKeepingFocus, sayScrollsSideways } from '../dom.ts';
import { stateExplanation } from '../teaching.view.ts';
import { hereNote } from '../state.here.ts';
import { reasonWords, stopCodeWords } from '../ending.view.ts';
import { formatSeconds } from '../time.ts';
import { childActors, initialStatus, reachableStates } from '../shape.ts';
import { createTimelineView } from '../timeline.view.ts';

/** The task's frames as the timeline's trace: status bars, and a tick when desiredStatus turned STOPPED. */
function traceOf(task: ServiceTask): TraceEntry[] {
  const out: TraceEntry[] = [];
  let status: string | null = null;
  let desired = 'RUNNING';
  for (const f of task.frames) {
    const t = f.t - task.createdAt;
    if (f.context.desiredStatus !== desired) {
      desired = f.context.desiredStatus;
      out.push({ t, actor: 'task', from: null, to: `desiredStatus ${desired}`, note: f.context.stoppedReason ?? '' });
    }
    if (f.lastStatus !== status) {
      out.push({ t, actor: 'task', from: status, to: f.lastStatus, note: `version ${task.frames.indexOf(f) + 1}` });
      status = f.lastStatus;
    }
  }
  return out;
}

/**
 * Each side step's statuses (ENI, targets, Cloud Map, containers, capacity wait) as the timeline's trace.
 * A target draining says for how long, as in a single task's timeline (the world keeps numbers, not words).
 */
function sideTrace(task: ServiceTask): TraceEntry[] {
  const last = new Map<string, string>();
  const spotCode = task.scenario.settings.spotStopCode ?? 'SpotInterruption';
  const spot = task.frames.some((f) => f.context.stopCode === spotCode);
  return (task.world?.sideChanges() ?? []).map((c) => {
    const t = Math.max(0, c.t - task.createdAt);
    const from = last.get(c.actor) ?? null;
    // the moment an app that goes bad stops answering, in the words of a single task's trace
    if (c.note === SIDE_NOTES[4]) return { t, actor: c.actor, from, to: c.to, note: stopsAnsweringNote(task.scenario, c.actor, stopsAnsweringAfterMs(task, c.actor)) };
    last.set(c.actor, c.to);
    const note = c.to === 'draining' && c.note === '' ? drainNote(task.scenario.settings.deregistrationDelaySeconds, spot) : c.note;
    return { t, actor: c.actor, from, to: c.to, note };
  });
}

/** When the app of `actor`'s checks stops answering, after they began (its input says). */
function stopsAnsweringAfterMs(task: ServiceTask, actor: string): number {
  const input = task.world!.input;
  const side = actor.startsWith('target-') ? input.targets[Number(actor.slice('target-'.length))] : input.containers.find((c) => `container-${c.name}` === actor);
  return side?.stopsAnsweringAfterMs ?? 0;
}

/** Where the scheduler placed the task, and why that instance's agent still holds it back. */
function instanceText(task: ServiceTask, sim: ServiceSimulation): string {
  const p = task.placed!;
  const waiting = p.instance.queue.includes(p) && sim.fleet;
  const ci = task.scenario.containerInstances!;
  const size = ci.groups.length > 1 ? ` (${p.instance.cpu} CPU units, ${p.instance.memory} MiB)` : '';
  return `instance ${p.instance.number} of ${ci.count}${size}${waiting ? ` · waiting for room: ${whyWaiting(p, sim.fleet)}` : ''}`;
}

export function createTaskPanel(model: ChartModel, layout: MachineLayout, onClose: () => void) {
  const panel = byId('task-panel');
  const title = byId('task-panel-title');
  const summary = byId('task-summary');
  const frames = byId<HTMLOListElement>('task-frames');
  const json = byId('task-describe');
  // a state clicked is explained below it, as in the task view: the task's own chart is where a learner reads the marks
  let selected: string | null = null;
  let shown: ServiceSimulation | null = null;
  const chart = createChartView(model, layout, {
    label: 'Statechart of the opened task',
    mini: true,
    // the task's layout has room above its boxes for the marks, in words, that the task view shows
    badges: true,
    controls: 'task-teaching',
    onSelect: (key) => {
      selected = selected === key ? null : key;
      lastKey = '';
      if (shown) panelApi.render(shown);
    },
  });
  byId('task-chart').append(chart.svg);
  // the same marks as the task's own chart, so the same key (a learner opens a task to be taught by it)
  const legend = document.querySelector('.chart-panel .legend');
  if (legend) byId('task-chart').after(legend.cloneNode(true));
  sayScrollsSideways(byId('task-chart'), 'The statechart');
  const teaching = byId('task-teaching');
  const timeline = createTimelineView(byId('task-timeline'));
  let index: number | null = null;
  let lastKey = '';
  let lastTaught = '';
  let lastStatus: string | null = null;

  byId('task-close').addEventListener('click', onClose);
  // what this task's app can be made to do now: the button says so (service.controls.ts acts on it)
  const failChecks = byId<HTMLButtonElement>('task-fail-checks');
  const paintFailChecks = (task: ServiceTask) => {
    const off = failChecksOff(task);
    failChecks.dataset.i = String(task.index);
    failChecks.setAttribute('aria-disabled', String(off !== null));
    const title = off ?? `HealthChecksFail: the app in container ${checkedContainer(task)} of task ${task.index} stops answering its health checks from now`;
    if (failChecks.title !== title) failChecks.title = title;
  };
  // Escape closes the opened task, as it closes a dialog (not while typing in a field)
  document.addEventListener('keydown', (ev) => {
    const typing = ev.target instanceof HTMLElement && ev.target.closest('input, textarea, select') !== null;
    if (ev.key === 'Escape' && !panel.hidden && !typing) {
      ev.preventDefault();
      onClose();
    }
  });

  const panelApi = {
    get index() {
      return index;
    },
    open(i: number | null): void {
      index = i;
      lastKey = '';
      lastTaught = '';
      lastStatus = null;
      selected = null;
      panel.hidden = i === null;
    },
    render(sim: ServiceSimulation | null): void {
      const task = index === null ? undefined : sim?.tasks[index];
      shown = sim;
      if (!sim || !task) return;
      paintFailChecks(task);
      const c = task.view;
      const status = c.lastStatus;
      const stopped = status === 'STOPPED';
      // (a note on a side step's lane at the same moment, a HealthChecksFail while paused, redraws too)
      const key = `${task.index}|${task.frames.length}|${task.phase}|${stopped ? '' : Math.floor(sim.now() / 1000)}|${task.world?.sideChangeCount ?? 0}`;
      if (key === lastKey) return;
      const framesChanged = !lastKey.startsWith(`${task.index}|${task.frames.length}|`);
      lastKey = key;

      const td = task.taskDefinition;
      const breaker = sim.view().settings.circuitBreaker;
      // an ECS Anywhere task is in no AWS zone (its DescribeTasks has none)
      title.textContent = [`Task ${task.index}`, `${td.family}:${td.revision}`, ...(task.scenario.launchType === 'EXTERNAL' ? [] : [task.identity.availabilityZone])].join(' · ');
      summary.replaceChildren(
        h('div', { class: 'status', 'data-last': status }, `lastStatus: ${status} · desiredStatus: ${c.desiredStatus}`),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Scheduler sees'), h('dd', {}, task.phase),
          // in words once it has stopped, as the task view says them
          h('dt', {}, 'stopCode'), h('dd', {}, ...(stopped && c.stopCode ? stopCodeWords(c.stopCode) : [c.stopCode ?? '—'])),
          h('dt', {}, 'stoppedReason'), h('dd', {}, ...(stopped && c.stopCode ? reasonWords({ stopCode: c.stopCode, stoppedReason: c.stoppedReason }) : [c.stoppedReason ?? '—'])),
          ...(breaker.enable ? [h('dt', {}, 'Circuit breaker'), h('dd', {}, breakerWords(task, c.stopCode, breaker.resetOnHealthyTask))] : []),
          h('dt', {}, 'startedBy'), h('dd', {}, h('code', {}, task.deploymentId)),
          ...(task.placed ? [h('dt', {}, 'Container instance'), h('dd', {}, instanceText(task, sim))] : []),
          h('dt', {}, 'taskArn'), h('dd', {}, h('code', {}, task.identity.taskArn)),
        ),
      );
      const visited = new Set<string>(task.frames.map((f) => f.lastStatus));
      const sc = task.scenario;
      chart.update({ active: status, visited, reachable: reachableStates(sc), initial: initialStatus(sc), selected });
      if (lastStatus && lastStatus !== status) chart.pulse(lastStatus, status);
      // what ECS does in the task's state (or the one clicked), and what of it is our model, as the task view says it
      const taught = (selected ?? status) as typeof status;
      const st = model.states.find((x) => x.key === taught);
      if (`${taught}|${selected !== null}` !== lastTaught && st) {
        lastTaught = `${taught}|${selected !== null}`;
        const here = hereNote(taught, sc, { stopCode: c.stopCode, spotNotice: c.spotNotice, registeredTargets: null, registryFailed: task.world.registry === 'FAILED' });
        replaceKeepingFocus(teaching, stateExplanation(st, { pinned: selected !== null, here }));
      }
      lastStatus = status;
      const end = stopped ? (task.frames.at(-1)?.t ?? sim.now()) : sim.now();
      // the task's lane from its events, one lane per side step from the world, as the task view draws them
      const lanes = ['task', ...childActors(sc).map((a) => a.id)];
      timeline.render(lanes, [...traceOf(task), ...sideTrace(task)], end - task.createdAt);
      if (framesChanged) {
        frames.replaceChildren(
          ...task.frames.map((f, i) =>
            h('li', {},
              `v${i + 1} · `, h('span', { class: 't' }, `t = ${formatSeconds(f.t, true)}`), ` · ${f.lastStatus} / ${f.context.desiredStatus}`,
              f.context.stopCode ? ` · ${f.context.stopCode}` : '',
              ` · ${Object.entries(f.context.containers).map(([n, v]) => `${n}:${v.lastStatus}${v.exitCode !== null && v.exitCode !== undefined ? `(${v.exitCode})` : ''}`).join(' ')}`,
            ),
          ),
        );
        json.textContent = JSON.stringify(describeServiceTask(task), null, 2);
      }
    },
  };
  return panelApi;
}

/** Whether the circuit breaker counted this task, and why (what a learner cannot see on the board). */
function breakerWords(task: ServiceTask, stopCode: string | null, reset: boolean): string {
  if (task.countedAs) return `counted as a failure: it ${task.countedAs}${task.countedAs.startsWith('stopped by itself') ? ' (our model)' : ''}`;
  if (task.wentBad) return "not counted: it failed its health checks after it was healthy (the breaker's blind spot)";
  if (task.failedAfterBreaker) return 'not counted: its deployment had failed already (the breaker keeps the count that failed it)';
  const ownFailure = stopCode === 'EssentialContainerExited' || stopCode === 'TaskFailedToStart';
  if (ownFailure && task.everHealthy) return 'not counted: it was healthy before it stopped (the breaker\'s blind spot)';
  if (task.everHealthy) return reset ? 'not a failure: it turned healthy, which set its deployment\'s count back to 0 (resetOnHealthyTask)' : 'not a failure: it turned healthy (the count is kept: resetOnHealthyTask is false)';
  return stopCode ? 'not counted: it was stopped, it did not fail' : 'not counted (not healthy yet)';
}
