// The buttons a person presses. User actions reach the simulation only as
// actions (LiveAction), never by touching its actors. Play, Speed, Step and
// Reset drive whichever view is shown: the task or the service.
import type { LiveAction, Simulation } from '../sim/types.ts';
import { actionLabel } from './action.label.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { liveSpotInterruptible } from '../sim/scenario/consistency.ts';
import { checksOf, noChecksOn } from '../sim/stops-answering.ts';
import { exitCodeProblem } from '../sim/scenario/scenario.schema.ts';
import { save } from './app.store.ts';
import { createStepping, ENDED, type Mode } from './controls.step.ts';
import type { ServiceRun } from './service/service.run.ts';
import { byId, h, NOT_A_NUMBER, NOT_APPLIED, notANumber, reserveWidth, sayAloud } from './dom.ts';
import { taskStepSaid } from './step.said.ts';
import { MAX_REPLAY_MS, type Clocked, type Driver, type Speed } from './sim.driver.ts';
import type { ScenarioEditor } from './scenario.editor.ts';

const FIX_FIRST = 'Fix the scenario first: the alert says what is wrong.';
/** What a refusal said as Run was pressed says of the run. */
const REFUSED_THEN_RUN = ' This run has the scenario as it was.';
/** How the notice begins when a change to the scenario threw a run away. */
export const RESET_BY_CHANGE = 'The scenario changed, so the run was reset';

/** A person's action as the buttons name it (Step back says which it took back). */
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
  const failChecks = byId<HTMLButtonElement>('fail-checks');
  const play = byId<HTMLButtonElement>('play');
  const speed = byId<HTMLSelectElement>('speed');
  const step = byId<HTMLButtonElement>('step');
  const back = byId<HTMLButtonElement>('step-back');
  const reset = byId<HTMLButtonElement>('reset');
  const notice = byId('notice');
  const said = byId('said');

  /**
   * A container that has stopped cannot exit again: its option is greyed and
   * says so, rather than offered and then refused. The choice moves off it.
   */
  const offerRunningContainers = (containers: readonly { name: string; lastStatus: string }[]) => {
    for (const option of exitContainer.options) {
      const stopped = containers.find((c) => c.name === option.value)?.lastStatus === 'STOPPED';
      if (option.disabled === stopped) continue;
      option.disabled = stopped;
      option.textContent = stopped ? `${option.value} (stopped)` : option.value;
    }
    const open = [...exitContainer.options].find((o) => !o.disabled);
    if (exitContainer.selectedOptions[0]?.disabled && open) exitContainer.value = open.value;
  };

  /**
   * The box as wide from the start as it will be once a container reads
   * "(stopped)": it widens mid-run otherwise, and at 960 px its group then
   * wraps, moving Step and Play a row down under the pointer. Measured while
   * shown (in the service view the box is hidden: measured on its first frame back).
   */
  let reserved = false;
  let labelsReserved = false;
  const reserveStoppedWidth = () => {
    if (reserved || !exitContainer.offsetParent) return;
    reserved = true;
    const texts = [...exitContainer.options].map((o) => o.textContent);
    exitContainer.style.minWidth = '';
    for (const o of exitContainer.options) o.textContent = `${o.value} (stopped)`;
    const width = exitContainer.getBoundingClientRect().width;
    [...exitContainer.options].forEach((o, k) => (o.textContent = texts[k]!));
    // never past 40 % of a window made narrower since (its max-width)
    exitContainer.style.minWidth = `min(${Math.ceil(width)}px, 40vw)`;
  };

  /** why the chosen container has no health check to fail (the scenario's), or null, and which checks it has */
  let checksWhy: (container: string) => string | null = () => null;
  let checksNamed: (container: string) => string = () => '';

  /** Why Fail health checks does nothing now (no task, one stopping or stopped, no check on the chosen container), or null. */
  function failChecksOff(): string | null {
    // the scenario's reason first: no run would change it (not "press Run task" for a button that would stay off)
    const why = checksWhy(exitContainer.value);
    if (why) return `${why[0]!.toUpperCase()}${why.slice(1)}`;
    const sim = driver.sim;
    if (!sim) return 'No task yet: press Run task first';
    if (sim.isStopped()) return 'The task is STOPPED: no health check counts any more';
    const v = sim.view();
    if (v.desiredStatus === 'STOPPED') return `The task is already stopping${v.stopCode ? ` (${v.stopCode})` : ''}: its health checks no longer count`;
    // what a press would say it changes nothing for (its checks fail for good already, an earlier press)
    const already = sim.checksFailWhy(exitContainer.value);
    return already && `${already[0]!.toUpperCase()}${already.slice(1)}`;
  }

  function paintFailChecks(): void {
    const off = failChecksOff();
    failChecks.setAttribute('aria-disabled', String(off !== null));
    const title = off ?? `The app in container ${exitContainer.value} stops answering ${checksNamed(exitContainer.value)} from now: unhealthy a few checks later`;
    if (failChecks.title !== title) failChecks.title = title;
  }

  /** what a pause the run made by itself said (sayPaused) */
  let pausedNote: string | null = null;
  /** the task's state when an action was refused: the reason goes once the task moves on */
  let refusedIn: string | null = null;
  /** The status of the run on screen: the task's, or a service's first task's ('' before it has one). */
  const runStatus = (): string | null => {
    if (active() === driver) return driver.sim?.view().lastStatus ?? null;
    const run = drivers.service.sim as ServiceRun | null;
    return run ? (run.sim.tasks[0]?.lastStatus ?? '') : null;
  };
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
      editor.revealAlert();
      return false;
    }
    // A setting typed into a paused run applies as the Resume button takes
    // the focus: the press then starts a new run, which must not look resumed.
    // Or the setting is refused then: the run must not look as if it had it.
    const warned = notice.dataset.tone === 'warn' ? (notice.textContent ?? '') : '';
    const afterReset = warned.startsWith(RESET_BY_CHANGE);
    // (said for the run it preceded: not again for the next)
    const refused = warned.startsWith(NOT_APPLIED) && !warned.endsWith(REFUSED_THEN_RUN) ? warned : null;
    const d = active();
    d.run(editor.scenario);
    if (!thenPlay) d.pause();
    if (afterReset) say(`${RESET_BY_CHANGE}: this is a new run, from 0, with the change (settings and faults apply from the start).`, 'warn');
    else if (refused) say(`${refused}${REFUSED_THEN_RUN}`, 'warn');
    else say('');
    // said for the start of the run: gone once the task (a service's first task) moves on, as a refused action's reason is (not there 45 h later)
    if (afterReset || refused) refusedIn = runStatus();
    return true;
  }

  function act(action: LiveAction): void {
    if (!driver.sim) return void say('No task yet: press Run task first.');
    const stopping = driver.sim.view().desiredStatus === 'STOPPED';
    const traced = driver.sim.trace.length;
    const ignored = driver.act((sim) => sim.act(action), actionLabel(action));
    // A Spot notice to a task already stopping is taken, and changes how it
    // stops (SIGTERM now, the drain cut at two minutes): say so, as the trace does.
    const spotNote = !ignored && stopping && action.action === 'SpotInterruption' ? [...driver.sim.trace].reverse().find((e) => e.actor === 'user')?.note : undefined;
    // an essential container's exit stops the task for all to see; a sidecar's changes only its own card: say it
    const sidecar = !ignored && action.action === 'ContainerExit' && driver.sim.scenario.taskDefinition.containerDefinitions.find((c) => c.name === action.container)?.essential === false;
    const exitNote = sidecar && action.action === 'ContainerExit' ? `Container ${action.container} exited with code ${action.exitCode}: it is not essential, so the task goes on without it.` : undefined;
    // nothing shows the moment but the lanes' notes: say when each verdict falls
    const checksNote = !ignored && action.action === 'HealthChecksFail' ? stopsAnsweringSaid(driver.sim.trace.slice(traced)) : undefined;
    say(ignored ?? spotNote ?? exitNote ?? checksNote ?? '');
    // What the action changed at once (a stop moves the task on in the same instant) is
    // on screen but in no live region: said as a Step says its changes, unless a note
    // above already speaks of them (a refusal, a sidecar's exit, a Spot notice while stopping).
    if (!ignored && !spotNote && !exitNote && !checksNote) sayAloud(said, taskStepSaid(driver.sim.now(), driver.sim.trace.slice(traced)));
    // (as the verdicts' times it gives: gone once the task moves on)
    refusedIn = ignored || checksNote ? runStatus() : null;
    driver.touch();
  }

  const stepping = createStepping({ drivers, active, what, say, said, startTask });
  step.addEventListener('click', stepping.step);
  back.addEventListener('click', stepping.back);

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
  // Enter in a box presses its button, as Enter in the service's Desired count applies it
  const enterPresses = (box: HTMLInputElement, button: HTMLButtonElement, name: string) =>
    box.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      e.preventDefault();
      if (!button.disabled) button.click();
      else say(`${name}: ${driver.sim ? 'the task is STOPPED' : 'no task yet: press Run task first'}.`);
    });
  enterPresses(reason, stop, 'Stop task');
  enterPresses(exitCode, exit, 'Exit container');
  // Off, it stays focusable (aria-disabled): a keyboard or touch user can reach it and read why
  spot.addEventListener('click', () => (spot.getAttribute('aria-disabled') === 'true' ? say(`Spot interruption is off: ${spot.title}`) : act({ action: 'SpotInterruption' })));
  // as Spot interruption: off, it stays focusable and says why (no task, or no check on the chosen container)
  failChecks.addEventListener('click', () => {
    const off = failChecksOff();
    if (off) say(`Fail health checks is off: ${off}`);
    else act({ action: 'HealthChecksFail', container: exitContainer.value });
  });
  // the button is about the container chosen: paused too, it says at once what a press would do
  exitContainer.addEventListener('change', paintFailChecks);
  play.addEventListener('click', () => {
    const d = active();
    if (d.playing) d.pause();
    else if (d.sim?.isStopped()) say(ENDED[what()]);
    else if (d.sim) {
      // "Back to t = …" is about the moment left behind: stale once the run goes on
      if (stepping.isPausedNotice(notice.textContent)) say('');
      d.play();
    } else startTask(true);
  });
  speed.addEventListener('change', () => {
    const value = (speed.value === 'max' ? 'max' : Number(speed.value)) as Speed;
    drivers.task.speed = drivers.service.speed = value;
    save({ speed: value });
  });
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
    /** Say whether the clock now runs (for k, pressed where the button is out of sight; an ended run's notice says why not). */
    sayPlaying(): void {
      const d = active();
      if (d.playing) sayAloud(said, 'Playing');
      else if (d.sim && !d.sim.isStopped()) sayAloud(said, `Paused at ${byId('clock').textContent}`);
    },
    say,
    /** Say why the run paused by itself (Pause at each state, or at each deployment event): gone once it plays on. */
    sayPaused(text: string): void {
      say(text);
      pausedNote = text;
    },
    configure(sc: Scenario): void {
      // what the last run's Step said is not about this one
      said.textContent = '';
      const names = sc.taskDefinition.containerDefinitions.map((c) => c.name);
      exitContainer.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      reserved = false;
      reserveStoppedWidth();
      const interruptible = liveSpotInterruptible(sc);
      fargate = interruptible.ok;
      // the rule is the CLI's, which names the JSON: here a setting writes it
      const bySetting = !interruptible.ok && interruptible.why.includes('capacityProviderStrategy') && !interruptible.why.includes('launch type');
      spotWhy = interruptible.ok ? 'The two-minute Fargate Spot warning' : bySetting ? `${interruptible.why} (the settings' capacity provider FARGATE_SPOT writes it)` : interruptible.why;
      checksWhy = (name) => noChecksOn(sc, name);
      checksNamed = (name) => {
        const { targets, own } = checksOf(sc, name);
        const lb = targets.length ? `the load balancer's health checks${targets.length > 1 ? ` (${targets.length} target groups)` : ''}` : '';
        return [lb, own ? 'its own healthCheck' : ''].filter(Boolean).join(' and ');
      };
    },
    /** Paint the controls for this frame (a refused action's reason goes once the run moves on). */
    render(): void {
      const now = runStatus();
      // said before a service had a task: its first task's first status is where that run starts
      if (refusedIn === '' && now) refusedIn = now;
      else if (refusedIn !== null && now !== null && now !== refusedIn) (refusedIn = null), say('');
      const sim = driver.sim;
      const live = !!sim && !sim.isStopped();
      const d = active();
      // played on, however (Play, Resume task, Resume service, k): a paused moment's note is out of date
      if (d.playing && (stepping.isPausedNotice(notice.textContent) || (pausedNote !== null && notice.textContent === pausedNote))) say('');
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
      reserveStoppedWidth();
      // labels that change under the pointer: what follows them stays put
      labelsReserved ||= reserveWidth(run, ['Run task', 'Resume task']) && reserveWidth(play, ['Play', 'Pause']);
      // a stopped task's containers too: a frame at full speed may come only after the task stopped
      if (sim) offerRunningContainers(sim.view().containers);
      disable(stop, !live, runNow);
      // every container stopped while the task still stops (DEPROVISIONING): none to exit
      const chosenStopped = exitContainer.selectedOptions[0]?.disabled === true;
      disable(exit, !live || chosenStopped, runNow);
      const exitTitle = chosenStopped && live ? `Container ${exitContainer.value} has stopped: it has no process left to exit` : '';
      if (exit.title !== exitTitle) exit.title = exitTitle;
      spot.setAttribute('aria-disabled', String(!live || !fargate));
      // why it is off: the scenario, or no task to interrupt
      const title = !fargate ? spotWhy : live ? spotWhy : sim ? 'The task is STOPPED: there is nothing to interrupt' : 'No task yet: press Run task first';
      if (spot.title !== title) spot.title = title;
      paintFailChecks();
      disable(reset, !d.sim, runNow);
      // a run too long to replay says why on the button, rather than refusing each press
      const tooLong = d.backCost > MAX_REPLAY_MS;
      disable(back, (!d.canGoBack || tooLong) && stepping.replaying === null, () => step);
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

/** What a HealthChecksFail did, from the notes it left on the side steps' lanes: one sentence each. */
function stopsAnsweringSaid(entries: readonly { actor: string; from: string | null; to: string; note: string }[]): string | undefined {
  const said = entries.filter((e) => e.actor !== 'user' && e.from === e.to).map((e) => `${e.note[0]!.toUpperCase()}${e.note.slice(1)}.`);
  return said.length ? said.join(' ') : undefined;
}
