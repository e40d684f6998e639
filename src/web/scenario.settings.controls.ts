// The settings' form controls, built once; scenario.settings.show.ts fills
// them from a scenario and scenario.settings.ts turns their changes into edits
// of the scenario JSON.
import type { Scenario } from '../sim/scenario/types.ts';
import { h } from './dom.ts';
import { FAULT_BOXES } from './scenario.faults.ts';

export const LOCKED = 'Fix the scenario JSON first: these settings rewrite it, and would replace your draft.';

/**
 * What the picker shows for a scenario: Fargate Spot when the task runs there
 * (a strategy, or a Spot notice in the timeline); for a service whose
 * strategy names several providers, that strategy rather than one of them.
 */
export const MIXED = 'STRATEGY';
export const mixedStrategy = (sc: Scenario) => ((sc.service?.capacityProviderStrategy?.length ?? 0) > 1 ? sc.service!.capacityProviderStrategy! : null);
export const pickerValue = (sc: Scenario) => (mixedStrategy(sc) ? MIXED : sc.capacityProviderName === 'FARGATE_SPOT' ? 'FARGATE_SPOT' : sc.launchType);

export type FaultBox = (typeof FAULT_BOXES)[number] & { box: HTMLInputElement; text: HTMLSpanElement };

export interface SettingsControls {
  launchType: HTMLSelectElement;
  networkMode: HTMLSelectElement;
  targets: HTMLInputElement;
  discovery: HTMLInputElement;
  delay: HTMLInputElement;
  /** whose stopTimeout and per-container faults the controls show */
  container: HTMLSelectElement;
  stopTimeout: HTMLInputElement;
  instances: HTMLInputElement;
  /** a service's deployment circuit breaker: off, on, on with rollback */
  breaker: HTMLSelectElement;
  /** a service's healthCheckGracePeriodSeconds */
  grace: HTMLInputElement;
  faultBoxes: FaultBox[];
  /** the per-container faults the JSON sets on containers other than the one chosen: unseen in the boxes */
  faultsElsewhere: HTMLElement;
}

/** Named for both, as the picker writes one or the other: AWS has no Spot launch type. */
export const LAUNCH_LABEL = 'Launch type or capacity provider';

/** What the picker writes, for its title: the words that keep FARGATE_SPOT from reading as a launch type. */
export const LAUNCH_TITLE =
  'FARGATE, EC2 and EXTERNAL are launch types: each writes launchType. FARGATE_SPOT is a capacity provider, not a launch type: it writes capacityProviderStrategy [{ "capacityProvider": "FARGATE_SPOT", "weight": 1 }], and the task still reports launchType FARGATE';

/** The breaker's choices: the value each option writes, and its words. */
export const BREAKER_CHOICES = [
  ['off', 'off'],
  ['on', 'on (fails the deployment)'],
  ['rollback', 'on, with rollback'],
] as const;

function select(label: string, options: string[]): HTMLSelectElement {
  return h('select', { 'aria-label': label }, ...options.map((o) => h('option', { value: o }, o)));
}

/** The controls, labelled and appended to `root`. */
export function createSettingsControls(root: HTMLFieldSetElement): SettingsControls {
  const c: SettingsControls = {
    // FARGATE_SPOT is a capacity provider, not a launch type: the choice writes capacityProviderStrategy
    launchType: select(LAUNCH_LABEL, ['FARGATE', 'FARGATE_SPOT', 'EC2', 'EXTERNAL']),
    networkMode: select('Network mode', ['awsvpc', 'bridge', 'host', 'none']),
    targets: h('input', { type: 'number', min: 0, max: 5, step: 1, 'aria-label': 'Target groups' }),
    discovery: h('input', { type: 'checkbox', 'aria-label': 'Service discovery' }),
    delay: h('input', { type: 'number', min: 0, max: 3600, step: 1, 'aria-label': 'Deregistration delay (s)' }),
    container: h('select', { 'aria-label': 'Container' }),
    stopTimeout: h('input', { type: 'number', min: 2, max: 120, placeholder: '30 (default)', 'aria-label': 'stopTimeout (s)' }),
    instances: h('input', { type: 'number', min: 0, max: 5000, step: 1, placeholder: 'always room', 'aria-label': 'Container instances' }),
    breaker: h('select', { 'aria-label': 'Circuit breaker' }, ...BREAKER_CHOICES.map(([value, words]) => h('option', { value }, words))),
    grace: h('input', { type: 'number', min: 0, step: 1, placeholder: '0 (default)', 'aria-label': 'Health check grace period (s)' }),
    faultBoxes: FAULT_BOXES.map((f) => ({ ...f, box: h('input', { type: 'checkbox', 'data-fault': f.id }), text: h('span', {}, ` ${f.label}`) })),
    faultsElsewhere: h('p', { class: 'small faults-elsewhere', id: 'faults-elsewhere', hidden: true }),
  };
  const field = (text: string, el: HTMLElement) => h('label', {}, text, el);
  root.append(
    field(LAUNCH_LABEL, c.launchType),
    field('Network mode', c.networkMode),
    field('Target groups (0–5)', c.targets),
    h('label', { class: 'check' }, 'Service discovery', c.discovery),
    field('Deregistration delay (s)', c.delay),
    field('Container', c.container),
    field('stopTimeout (s)', c.stopTimeout),
    field('Container instances (EC2 service)', c.instances),
    field('Circuit breaker (service)', c.breaker),
    field('Health check grace period (s, service)', c.grace),
    // not live like Stop task or Exit container: a fault is part of the scenario, from t = 0
    h('fieldset', {}, h('legend', {}, 'Faults ', h('span', { class: 'small' }, '(from the start: changing one starts the run over)')), ...c.faultBoxes.map((f) => h('label', {}, f.box, f.text)), c.faultsElsewhere),
  );
  return c;
}
