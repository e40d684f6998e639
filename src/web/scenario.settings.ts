// Simple controls for the settings people change most. Each edits the
// scenario JSON itself (so the text area stays the single source of truth)
// and is refreshed from every scenario that loads. While the text area holds
// a draft that is not a valid scenario they are disabled: rewriting the JSON
// from the last valid scenario would throw the draft away.
import { parseScenario } from '../sim/scenario/load.ts';
import { MAX_CONTAINER_INSTANCES, MAX_DEREGISTRATION_DELAY_SECONDS } from '../sim/scenario/scenario.schema.ts';
import { MAX_GRACE_PERIOD_SECONDS } from '../sim/scenario/service.schema.ts';
import { MAX_TARGET_GROUPS } from '../sim/scenario/registrations.schema.ts';
import { ScenarioError, type Scenario } from '../sim/scenario/types.ts';
import { inText } from '../sim/scenario/errors.ts';
import { describeStrategy } from '../sim/scenario/capacity.ts';
import { partitionOf } from '../sim/ids.ts';
import { byId, NOT_A_NUMBER, NOT_APPLIED, notANumber, onChosen, sayAloud } from './dom.ts';
import { describeError, type ScenarioEditor } from './scenario.editor.ts';
import { createSettingsControls, LOCKED, MIXED, mixedStrategy, pickerValue } from './scenario.settings.controls.ts';
import { showScenario } from './scenario.settings.show.ts';
import { removesParts } from './scenario.losses.ts';
import { freshFaultBoxMemory, toggleFault } from './scenario.faults.toggle.ts';
import {
  asScenarioObject,
  awsLikeId,
  BASE36,
  compatibilitiesChanged,
  containerDefs,
  dropImpossibleFaultsSaid,
  dropTargetGroupSettings,
  dropNetworkUses,
  family,
  fitRegistries,
  givenList,
  HEX,
  mappedPort,
  runOn,
  setFields,
  setNetworkMode,
  switchLaunch,
  targetGroupName,
  type Json,
  type Obj,
} from './scenario.rewrite.ts';

/**
 * `notify`: the controls bar's notice, which also says a refused setting (the
 * press of Run that blurred it looks at the bar, not here), on one line; null
 * when a refusal said there is out of date.
 */
export function createSettings(
  editor: ScenarioEditor,
  notify: (text: string | null) => void = () => {},
  /** put a scenario the person wrote aside (under Preset), and say so; '' when it was not theirs (a preset as loaded) */
  putAside: (text: string) => string = () => '',
): void {
  const root = byId<HTMLFieldSetElement>('settings');
  const message = byId('settings-message');
  const said = byId('settings-said');
  const controls = createSettingsControls(root);
  const { launchType, networkMode, targets, discovery, delay, container, stopTimeout, instances, breaker, grace, faultBoxes } = controls;

  function say(text: string): void {
    const before = message.textContent;
    const refusedBefore = before?.startsWith(NOT_APPLIED);
    message.textContent = text;
    message.hidden = text === '';
    if (text.startsWith(NOT_APPLIED)) notify(text.replace(/\n/g, ' '));
    else if (refusedBefore) notify(null);
    // aloud once, what a setting just did; a refusal is said by the bar's notice, the lock not at all (typing causes it)
    // (and not again when the reload the setting caused writes the same words back)
    if (text && text !== before && text !== LOCKED && !text.startsWith(NOT_APPLIED)) sayAloud(said, text);
    // what was said of an earlier setting is not about this one: nothing stale for a screen reader's cursor
    else if (text !== before) said.textContent = '';
  }
  /** A draft that is not a valid scenario: the controls keep their hands off it. */
  function lock(locked: boolean): void {
    root.disabled = locked;
    root.title = locked ? LOCKED : '';
    // not again at every pause in typing: a polite region says the same words each time they are written
    // (unlocked, a note on what the last setting did stays: emptied and written back, it would be said twice)
    const words = locked ? LOCKED : afterApply && message.textContent === afterApply ? afterApply : '';
    if (message.textContent !== words) say(words);
    if (editor.scenario && !applyingTyped) refresh(editor.scenario);
  }

  /** edit() is loading what was typed before the control was used: the controls keep their values meanwhile. */
  let applyingTyped = false;
  /** What the last setting removed, said once it is applied (and kept through the reloads it causes). */
  let afterApply = '';
  /**
   * Apply `change` to the scenario in the text area and load the result; false
   * (and the controls show the scenario again) when the text area holds an
   * invalid draft, or when the change would make the scenario invalid; false,
   * quietly, when it changes nothing.
   */
  function edit(change: (o: Obj) => void): boolean {
    // a draft typed a moment ago (still debounced) is loaded first, so it is kept;
    // without redrawing the controls, which hold the value just chosen (a box
    // just ticked would read unticked again, and the change be lost)
    applyingTyped = true;
    const applied = editor.applyNow();
    applyingTyped = false;
    if (!applied || !editor.text) {
      lock(true);
      return false;
    }
    const o = asScenarioObject(editor.text);
    change(o);
    const next = JSON.stringify(o, null, 2);
    // a control that changed nothing (a late change event on blur) leaves the scenario and the note alone
    if (next === JSON.stringify(asScenarioObject(editor.text), null, 2)) {
      refresh(editor.scenario!); // the control shows the scenario's value again (not "-5" where it is 0)
      // a refusal said before is no longer about what the controls show
      if (message.textContent?.startsWith(NOT_APPLIED)) say('');
      return false;
    }
    afterApply = '';
    try {
      parseScenario(next);
    } catch (err) {
      // the user's scenario stays as it is: say why the setting was not applied, with the
      // field's line in the text they see (not in the rewritten one, which they never see)
      refresh(editor.scenario!);
      const inTheirText = err instanceof ScenarioError ? inText(asTheirFields(err, editor.text), editor.text) : err;
      say(`${NOT_APPLIED}, it would make the scenario invalid: ${describeError(inTheirText)}`);
      return false;
    }
    replaced = editor.text;
    editor.setText(next);
    return true;
  }
  /** the scenario as it was before the last setting applied */
  let replaced = '';
  /**
   * A launch type, a network mode, fewer target groups or no service
   * discovery can take more with them than their own field (port mappings,
   * hand-written ARNs, faults, settings): what was removed is said (`note`),
   * and the scenario as it was is put aside, as a preset picked over it would
   * put it (choosing the old value again does not bring those back).
   */
  const keptAside = (note: string) => {
    if (!removesParts(replaced, editor.text)) return note;
    const kept = putAside(replaced).replace('Your own scenario is put aside', 'Your scenario as it was is put aside');
    return [note, kept].filter(Boolean).join(' ');
  };
  /** The scenario is no longer the preset's: say so as typing would (Custom, no narrative). */
  const leavePreset = () => byId('scenario-json').dispatchEvent(new Event('input'));
  onChosen(launchType, () => {
    // what the change removed, said once it is applied
    let afterwards = '';
    const choice = launchType.value;
    if (choice === MIXED) return;
    const mixed = editor.scenario && mixedStrategy(editor.scenario);
    const applied = edit((o) => {
      // already running there (perhaps through a capacity provider strategy, which stays)
      if (editor.scenario && pickerValue(editor.scenario) === choice) return;
      afterwards = switchLaunch(o, choice, mixed ? describeStrategy(mixed) : null).join(' ');
    });
    if (!applied) return;
    afterApply = afterwards = keptAside(afterwards);
    leavePreset();
    if (afterwards) say(afterwards);
  });
  onChosen(networkMode, () => {
    let moved = '';
    const mixed = editor.scenario && mixedStrategy(editor.scenario);
    const applied = edit((o) => {
      const compatWas = o.taskDefinition.requiresCompatibilities;
      const hostPorts = setNetworkMode(o.taskDefinition, networkMode.value);
      // Only EC2 (and, without awsvpc, ECS Anywhere) runs other modes than awsvpc.
      const was = o.launchType ?? editor.scenario?.launchType;
      let launchNow = String(was);
      if ((networkMode.value !== 'awsvpc' && was === 'FARGATE') || (networkMode.value === 'awsvpc' && was === 'EXTERNAL')) {
        runOn(o, 'EC2');
        launchNow = 'EC2';
        moved = `Launch type changed to EC2: ${was === 'FARGATE' ? 'Fargate runs only awsvpc tasks' : 'ECS Anywhere does not run awsvpc'}${mixed ? `; the capacityProviderStrategy (${describeStrategy(mixed)}) was replaced` : ''}.`;
      }
      if (networkMode.value === 'none') moved = [moved, dropNetworkUses(o)].filter(Boolean).join(' ');
      if (networkMode.value !== 'awsvpc' && Array.isArray(o.taskDefinition.requiresCompatibilities))
        o.taskDefinition.requiresCompatibilities = (o.taskDefinition.requiresCompatibilities as string[]).filter((c) => c !== 'FARGATE');
      // where the task runs now (a service's own launch type or strategy is not at the top of the object)
      const compat = compatibilitiesChanged(compatWas, o.taskDefinition.requiresCompatibilities, launchNow);
      if (compat) moved = [moved, compat].filter(Boolean).join(' ');
      moved = [moved, hostPorts, fitRegistries(o), dropImpossibleFaultsSaid(o)].filter(Boolean).join(' ');
    });
    if (!applied) return;
    afterApply = moved = keptAside(moved);
    leavePreset();
    if (moved) say(moved);
  });
  /** A box holding what is not a number is refused, not read as emptied (the default) */
  function typedNotNumber(input: HTMLInputElement, label: string): boolean {
    if (!notANumber(input)) return false;
    if (editor.scenario) refresh(editor.scenario);
    say(`${NOT_APPLIED}: ${NOT_A_NUMBER(label)}`);
    return true;
  }
  /**
   * A number typed into a control that no scenario can hold: say so and
   * show the scenario's value again, as an invalid scenario would (never a
   * silent clamp). Null then; otherwise the number `text` holds.
   */
  function whole(text: string, label: string, min: number, max: number, rest = ''): number | null {
    const n = Number(text);
    if (text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max) return n;
    if (editor.scenario) refresh(editor.scenario);
    say(`${NOT_APPLIED}: ${label} must be a whole number from ${min} to ${max}${rest}, got "${text}".`);
    return null;
  }
  /** what the fault boxes remember between clicks */
  const faultMemory = freshFaultBoxMemory();
  /** The start of an ARN in the scenario's region and account (a pasted describe-task-definition output names them), for what the settings add. */
  const arnIn = (service: string) => {
    const { region, account } = editor.scenario?.settings ?? { region: 'us-east-1', account: '123456789012' };
    return `arn:${partitionOf(region)}:${service}:${region}:${account}`;
  };
  targets.addEventListener('change', () => {
    if (typedNotNumber(targets, 'Target groups')) return;
    const n = whole(targets.value, 'Target groups', 0, MAX_TARGET_GROUPS, ` (ECS allows ${MAX_TARGET_GROUPS} per service)`);
    if (n === null) return;
    let mapped = '';
    const applied = edit((o) => {
      const existing = givenList(o, 'loadBalancers');
      // A load balancer needs a mapped port (ECS refuses one the container does not map): mappedPort maps one, said.
      const target = n > existing.length ? mappedPort(o) : null;
      if (target?.mapped) mapped = `Container ${target.name} mapped no port, so containerPort ${target.port} was added to it (a target group sends traffic to a port the container maps): change both to the port it listens on.`;
      const loadBalancers = Array.from({ length: n }, (_, i) =>
        existing[i] ?? {
          targetGroupArn: `${arnIn('elasticloadbalancing')}:targetgroup/${targetGroupName(family(o), i + 1)}/${awsLikeId(`${family(o)}-${i + 1}`, 16, HEX)}`,
          containerName: target?.name,
          containerPort: target?.port,
        },
      );
      setFields(o, ['loadBalancers'], { loadBalancers });
      mapped = [mapped, dropImpossibleFaultsSaid(o), n === 0 ? dropTargetGroupSettings(o) : ''].filter(Boolean).join(' ');
    });
    if (applied) mapped = keptAside(mapped);
    if (applied && mapped) (afterApply = mapped), say(mapped);
  });
  discovery.addEventListener('change', () => {
    let mapped = '';
    const applied = edit((o) => {
      // unticked, the key goes: an empty list reads as a leftover
      setFields(o, ['serviceRegistries'], discovery.checked ? { serviceRegistries: [{ registryArn: `${arnIn('servicediscovery')}:service/srv-${awsLikeId(family(o), 16, BASE36)}` }] } : {});
      // bridge and host: the container and port the SRV record points at (shown in the JSON; a port
      // mapped for it is a change to the task definition, said)
      const fitted = fitRegistries(o);
      if (fitted.includes('was added to it')) mapped = fitted;
      mapped = [mapped, dropImpossibleFaultsSaid(o)].filter(Boolean).join(' ');
    });
    if (applied) mapped = keptAside(mapped);
    if (applied && mapped) (afterApply = mapped), say(mapped);
  });
  delay.addEventListener('change', () => {
    if (typedNotNumber(delay, 'Deregistration delay')) return;
    // An emptied box means the default (300 s), not 0.
    const n = delay.value.trim() === '' ? null : whole(delay.value, 'Deregistration delay', 0, MAX_DEREGISTRATION_DELAY_SECONDS, ' seconds');
    if (n === null && delay.value.trim() !== '') return;
    edit((o) => {
      const settings = { ...((o.settings as Json) ?? {}) };
      if (n === null) delete settings.deregistrationDelaySeconds;
      else settings.deregistrationDelaySeconds = n;
      o.settings = settings;
    });
  });
  stopTimeout.addEventListener('change', () =>
    typedNotNumber(stopTimeout, 'stopTimeout') ||
    edit((o) => {
      const def = containerDefs(o).find((d) => d.name === container.value);
      if (!def) return;
      if (stopTimeout.value === '') delete def.stopTimeout;
      else def.stopTimeout = Number(stopTimeout.value);
    }),
  );
  instances.addEventListener('change', () => {
    if (typedNotNumber(instances, 'Container instances')) return;
    // empty or 0: no fixed fleet, always room
    const n = instances.value.trim() === '' ? 0 : whole(instances.value, 'Container instances', 0, MAX_CONTAINER_INSTANCES, ' (0 or empty: always room)');
    if (n === null) return;
    // a 0 typed over a fleet reads "no room", and means the opposite: said once applied
    const hadFleet = !!editor.scenario?.containerInstances;
    const applied = edit((o) => {
      if (n === 0) delete o.containerInstances;
      else {
        // a new fleet's instances hold a few tasks each; an existing one keeps its size and interfaces
        const was = (o.containerInstances ?? {}) as Json;
        o.containerInstances = { count: n, cpu: was.cpu ?? 2048, memory: was.memory ?? 4096, ...(was.enis != null ? { enis: was.enis } : {}) };
      }
    });
    const told = applied && n === 0 && hadFleet ? 'containerInstances removed: 0 instances means no fixed fleet, so there is always room (for tasks that wait for room, give 1 or more instances, too few for them).' : '';
    if (told) (afterApply = told), say(told);
  });
  breaker.addEventListener('change', () =>
    edit((o) => {
      if (typeof o.service !== 'object' || o.service === null) return;
      const service = o.service as Json;
      const configuration = { ...((service.deploymentConfiguration as Json) ?? {}) };
      // off as a new service has it: no breaker at all (its threshold, left behind, would only be warned about)
      if (breaker.value === 'off') delete configuration.deploymentCircuitBreaker;
      else configuration.deploymentCircuitBreaker = { ...((configuration.deploymentCircuitBreaker as Json) ?? {}), enable: true, rollback: breaker.value === 'rollback' };
      if (Object.keys(configuration).length === 0) delete service.deploymentConfiguration;
      else service.deploymentConfiguration = configuration;
    }),
  );
  grace.addEventListener('change', () => {
    if (typedNotNumber(grace, 'Health check grace period')) return;
    // empty or 0: the default, no grace (the key goes)
    const n = grace.value.trim() === '' ? 0 : whole(grace.value, 'Health check grace period', 0, MAX_GRACE_PERIOD_SECONDS, ' seconds');
    if (n === null) return;
    edit((o) => {
      if (typeof o.service !== 'object' || o.service === null) return;
      const service = o.service as Json;
      if (n === 0) delete service.healthCheckGracePeriodSeconds;
      else service.healthCheckGracePeriodSeconds = n;
    });
  });
  container.addEventListener('change', () => editor.scenario && refresh(editor.scenario));
  for (const f of faultBoxes) {
    // not offered for this scenario: the press changes nothing and says why
    f.box.addEventListener('click', (e) => {
      if (f.box.getAttribute('aria-disabled') !== 'true') return;
      e.preventDefault();
      say(`${f.text.textContent!.trim()}: not offered here. ${f.box.title}`);
    });
    f.box.addEventListener('change', () => {
      let told = '';
      const applied = edit((o) => (told = toggleFault(o, { id: f.id, perContainer: f.perContainer, checked: f.box.checked, container: container.value }, editor.scenario, faultMemory)));
      if (applied && told) (afterApply = told), say(told);
    });
  }

  const refresh = (sc: Scenario) => showScenario(controls, sc, root.disabled);
  editor.onLoad((sc) => {
    // another scenario in its place (a preset, a link, one brought back from Put aside): what the
    // last setting removed from the one before is no longer about what the controls show
    if (byId('scenario-json').dataset.replacing !== undefined && afterApply) {
      afterApply = '';
      if (message.textContent && !message.textContent.startsWith(NOT_APPLIED) && message.textContent !== LOCKED) say('');
    }
    if (!applyingTyped) refresh(sc);
  });
  // A draft typed a moment ago is loaded as soon as a control takes the focus: loaded
  // later (the editor waits for a pause in typing), it would redraw the control while
  // the user types in it, and what they typed there would be lost.
  // Loading it may move the page (the story above says the scenario was edited: a line more,
  // and the browser's scroll anchoring shifts the view): the control pressed is put back under
  // the pointer, or the press ends elsewhere and a box just ticked stays unticked.
  root.addEventListener('focusin', (e) => {
    const control = e.target as HTMLElement;
    const before = control.getBoundingClientRect().top;
    editor.applyNow();
    const moved = control.isConnected ? control.getBoundingClientRect().top - before : 0;
    if (moved !== 0) window.scrollBy({ top: moved, behavior: 'instant' });
  });
  // a refusal is about the last try: typing or choosing again puts it away
  root.addEventListener('input', () => message.textContent?.startsWith(NOT_APPLIED) && say(''));
  // a note on what the last setting removed outlives the reloads it causes, until the next edit
  byId('scenario-json').addEventListener('keydown', () => (afterApply = ''));
  editor.onValidity((valid) => {
    lock(!valid);
    if (valid && afterApply) say(afterApply);
  });
}

/**
 * A bare task definition is wrapped as a scenario's taskDefinition to be
 * edited: a refusal names its fields as the person's text has them
 * (`containerDefinitions[0].stopTimeout`, not `taskDefinition.…`, at line 1).
 */
function asTheirFields(err: ScenarioError, text: string): ScenarioError {
  if (!isBare(text)) return err;
  return err.map((p) => (p.field === 'taskDefinition' || p.field.startsWith('taskDefinition.') ? new ScenarioError(p.field.slice('taskDefinition.'.length), p.problem) : p));
}

const isBare = (text: string) => {
  const raw = JSON.parse(text) as unknown;
  return typeof raw === 'object' && raw !== null && 'containerDefinitions' in raw;
};
