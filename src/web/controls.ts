// The buttons a person presses. User actions reach the simulation only as
// actions (LiveAction), never by touching its actors.
import type { LiveAction } from '../sim/types.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { save } from './app.store.ts';
import { byId, h } from './dom.ts';
import type { Driver, Speed } from './sim.driver.ts';
import type { ScenarioEditor } from './scenario.editor.ts';

export function createControls(driver: Driver, editor: ScenarioEditor) {
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
  const reset = byId<HTMLButtonElement>('reset');
  const notice = byId('notice');

  const say = (text: string) => (notice.textContent = text);

  /** A fresh task from the scenario in the text area (which must be valid). */
  function startTask(thenPlay: boolean): boolean {
    if (!editor.applyNow() || !editor.scenario) {
      say('Fix the scenario first: the alert says what is wrong.');
      return false;
    }
    driver.run(editor.scenario);
    if (!thenPlay) driver.pause();
    say('');
    return true;
  }

  function act(action: LiveAction): void {
    if (!driver.sim) return void say('No task yet: press Run task first.');
    const ignored = driver.sim.act(action);
    say(ignored ?? '');
    driver.touch();
  }

  run.addEventListener('click', () => {
    const sim = driver.sim;
    if (sim && !sim.isStopped()) driver.play();
    else startTask(true);
  });
  stop.addEventListener('click', () => act({ action: 'StopTask', reason: reason.value.trim() || null }));
  exit.addEventListener('click', () => act({ action: 'ContainerExit', container: exitContainer.value, exitCode: Number(exitCode.value) || 0 }));
  spot.addEventListener('click', () => act({ action: 'SpotInterruption' }));
  play.addEventListener('click', () => {
    if (driver.playing) driver.pause();
    else if (driver.sim && !driver.sim.isStopped()) driver.play();
    else startTask(true);
  });
  speed.addEventListener('change', () => {
    driver.speed = (speed.value === 'max' ? 'max' : Number(speed.value)) as Speed;
    save({ speed: driver.speed });
  });
  step.addEventListener('click', () => {
    if (!driver.sim || driver.sim.isStopped()) {
      if (!startTask(false)) return;
      return void driver.touch();
    }
    if (!driver.step()) say('Nothing is scheduled: the task waits for you (Stop task, Exit container…).');
    else say('');
  });
  reset.addEventListener('click', () => {
    driver.reset();
    say('Reset: no task.');
  });

  return {
    setSpeed(s: Speed): void {
      driver.speed = s;
      speed.value = String(s);
    },
    configure(sc: Scenario): void {
      const names = sc.taskDefinition.containerDefinitions.map((c) => c.name);
      exitContainer.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
    },
    render(): void {
      const sim = driver.sim;
      const live = !!sim && !sim.isStopped();
      play.textContent = driver.playing ? 'Pause' : 'Play';
      play.setAttribute('aria-pressed', String(driver.playing));
      for (const b of [stop, exit, spot]) b.disabled = !live;
      reset.disabled = !sim;
    },
  };
}
