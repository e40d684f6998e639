// The buttons a person presses. User actions reach the simulation only as
// actions (LiveAction), never by touching its actors. Play, Speed, Step and
// Reset drive whichever view is shown: the task or the service.
import type { LiveAction, Simulation, TaskView } from '../sim/types.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { liveSpotInterruptible } from '../sim/scenario/consistency.ts';
import { exitCodeProblem } from '../sim/scenario/scenario.schema.ts';
import { save } from './app.store.ts';
import { byId, h, NOT_A_NUMBER, notANumber, sayAloud } from './dom.ts';
import { serviceBackSaid, serviceStepSaid, taskBackSaid, taskStepSaid, type TaskSeen } from './step.said.ts';
import { formatSeconds } from './time.ts';
import type { ServiceRun } from './service/service.run.ts';
import type { ServiceSimulation } from '../sim/service/service-simulation.ts';
import { serviceMessages } from '../sim/service/service-output.ts';
import { idleHint } from './status.view.ts';
import { MAX_REPLAY_MS, type Clocked, type Driver, type Speed } from './sim.driver.ts';
import type { ScenarioEditor } from './scenario.editor.ts';

export type Mode = 'task' | 'service';

/** A Step back that will take longer than this (real ms, a replay) says so before it starts. */
const SAY_REPLAY_MS = 150;
const FIX_FIRST = 'Fix the scenario first: the alert says what is wrong.';
const ENDED: Record<Mode, string> = {
  task: 'The task is STOPPED, and a stopped task never runs again: Run task runs the scenario afresh, as a new RunTask (the same seed gives the same task ID and timings: change "seed" in the JSON for another draw).',
  service: 'This run of the service has ended: Run service starts it again from the scenario.',
};

/** A person's action as the buttons name it (Step back says which it took back). */
function actionLabel(a: LiveAction): string {
  if (a.action === 'StopTask') return 'Stop task';
  if (a.action === 'ContainerExit') return `Exit container ${a.container} (code ${a.exitCode})`;
  return 'Spot interruption';
}

/** Enable or disable `b`; a focused button being disabled hands the focus to `next()`. */
function disable(b: HTMLButtonElement, disabled: boolean, next: () => HTMLElement): void {
  if (b.disabled === disabled) return;
  const hadFocus = document.activeElement === b;
  b.disabled = disabled;
  if (hadFocus && disabled) next().focus();
}

export function createControls(drivers: { task: Driver<Simulation>; service: Driver<Clocked> }, editor: ScenarioEditor, mode: () => Mode) {
  const driver = drivers.task;
  const active = (): Driver<Clocked> => (mode() === 'service' ? drivers.service : drivers.task);
  const what = () => mode();
  const run = byId<HTMLButtonElement>('run');
  const stop = byId<HTMLButtonElement>('stop');
  const reason = byId<HTMLInputElement>('stop-reason');
  const exitContainer = byId<HTMLSelectElement>('exit-container');
  const exitCode = byId<HTMLInputElement>('exit-code');
  const exit = byId<HTMLButtonElement>('exit');
  const spot = byId<HTMLButtonElement>('spot');
  const play = byId<HTMLButtonElement>('play');
  const speed = byId<HTMLSelectElement>('speed');
  const step = byId<HTMLButtonElement>('step');
  const back = byId<HTMLButtonElement>('step-back');
  const reset = byId<HTMLButtonElement>('reset');
  const notice = byId('notice');
  const said = byId('said');

  /** the task's state when an action was refused: the reason goes once the task moves on */
  let refusedIn: string | null = null;
  /** `warn`: something the user did cost them something (a run thrown away): not said in grey */
  const say = (text: string, tone: 'warn' | null = null) => {
    notice.textContent = text;
    toned = tone ? text : null;
    if (tone) notice.dataset.tone = tone;
    else delete notice.dataset.tone;
    refusedIn = null;
  };
  // Others write the notice too (Save JSON, Copy link, the store): the tone goes with the words it was given for.
  let toned: string | null = null;
  new MutationObserver(() => {
    if (toned !== null && notice.textContent !== toned) (delete notice.dataset.tone, (toned = null));
  }).observe(notice, { childList: true, characterData: true, subtree: true });
  let fargate = true;
  let spotWhy = '';
  // once the scenario is valid again the request to fix it is out of date
  editor.onValidity((valid) => valid && notice.textContent === FIX_FIRST && say(''));

  /** A fresh task (or service) from the scenario in the text area (which must be valid). */
  function startTask(thenPlay: boolean): boolean {
    // A preset chosen a moment ago may still be loading: run it once it is here.
    if (byId<HTMLTextAreaElement>('scenario-json').dataset.loading) {
      say('Loading the preset…');
      window.setTimeout(() => startTask(thenPlay), 50);
      return true;
    }
    if (!editor.applyNow() || !editor.scenario) {
      say(FIX_FIRST);
      return false;
    }
    const d = active();
    d.run(editor.scenario);
    if (!thenPlay) d.pause();
    say('');
    return true;
  }

  function act(action: LiveAction): void {
    if (!driver.sim) return void say('No task yet: press Run task first.');
    const stopping = driver.sim.view().desiredStatus === 'STOPPED';
    const ignored = driver.act((sim) => sim.act(action), actionLabel(action));
    // A Spot notice to a task already stopping is taken, and changes how it
    // stops (SIGTERM now, the drain cut at two minutes): say so, as the trace does.
    const spotNote = !ignored && stopping && action.action === 'SpotInterruption' ? [...driver.sim.trace].reverse().find((e) => e.actor === 'user')?.note : undefined;
    say(ignored ?? spotNote ?? '');
    refusedIn = ignored ? driver.sim.view().lastStatus : null;
    driver.touch();
  }

  run.addEventListener('click', () => {
    const sim = driver.sim;
    if (sim && !sim.isStopped()) driver.play();
    else startTask(true);
  });
  stop.addEventListener('click', () => act({ action: 'StopTask', reason: reason.value.trim() || null }));
  // An empty box means the default, 1 (as in a scenario file). The box itself says it was refused
  // (a red ring), not only the notice: the eye is on the box. The simulation's own rule, checked here first.
  exit.addEventListener('click', () => {
    const value = exitCode.value.trim() === '' ? 1 : Number(exitCode.value);
    const wrong = notANumber(exitCode) ? `${NOT_A_NUMBER('Exit code')} Type one from 0 to 255 (empty: 1).` : exitCodeProblem(value);
    if (wrong) exitCode.setAttribute('aria-invalid', 'true');
    else exitCode.removeAttribute('aria-invalid');
    if (wrong) return say(`Not sent: ${wrong}`);
    act({ action: 'ContainerExit', container: exitContainer.value, exitCode: value });
  });
  exitCode.addEventListener('input', () => exitCode.removeAttribute('aria-invalid'));
  // Off, it stays focusable (aria-disabled): a keyboard or touch user can reach it and read why
  spot.addEventListener('click', () => (spot.getAttribute('aria-disabled') === 'true' ? say(`Spot interruption is off: ${spot.title}`) : act({ action: 'SpotInterruption' })));
  play.addEventListener('click', () => {
    const d = active();
    if (d.playing) d.pause();
    else if (d.sim?.isStopped()) say(ENDED[what()]);
    else if (d.sim) {
      // "Back to t = …" is about the moment left behind: stale once the run goes on
      if (backNotice !== null && notice.textContent === backNotice) say('');
      d.play();
    } else startTask(true);
  });
  speed.addEventListener('change', () => {
    const value = (speed.value === 'max' ? 'max' : Number(speed.value)) as Speed;
    drivers.task.speed = drivers.service.speed = value;
    save({ speed: value });
  });
  step.addEventListener('click', () => {
    const d = active();
    // The end of a run stays on screen: a new one starts only when asked for.
    if (d.sim?.isStopped()) return void say(ENDED[what()]);
    if (!d.sim) {
      if (!startTask(false)) return;
      say(`A new ${what()} is created, paused: Step moves it to its next change.`);
      return void d.touch();
    }
    // stepping is for looking closely: a run still playing would carry on past the change it shows
    // (said first: Play's label changes out of sight of someone listening to Step)
    const paused = d.playing ? 'Paused. ' : '';
    if (paused) d.pause();
    const before = what() === 'service' ? serviceStatuses() : null;
    const seen = driver.sim?.trace.length ?? 0;
    const service = (drivers.service.sim as ServiceRun | null)?.sim;
    const notesSeen = service?.notes.length ?? 0;
    const eventsSeen = service?.occurrences.length ?? 0;
    const rowsSeen = service?.rows.length ?? 0;
    const logSeen = new Set(service?.scenario.service ? serviceMessages(service).map((m) => m.id) : []);
    if (stepVisibly(d)) {
      say('');
      // what the scheduler noted (an action applied), the service events it emitted, the lines
      // of its log and its counts when they changed (a Step may stop for those alone)
      const occurred = service?.occurrences.slice(eventsSeen) ?? [];
      const logged = () => serviceMessages(service!).filter((m) => !logSeen.has(m.id)).reverse().map((m) => m.message);
      const notes = () => [
        ...service!.notes.slice(notesSeen).map((n) => n.note),
        ...occurred.flatMap((o) => (o.kind === 'service' ? [o.notice.eventName] : [])),
        ...logged(),
      ];
      // tasks with an event of their own in the step (a container's change shows only there)
      const touched = new Set(occurred.flatMap((o) => (o.kind === 'task' ? [o.task.index] : [])));
      sayAloud(said, paused + (before ? serviceStepSaid(d.sim!.now(), before, serviceStatusList(), notes(), touched, countsSaid(service!.rows, rowsSeen)) : taskStepSaid(driver.sim!.now(), driver.sim!.trace.slice(seen))));
    } else if (what() === 'service') say('Nothing is scheduled: the service is steady until you change it (Desired count, Deploy new revision, Crash a task).');
    else say(`Nothing is scheduled: ${idleHint(driver.sim!.view())}.`);
  });
  /** The scheduler's counts after a step, per deployment, when its looks since `from` changed them. */
  function countsSaid(rows: ServiceSimulation['rows'], from: number): string | null {
    const last = rows.at(-1);
    const was = rows[from - 1];
    if (!last || rows.length === from) return null;
    const said = (r: typeof last) => r.deployments.map((x) => `${x.taskDefinition} ${x.pending} pending, ${x.running} running, ${x.healthy} healthy, ${x.stopping} stopping`).join('; ');
    return was && said(was) === said(last) ? null : `counts ${said(last)}`;
  }
  /** The service's tasks still alive (and so able to change), by index, with their status. */
  function serviceStatusList(): TaskSeen[] {
    const run = drivers.service.sim as ServiceRun | null;
    if (run !== stopped.run) stopped = { run, tasks: new Set() };
    return (run?.sim.tasks ?? []).filter((t) => !stopped.tasks.has(t.index)).map((t) => ({ index: t.index, status: t.world.status, desiredStatus: t.world.snap.context.desiredStatus }));
  }
  /** the run's tasks STOPPED before this step: nothing more can happen to them (a thousand-task service is not walked whole) */
  let stopped: { run: ServiceRun | null; tasks: Set<number> } = { run: null, tasks: new Set() };
  function serviceStatuses(): Map<number, TaskSeen> {
    const now = serviceStatusList();
    for (const t of now) if (t.status === 'STOPPED') stopped.tasks.add(t.index);
    return new Map(now.map((t) => [t.index, t]));
  }

  /**
   * Step to the next change a person can see: a timer that changes nothing (a
   * detach retried while ECS lacks its role, a check that finds nothing new, a
   * service's scheduler finding all as it should be) would otherwise move only
   * the clock. The task's trace says what changed; a service's occurrences (an
   * event of a task, the scheduler's or an instance's) and the scheduler's notes.
   */
  function stepVisibly(d: Driver<Clocked>): boolean {
    // the same count of changes Step back goes back by
    const seen = d.changes();
    let moved = false;
    for (let i = 0; i < 1000 && d.step(); i++) {
      moved = true;
      if (d.changes() !== seen || d.sim?.isStopped()) break;
    }
    return moved;
  }

  back.addEventListener('click', () => {
    const d = active();
    if (!d.sim) return void say(`No ${what()} yet: nothing to step back from.`);
    // a press while a replay is announced: one more to do after it
    if (replaying) return void (queued++, say(`Stepping back ${queued + 1} changes: replaying the run from its start…`));
    const paused = d.playing ? 'Paused. ' : '';
    if (paused) d.pause();
    // a replay that takes a moment (a big service) says so first, or the page just seems stuck
    if (d.backCost < SAY_REPLAY_MS) return stepBack(d, paused);
    say('Stepping back: replaying the run from its start…');
    replaying = d.sim;
    queued = 0;
    window.setTimeout(() => {
      // a Reset, another run or another scenario meanwhile: that run is not the one to take back
      const still = replaying === d.sim;
      replaying = null;
      if (!still) return;
      stepBack(d, paused);
      for (; queued > 0 && d.canGoBack; queued--) stepBack(d, paused);
      queued = 0;
    }, 40);
  });
  /**
   * The run a Step back is about to replay (after saying so), and the presses
   * made meanwhile: each is done after it. The button stays enabled, so the
   * keyboard focus stays on it.
   */
  let replaying: Clocked | null = null;
  let queued = 0;
  /** what the last Step back said, cleared by Play */
  let backNotice: string | null = null;
  function stepBack(d: Driver<Clocked>, paused: string): void {
    const was = d.sim;
    const changesBefore = d.changes();
    const result = d.back();
    if (result === 'start') return void say(`${paused}This is the start of the run: there is nothing before it to go back to.`);
    if (result === 'long') return void say(`${paused}Step back replays the run from its start, and this run took too long to compute to replay it at once (over ${MAX_REPLAY_MS / 1000} s): Reset and run it again to look at an earlier moment.`);
    if (result === 'differs') return void say(`${paused}Step back could not rebuild this run as it was, so it stays as it is.`);
    const now = d.sim!.now();
    // an action of yours taken back is not done again by Step: say so, and how to redo it
    const yours = d.undone.length ? ` Taken back too: your ${d.undone.join(', then ')}; Step goes on without it (press it again to redo it).` : ' Step goes forward to it again.';
    const where = d.canGoBack ? ', before the last change.' : ': nothing earlier to go back to.';
    say((backNotice = `${paused}Back to t = ${formatSeconds(now)}${where}${d.undone.length ? yours : d.canGoBack ? yours : ''}`));
    if (what() === 'task') sayAloud(said, taskBackSaid((was as Simulation).trace.slice(driver.sim!.trace.length)));
    else sayAloud(said, serviceBackSaid(changesBefore - d.changes()));
  }

  reset.addEventListener('click', () => {
    active().reset();
    said.textContent = '';
    say(`Reset: no ${what()}.`);
  });

  return {
    setSpeed(s: Speed): void {
      drivers.task.speed = drivers.service.speed = s;
      speed.value = String(s);
    },
    /** start the current view's simulation from the scenario; false when the scenario is invalid */
    start: startTask,
    say,
    configure(sc: Scenario): void {
      // what the last run's Step said is not about this one
      said.textContent = '';
      const names = sc.taskDefinition.containerDefinitions.map((c) => c.name);
      exitContainer.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      const interruptible = liveSpotInterruptible(sc);
      fargate = interruptible.ok;
      spotWhy = interruptible.ok ? 'The two-minute Fargate Spot warning' : interruptible.why;
    },
    /** `view`: the task as painted this frame (a refused action's reason goes once it moves on) */
    render(view: TaskView | null = null): void {
      if (refusedIn !== null && view && view.lastStatus !== refusedIn) (refusedIn = null), say('');
      const sim = driver.sim;
      const live = !!sim && !sim.isStopped();
      const d = active();
      const label = d.playing ? 'Pause' : 'Play';
      if (play.textContent !== label) play.textContent = label;
      // the label says what a press does; aria-pressed beside it would read "Pause, pressed" while playing
      play.dataset.playing = String(d.playing);
      // like Run service: a live task is resumed, not replaced (a new task needs Reset, or its end)
      const hadFocus = document.activeElement === run;
      run.disabled = live && driver.playing;
      // a disabled button drops keyboard focus to the page: hand it to Pause, the next thing to press
      if (hadFocus && run.disabled) play.focus();
      // and one disabled as the task ends, to what starts the next run (enabled by now)
      const runNow = () => (mode() === 'service' ? byId('run-service') : run);
      for (const b of [stop, exit]) disable(b, !live, runNow);
      spot.setAttribute('aria-disabled', String(!live || !fargate));
      // why it is off: the scenario, or no task to interrupt
      const title = !fargate ? spotWhy : live ? spotWhy : sim ? 'The task is STOPPED: there is nothing to interrupt' : 'No task yet: press Run task first';
      if (spot.title !== title) spot.title = title;
      disable(reset, !d.sim, runNow);
      // a run too long to replay says why on the button, rather than refusing each press
      const tooLong = d.backCost > MAX_REPLAY_MS;
      disable(back, (!d.canGoBack || tooLong) && replaying === null, () => step);
      const backTitle = tooLong
        ? `This run took over ${MAX_REPLAY_MS / 1000} s to compute, too long to replay at once: Reset and run it again to look at an earlier moment`
        : 'The run as it was just before its last change (replayed from the start of the run; key: ,)';
      if (back.title !== backTitle) back.title = backTitle;
      // paused, it goes on with this task: say so on the button, not only in its tooltip
      const runLabel = live && !driver.playing ? 'Resume task' : 'Run task';
      if (run.textContent !== runLabel) run.textContent = runLabel;
      const runTitle = !live ? 'Start a new task from the scenario (RunTask)' : driver.playing ? 'The task is running: Reset first to start a new one' : 'Goes on with this task (as Play does); Reset first to start a new one';
      if (run.title !== runTitle) run.title = runTitle;
    },
  };
}
