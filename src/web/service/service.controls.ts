// What a person does to a service: run it, change its desired count, deploy
// a new revision (optionally one whose image cannot be pulled), crash one of
// its tasks. Each becomes an action applied at the current virtual time.
import type { Scenario } from '../../sim/scenario/types.ts';
import { MAX_DESIRED_COUNT as MAX_DESIRED, MAX_MAXIMUM_PERCENT } from '../../sim/scenario/service.schema.ts';
import { limits } from '../../../machines/service.rules.ts';
import { byId, NOT_A_NUMBER, notANumber, reserveWidth } from '../dom.ts';
import { formatSeconds } from '../time.ts';
import type { Driver } from '../sim.driver.ts';
import { checkedContainer, failChecksOff, type ServiceRun } from './service.run.ts';
import type { ServiceTask } from '../../sim/service/service-task.ts';
import { ENDED } from '../controls.step.ts';


interface Deps {
  driver: Driver<ServiceRun>;
  /** start the service from the scenario (false when it is invalid) */
  start(thenPlay: boolean): boolean;
  say(text: string): void;
}

/** When an action was taken: its note stays up while the service moves on, and must not read as news. */
const when = (svc: ServiceRun) => `At ${formatSeconds(svc.now())}: `;

export function createServiceControls({ driver, start, say }: Deps) {
  const run = byId<HTMLButtonElement>('run-service');
  /** its width is that of its longer label, once measured (it is hidden in the task view) */
  let runReserved = false;
  const desired = byId<HTMLInputElement>('desired-count');
  const apply = byId<HTMLButtonElement>('apply-desired');
  const deploy = byId<HTMLButtonElement>('deploy');
  const broken = byId<HTMLInputElement>('deploy-broken');
  const force = byId<HTMLButtonElement>('force-deploy');
  const crash = byId<HTMLButtonElement>('crash');
  const failChecks = byId<HTMLButtonElement>('fail-task-checks');
  /** whether a task's revision has a check to fail (tasks of one revision share its scenario: asked once each) */
  const checks = new WeakMap<object, boolean>();
  const checkable = (t: ServiceTask) => {
    let has = checks.get(t.scenario);
    if (has === undefined) checks.set(t.scenario, (has = checkedContainer(t) !== null));
    return has;
  };
  let shownDesired = -1;
  /** the scenario's desiredCount: what the box shows while no run is on (before Run service, after Reset) */
  let scenarioDesired = 0;
  /** the run whose count the box last showed */
  let shownFor: ServiceRun | null = null;
  const actions = [crash, failChecks, apply, deploy, force];
  // what a button says of itself when it can be used (index.html)
  const titles = new Map(actions.map((b) => [b, b.title]));

  /**
   * The service these act on. Before Run service there is none: the buttons
   * are disabled then, as Crash a task is (a deploy at 0 s started the run
   * with its first revision already replaced); Enter in the box says so.
   */
  function service(): ServiceRun | null {
    if (!driver.sim) say('No service yet: press Run service first.');
    // the run stopped at the simulator's task limit: nothing more happens in it
    else if (driver.sim.isStopped()) return say(ENDED.service), null;
    return driver.sim;
  }

  run.addEventListener('click', () => {
    // a run that has ended (the simulator's task limit) starts again from the scenario
    if (driver.sim && !driver.sim.isStopped()) driver.play();
    else start(true);
  });

  function applyDesired(): void {
    // An empty box (or one the browser cannot read as a number) is no count at
    // all: Number('') is 0, and reading it so would stop every task.
    const refuse = (why: string) => (desired.setAttribute('aria-invalid', 'true'), say(why));
    if (notANumber(desired)) return refuse(`Not applied: ${NOT_A_NUMBER('Desired count')} Type a whole number from 0 to ${MAX_DESIRED}.`);
    if (desired.value.trim() === '') return refuse(`Type a desired count first: a whole number from 0 to ${MAX_DESIRED}.`);
    const n = Number(desired.value);
    if (!Number.isInteger(n) || n < 0 || n > MAX_DESIRED) return refuse(`Desired count must be a whole number from 0 to ${MAX_DESIRED}, got "${desired.value.trim()}".`);
    desired.removeAttribute('aria-invalid');
    const svc = service();
    if (!svc) return;
    driver.act((run) => run.setDesiredCount(n), `Desired count ${n}`);
    say(`${when(svc)}UpdateService: desiredCount ${n}.`);
    driver.touch();
  }
  apply.addEventListener('click', applyDesired);
  // the refused text stays for the person to correct, marked until they do
  desired.addEventListener('input', () => desired.removeAttribute('aria-invalid'));
  desired.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') applyDesired();
  });

  // the deployment limits: both given at once, as a person thinks of them (100/200, 50/100)
  const limitsForm = byId<HTMLFormElement>('limits');
  const minHealthy = byId<HTMLInputElement>('min-healthy');
  const maxPercent = byId<HTMLInputElement>('max-percent');
  const applyLimits = byId<HTMLButtonElement>('apply-limits');
  /** the limits the boxes last showed (the run's, or the scenario's before it) */
  let shownLimits = '';
  let scenarioLimits: [number, number] = [100, 200];
  limitsForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const read = (box: HTMLInputElement, name: string, min: number, max: number): number | string => {
      if (notANumber(box) || box.value.trim() === '') return `${name} must be a whole number from ${min} to ${max}${box.value.trim() ? `, got "${box.value.trim()}"` : ''}.`;
      const n = Number(box.value);
      return Number.isInteger(n) && n >= min && n <= max ? n : `${name} must be a whole number from ${min} to ${max}, got "${box.value.trim()}".`;
    };
    const min = read(minHealthy, 'minimumHealthyPercent', 0, 100);
    const max = read(maxPercent, 'maximumPercent', 100, MAX_MAXIMUM_PERCENT);
    for (const [box, got] of [[minHealthy, min], [maxPercent, max]] as const)
      if (typeof got === 'string') box.setAttribute('aria-invalid', 'true');
      else box.removeAttribute('aria-invalid');
    if (typeof min === 'string' || typeof max === 'string') return say(`Not applied: ${[min, max].filter((x) => typeof x === 'string').join(' ')}`);
    const svc = service();
    if (!svc) return;
    driver.act((run) => run.setLimits(min, max), `Deployment limits ${min}/${max}`);
    const { minHealthy: healthy, maxTotal } = limits(svc.sim.view().desiredCount, min, max);
    say(`${when(svc)}UpdateService: minimumHealthyPercent ${min}, maximumPercent ${max}: of ${svc.sim.view().desiredCount} tasks, at least ${healthy} healthy and at most ${maxTotal} in all during a deployment.`);
    driver.touch();
  });
  for (const box of [minHealthy, maxPercent]) box.addEventListener('input', () => box.removeAttribute('aria-invalid'));

  deploy.addEventListener('click', () => {
    const svc = service();
    if (!svc) return;
    const unpullable = broken.checked;
    const td = driver.act((run) => run.deploy(unpullable), `Deploy new revision${unpullable ? ' (broken image)' : ''}`);
    const image = td.containerDefinitions.find((c) => c.essential)?.image ?? '';
    say(`${when(svc)}UpdateService: deploying ${td.family}:${td.revision}${broken.checked ? ` with the image ${image}, which cannot be pulled` : ''}.`);
    driver.touch();
  });

  force.addEventListener('click', () => {
    const svc = service();
    if (!svc) return;
    driver.act((run) => run.forceNewDeployment(), 'Force new deployment');
    say(`${when(svc)}UpdateService: forceNewDeployment, new tasks of the revision the service runs replace the old ones.`);
    driver.touch();
  });

  crash.addEventListener('click', () => {
    if (driver.sim?.isStopped()) return say(ENDED.service);
    const svc = driver.sim;
    const index = svc ? driver.act((run) => run.crashTask(), 'Crash a task') : null;
    const why = !svc ? 'No service yet: press Run service first.' : 'No task is RUNNING to crash right now (none has started yet, or the service runs none).';
    say(index === null ? why : `${when(svc!)}Task ${index}: its essential container exited with code 1.`);
    driver.touch();
  });

  /** What a Fail … checks press did, or why it did nothing (the two buttons: a task picked, or the opened one). */
  function failed(svc: ServiceRun, done: ReturnType<ServiceRun['failTaskChecks']>, why: string, opened = false): string {
    if (done === null) return why;
    if (done.ignored) return `${when(svc)}${done.ignored}`;
    const then = done.replaced
      ? `Its scheduler then replaces it (${opened ? 'its timeline below' : 'open the task on the board: its timeline'} marks the moment).`
      : `Container ${done.container} is not essential: the task stays healthy and runs on.`;
    return `${when(svc)}Task ${done.index}: ${done.said.map((s) => `${s}.`).join(' ')} ${then}`;
  }

  failChecks.addEventListener('click', () => {
    if (driver.sim?.isStopped()) return say(ENDED.service);
    const svc = driver.sim;
    if (!svc) return say('No service yet: press Run service first.');
    const done = driver.act((run) => run.failTaskChecks(), "Fail a task's health checks");
    say(failed(svc, done, 'No RUNNING task has a health check left to fail right now (none has started yet, their apps stopped answering already, or their containers have no healthCheck and no load balancer sends to them).'));
    driver.touch();
  });

  // the opened task's own button (task.panel.ts paints it): off, it stays focusable and says why
  const failOpened = byId<HTMLButtonElement>('task-fail-checks');
  failOpened.addEventListener('click', () => {
    if (driver.sim?.isStopped()) return say(ENDED.service);
    const svc = driver.sim;
    const index = Number(failOpened.dataset.i);
    const task = svc?.sim.tasks[index];
    const off = !svc || !task ? 'No task is open' : failChecksOff(task);
    if (off || !svc) return say(`Fail its health checks is off: ${off}`);
    const done = driver.act((run) => run.failTaskChecks(index), `Fail task ${index}'s health checks`);
    say(failed(svc, done, `Task ${index} has no health check left to fail right now.`, true));
    driver.touch();
  });

  return {
    configure(sc: Scenario): void {
      shownDesired = scenarioDesired = sc.service?.desiredCount ?? 0;
      const given = sc.service?.deploymentConfiguration;
      scenarioLimits = [given?.minimumHealthyPercent ?? 100, given?.maximumPercent ?? 200];
      shownLimits = '';
      desired.value = String(shownDesired);
      desired.removeAttribute('aria-invalid');
    },
    render(): void {
      const svc = driver.sim;
      const hadFocus = document.activeElement === run;
      run.disabled = !!svc && driver.playing;
      // a disabled button drops keyboard focus to the page: hand it to Pause, the next thing to press
      if (hadFocus && run.disabled) byId('play').focus();
      runReserved ||= reserveWidth(run, ['Run service', 'Resume service']);
      const runLabel = svc && !svc.isStopped() && !driver.playing ? 'Resume service' : 'Run service';
      if (run.textContent !== runLabel) run.textContent = runLabel;
      const ended = !!svc && svc.isStopped();
      for (const b of actions) {
        b.disabled = !svc || ended;
        b.title = ended ? ENDED.service : svc ? (titles.get(b) ?? '') : 'Run the service first';
      }
      // a service whose tasks have no check to fail: said before a press, not promised
      if (svc && !ended && !svc.sim.tasks.some((t) => t.lastStatus !== 'STOPPED' && checkable(t)))
        failChecks.title = 'No task of this service has a health check to fail: no load balancer sends to it, and no container of it has a healthCheck';
      // follow the service's desiredCount (a timeline may change it), or the scenario's with no run, unless someone is typing;
      // a run just started shows its own count (a number typed before it, with no service to apply it to, is not its count)
      const n = svc ? svc.sim.view().desiredCount : scenarioDesired;
      const fresh = svc !== shownFor;
      shownFor = svc;
      if ((n !== shownDesired || (fresh && svc)) && document.activeElement !== desired) (desired.value = String((shownDesired = n))), desired.removeAttribute('aria-invalid');
      // the limits as the service has them now (a timeline's UpdateService may change them), unless someone is typing there
      applyLimits.disabled = !svc || ended;
      const settings = svc?.sim.view().settings;
      const now = settings ? [settings.minimumHealthyPercent, settings.maximumPercent] : scenarioLimits;
      const key = now.join('/');
      if ((key !== shownLimits || (fresh && svc)) && !limitsForm.contains(document.activeElement)) {
        shownLimits = key;
        [minHealthy.value, maxPercent.value] = now.map(String) as [string, string];
        minHealthy.removeAttribute('aria-invalid');
        maxPercent.removeAttribute('aria-invalid');
      }
    },
  };
}
