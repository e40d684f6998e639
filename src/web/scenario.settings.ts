// Simple controls for the settings people change most. Each edits the
// scenario JSON itself (so the text area stays the single source of truth)
// and is refreshed from every scenario that loads. While the text area holds
// a draft that is not a valid scenario they are disabled: rewriting the JSON
// from the last valid scenario would throw the draft away.
import { parseScenario } from '../sim/scenario/load.ts';
import { MAX_CONTAINER_INSTANCES, MAX_DEREGISTRATION_DELAY_SECONDS, MAX_TARGET_GROUPS } from '../sim/scenario/scenario.schema.ts';
import { ScenarioError, type Scenario } from '../sim/scenario/types.ts';
import { lineOf } from '../sim/scenario/json-place.ts';
import { describeStrategy } from '../sim/scenario/capacity.ts';
import { partitionOf } from '../sim/ids.ts';
import { byId, h, NOT_A_NUMBER, notANumber, onChosen } from './dom.ts';
import { describeError, type ScenarioEditor } from './scenario.editor.ts';
import { FAULT_BOXES, faultLabel, whatItDoes, whyNot } from './scenario.faults.ts';
import { freshFaultBoxMemory, toggleFault } from './scenario.faults.toggle.ts';
import {
  asScenarioObject,
  compatibilitiesChanged,
  containerDefs,
  dropImpossibleFaults,
  family,
  givenList,
  runOn,
  setFields,
  setNetworkMode,
  switchLaunch,
  type Json,
  type Obj,
} from './scenario.rewrite.ts';

const LOCKED = 'Fix the scenario JSON first: these settings rewrite it, and would replace your draft.';

/**
 * What the picker shows for a scenario: Fargate Spot when the task runs there
 * (a strategy, or a Spot notice in the timeline); for a service whose
 * strategy names several providers, that strategy rather than one of them.
 */
const MIXED = 'STRATEGY';
const mixedStrategy = (sc: Scenario) => ((sc.service?.capacityProviderStrategy?.length ?? 0) > 1 ? sc.service!.capacityProviderStrategy! : null);
const pickerValue = (sc: Scenario) => (mixedStrategy(sc) ? MIXED : sc.capacityProviderName === 'FARGATE_SPOT' ? 'FARGATE_SPOT' : sc.launchType);

function select(label: string, options: string[]): HTMLSelectElement {
  return h('select', { 'aria-label': label }, ...options.map((o) => h('option', { value: o }, o)));
}

export function createSettings(editor: ScenarioEditor): void {
  const root = byId<HTMLFieldSetElement>('settings');
  const message = byId('settings-message');
  // FARGATE_SPOT is a capacity provider, not a launch type: the choice writes capacityProviderStrategy
  const launchType = select('Launch type', ['FARGATE', 'FARGATE_SPOT', 'EC2', 'EXTERNAL']);
  const networkMode = select('Network mode', ['awsvpc', 'bridge', 'host', 'none']);
  const targets = h('input', { type: 'number', min: 0, max: 5, step: 1, 'aria-label': 'Target groups' });
  const discovery = h('input', { type: 'checkbox', 'aria-label': 'Service discovery' });
  const delay = h('input', { type: 'number', min: 0, max: 3600, step: 1, 'aria-label': 'Deregistration delay (s)' });
  const container = h('select', { 'aria-label': 'Container' });
  const stopTimeout = h('input', { type: 'number', min: 2, max: 120, placeholder: '30 (default)', 'aria-label': 'stopTimeout (s)' });
  const instances = h('input', { type: 'number', min: 0, max: 5000, step: 1, placeholder: 'always room', 'aria-label': 'Container instances' });
  const faultBoxes = FAULT_BOXES.map((f) => ({ ...f, box: h('input', { type: 'checkbox', 'data-fault': f.id }), text: h('span', {}, ` ${f.label}`) }));

  const field = (text: string, el: HTMLElement) => h('label', {}, text, el);
  root.append(
    field('Launch type', launchType),
    field('Network mode', networkMode),
    field('Target groups (0–5)', targets),
    h('label', { class: 'check' }, 'Service discovery', discovery),
    field('Deregistration delay (s)', delay),
    field('Container', container),
    field('stopTimeout (s)', stopTimeout),
    field('Container instances (EC2 service)', instances),
    // not live like Stop task or Exit container: a fault is part of the scenario, from t = 0
    h('fieldset', {}, h('legend', {}, 'Faults ', h('span', { class: 'small' }, '(from the start: changing one starts the run over)')), ...faultBoxes.map((f) => h('label', {}, f.box, f.text))),
  );

  function say(text: string): void {
    message.textContent = text;
    message.hidden = text === '';
  }
  /** A draft that is not a valid scenario: the controls keep their hands off it. */
  function lock(locked: boolean): void {
    root.disabled = locked;
    root.title = locked ? LOCKED : '';
    // not again at every pause in typing: a polite region says the same words each time they are written
    const words = locked ? LOCKED : '';
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
      return false;
    }
    afterApply = '';
    try {
      parseScenario(next);
    } catch (err) {
      // the user's scenario stays as it is: say why the setting was not applied, with the
      // field's line in the text they see (not in the rewritten one, which they never see)
      refresh(editor.scenario!);
      const inTheirText = err instanceof ScenarioError && err.field ? new ScenarioError(err.field, err.problem, lineOf(editor.text, err.field)) : err;
      say(`Not applied, it would make the scenario invalid: ${describeError(inTheirText)}`);
      return false;
    }
    editor.setText(next);
    return true;
  }
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
    afterApply = afterwards;
    leavePreset();
    if (afterwards) say(afterwards);
  });
  onChosen(networkMode, () => {
    let moved = '';
    const mixed = editor.scenario && mixedStrategy(editor.scenario);
    const applied = edit((o) => {
      const compatWas = o.taskDefinition.requiresCompatibilities;
      setNetworkMode(o.taskDefinition, networkMode.value);
      // Only EC2 (and, without awsvpc, ECS Anywhere) runs other modes than awsvpc.
      const was = o.launchType ?? editor.scenario?.launchType;
      if ((networkMode.value !== 'awsvpc' && was === 'FARGATE') || (networkMode.value === 'awsvpc' && was === 'EXTERNAL')) {
        runOn(o, 'EC2');
        moved = `Launch type changed to EC2: ${was === 'FARGATE' ? 'Fargate runs only awsvpc tasks' : 'ECS Anywhere does not run awsvpc'}${mixed ? `; the capacityProviderStrategy (${describeStrategy(mixed)}) was replaced` : ''}.`;
      }
      if (networkMode.value !== 'awsvpc' && Array.isArray(o.taskDefinition.requiresCompatibilities))
        o.taskDefinition.requiresCompatibilities = (o.taskDefinition.requiresCompatibilities as string[]).filter((c) => c !== 'FARGATE');
      const compat = compatibilitiesChanged(compatWas, o.taskDefinition.requiresCompatibilities, String(o.launchType ?? editor.scenario?.launchType));
      if (compat) moved = [moved, compat].filter(Boolean).join(' ');
      dropImpossibleFaults(o);
    });
    if (!applied) return;
    afterApply = moved;
    leavePreset();
    if (moved) say(moved);
  });
  /**
   * A number typed into a control that no scenario can hold: say so and
   * show the scenario's value again, as an invalid scenario would (never a
   * silent clamp). Null when `text` is fine: the number it holds.
   */
  /** A box holding what is not a number is refused, not read as emptied (the default) */
  function typedNotNumber(input: HTMLInputElement, label: string): boolean {
    if (!notANumber(input)) return false;
    if (editor.scenario) refresh(editor.scenario);
    say(`Not applied: ${NOT_A_NUMBER(label)}`);
    return true;
  }
  function whole(text: string, label: string, min: number, max: number, rest = ''): number | null {
    const n = Number(text);
    if (text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max) return n;
    if (editor.scenario) refresh(editor.scenario);
    say(`Not applied: ${label} must be a whole number from ${min} to ${max}${rest}, got "${text}".`);
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
    edit((o) => {
      const defs = containerDefs(o);
      const lbContainer = defs.find((d) => Array.isArray(d.portMappings) && d.portMappings.length > 0) ?? defs[0];
      const port = (lbContainer?.portMappings as { containerPort?: number }[] | undefined)?.[0]?.containerPort ?? 80;
      // A load balancer needs a mapped port (ECS refuses one the container does not map): map it.
      if (n > 0 && lbContainer && !(Array.isArray(lbContainer.portMappings) && lbContainer.portMappings.length > 0)) lbContainer.portMappings = [{ containerPort: port }];
      const existing = givenList(o, 'loadBalancers');
      const loadBalancers = Array.from({ length: n }, (_, i) =>
        existing[i] ?? {
          targetGroupArn: `${arnIn('elasticloadbalancing')}:targetgroup/${family(o)}-${i + 1}/${(0x5e1f0000 + i).toString(16)}`,
          containerName: String(lbContainer?.name ?? 'app'),
          containerPort: port,
        },
      );
      setFields(o, ['loadBalancers'], { loadBalancers });
      dropImpossibleFaults(o);
    });
  });
  discovery.addEventListener('change', () =>
    edit((o) => {
      setFields(o, ['serviceRegistries'], { serviceRegistries: discovery.checked ? [{ registryArn: `${arnIn('servicediscovery')}:service/srv-${family(o)}` }] : [] });
      dropImpossibleFaults(o);
    }),
  );
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
    edit((o) => {
      if (n === 0) delete o.containerInstances;
      else {
        // a new fleet's instances hold a few tasks each; an existing one keeps its size and interfaces
        const was = (o.containerInstances ?? {}) as Json;
        o.containerInstances = { count: n, cpu: was.cpu ?? 2048, memory: was.memory ?? 4096, ...(was.enis != null ? { enis: was.enis } : {}) };
      }
    });
  });
  container.addEventListener('change', () => editor.scenario && refresh(editor.scenario));
  for (const f of faultBoxes)
    f.box.addEventListener('change', () => {
      let told = '';
      const applied = edit((o) => (told = toggleFault(o, { id: f.id, perContainer: f.perContainer, checked: f.box.checked, container: container.value }, editor.scenario, faultMemory)));
      if (applied && told) (afterApply = told), say(told);
    });

  function refresh(sc: Scenario): void {
    // a mixed strategy shows as one more choice, there only while the scenario has it
    const mixed = mixedStrategy(sc);
    launchType.querySelector(`option[value="${MIXED}"]`)?.remove();
    // short enough for the select's width (FARGATE_SPOT as Spot); the title spells it out
    if (mixed) launchType.append(h('option', { value: MIXED, disabled: true }, `Mixed: ${mixed.map((p) => (p.capacityProvider === 'FARGATE_SPOT' ? 'Spot' : p.capacityProvider)).join(' + ')}`));
    launchType.title = mixed ? `The service's capacityProviderStrategy (${describeStrategy(mixed)}) splits its tasks between providers; picking one launch type replaces it` : '';
    launchType.value = pickerValue(sc);
    networkMode.value = sc.taskDefinition.networkMode;
    targets.value = String(sc.loadBalancers.length);
    discovery.checked = sc.serviceRegistries.length > 0;
    // ECS Anywhere supports neither (a box already set stays usable to undo it)
    const external = sc.launchType === 'EXTERNAL';
    targets.disabled = external && sc.loadBalancers.length === 0;
    discovery.disabled = external && !discovery.checked;
    targets.title = discovery.title = external ? 'Not on EXTERNAL (ECS Anywhere): it supports neither load balancers nor service discovery' : '';
    delay.value = String(sc.settings.deregistrationDelaySeconds);
    // only a target drains
    delay.disabled = sc.loadBalancers.length === 0;
    delay.title = sc.loadBalancers.length === 0 ? 'No target group: nothing drains, so the delay changes nothing' : '';
    const names = sc.taskDefinition.containerDefinitions.map((c) => c.name);
    const chosen = names.includes(container.value) ? container.value : (names[0] ?? '');
    container.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
    container.value = chosen;
    const def = sc.taskDefinition.containerDefinitions.find((c) => c.name === chosen);
    stopTimeout.value = def?.stopTimeout == null ? '' : String(def.stopTimeout);
    // Fargate allows 2 to 120 s; EC2 leaves it to the agent (we cap at an hour)
    stopTimeout.max = sc.launchType === 'FARGATE' ? '120' : '3600';
    instances.value = sc.containerInstances ? String(sc.containerInstances.count) : '';
    // a fixed fleet: a service on EC2 launched by launch type (an Auto Scaling group provider waits for capacity instead)
    const fleetApplies = sc.service !== null && sc.launchType === 'EC2' && sc.capacityProviderName === null && !sc.faults.some((f) => f.step === 'PlaceTask');
    // one size of instance: the box sets how many; several sizes are edited in the JSON
    const sized = (sc.containerInstances?.groups.length ?? 1) > 1;
    instances.disabled = sized || (!fleetApplies && sc.containerInstances === null);
    instances.title = sized
      ? 'Instances of several sizes: edit containerInstances in the JSON'
      : fleetApplies
        ? 'How many EC2 instances the service runs on (each keeps its cpu and memory from the JSON; new ones register 2048 CPU units and 4096 MiB); empty: always room'
        : 'For a service on EC2 with a launch type: a single task, Fargate or an Auto Scaling group provider has no fixed instances';
    for (const f of faultBoxes) {
      const image = def?.image;
      f.box.checked = sc.faults.some(
        (x) =>
          x.step === f.id &&
          (x.step !== 'StopContainer' || x.ignoreSigterm) &&
          (!f.perContainer || ('container' in x && x.container === chosen) || ((x.step === 'PullImage' || x.step === 'RunContainer') && x.image != null && x.image === image)),
      );
      const label = ` ${faultLabel(f.id, sc, chosen)}`;
      if (f.text.textContent !== label) f.text.textContent = label;
      // A fault this scenario cannot have is not offered (a checked box stays clickable to undo it).
      const why = whyNot(f.id, sc);
      f.box.disabled = why !== null && !f.box.checked;
      f.box.title = root.disabled ? LOCKED : (why ?? whatItDoes(f.id, sc, chosen));
    }
  }
  editor.onLoad((sc) => applyingTyped || refresh(sc));
  // A draft typed a moment ago is loaded as soon as a control takes the focus: loaded
  // later (the editor waits for a pause in typing), it would redraw the control while
  // the user types in it, and what they typed there would be lost.
  root.addEventListener('focusin', () => editor.applyNow());
  // a note on what the last setting removed outlives the reloads it causes, until the next edit
  byId('scenario-json').addEventListener('keydown', () => (afterApply = ''));
  editor.onValidity((valid) => {
    lock(!valid);
    if (valid && afterApply) say(afterApply);
  });
}
