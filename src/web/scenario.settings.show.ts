// The settings show a scenario: each control takes its value from the loaded
// scenario, and what the scenario cannot have is disabled with a title that
// says why (a control already set stays usable, to undo it).
import type { Scenario } from '../sim/scenario/types.ts';
import { describeStrategy } from '../sim/scenario/capacity.ts';
import { h } from './dom.ts';
import { duration, faultLabel, whatItDoes, whyNot } from './scenario.faults.ts';
import { LAUNCH_TITLE, LOCKED, MIXED, mixedStrategy, pickerValue, type SettingsControls } from './scenario.settings.controls.ts';

export function showScenario(c: SettingsControls, sc: Scenario, locked: boolean): void {
  const { launchType, networkMode, targets, discovery, delay, container, stopTimeout, instances } = c;
  // a mixed strategy shows as one more choice, there only while the scenario has it
  const mixed = mixedStrategy(sc);
  launchType.querySelector(`option[value="${MIXED}"]`)?.remove();
  // short enough for the select's width (FARGATE_SPOT as Spot); the title spells it out
  if (mixed) launchType.append(h('option', { value: MIXED, disabled: true }, `Mixed: ${mixed.map((p) => (p.capacityProvider === 'FARGATE_SPOT' ? 'Spot' : p.capacityProvider)).join(' + ')}`));
  launchType.title = mixed ? `The service's capacityProviderStrategy (${describeStrategy(mixed)}) splits its tasks between providers; picking one launch type replaces it` : LAUNCH_TITLE;
  launchType.value = pickerValue(sc);
  networkMode.value = sc.taskDefinition.networkMode;
  targets.value = String(sc.loadBalancers.length);
  discovery.checked = sc.serviceRegistries.length > 0;
  // ECS Anywhere supports neither, nor has a task with no network anything to offer (a box already set stays usable to undo it)
  const external = sc.launchType === 'EXTERNAL';
  const noNetwork = sc.taskDefinition.networkMode === 'none';
  targets.disabled = (external || noNetwork) && sc.loadBalancers.length === 0;
  discovery.disabled = (external || noNetwork) && !discovery.checked;
  targets.title = discovery.title = external
    ? 'Not on EXTERNAL (ECS Anywhere): it supports neither load balancers nor service discovery'
    : noNetwork
      ? 'Not with network mode none: a task with no network has no port for a target group and no address for Cloud Map'
      : '';
  delay.value = String(sc.settings.deregistrationDelaySeconds);
  // only a target drains
  delay.disabled = sc.loadBalancers.length === 0;
  delay.title = sc.loadBalancers.length === 0 ? 'No target group: nothing drains, so the delay changes nothing' : '';
  const names = sc.taskDefinition.containerDefinitions.map((d) => d.name);
  const chosen = names.includes(container.value) ? container.value : (names[0] ?? '');
  container.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
  container.value = chosen;
  const def = sc.taskDefinition.containerDefinitions.find((d) => d.name === chosen);
  stopTimeout.value = def?.stopTimeout == null ? '' : String(def.stopTimeout);
  // Fargate allows 2 to 120 s; EC2 leaves it to the agent (we cap at an hour)
  stopTimeout.max = sc.launchType === 'FARGATE' ? '120' : '3600';
  showFleet(instances, sc);
  showBreaker(c.breaker, sc);
  showGrace(c.grace, sc);
  for (const f of c.faultBoxes) {
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
    // Off, it stays focusable (aria-disabled, as Spot interruption): a keyboard or touch user
    // reaches it, and a press says why (scenario.settings.ts), where a title shows only on hover.
    const why = whyNot(f.id, sc);
    const off = why !== null && !f.box.checked;
    if (off) f.box.setAttribute('aria-disabled', 'true');
    else f.box.removeAttribute('aria-disabled');
    f.box.title = locked ? LOCKED : (why ?? whatItDoes(f.id, sc, chosen));
  }
  const elsewhere = faultsOnOtherContainers(sc, chosen);
  const words = elsewhere.length ? `Also set, on other containers: ${elsewhere.join('; ')}. Pick one under Container to change it.` : '';
  if (c.faultsElsewhere.textContent !== words) c.faultsElsewhere.textContent = words;
  c.faultsElsewhere.hidden = words === '';
}

/**
 * The per-container boxes show the chosen container's faults only: those the
 * JSON sets on the others (by name, or by an image only they run) are said
 * beside them, or a run would fail on a fault no box shows.
 */
export function faultsOnOtherContainers(sc: Scenario, chosen: string): string[] {
  const defs = sc.taskDefinition.containerDefinitions;
  const chosenImage = defs.find((d) => d.name === chosen)?.image;
  const out: string[] = [];
  for (const d of defs) {
    if (d.name === chosen) continue;
    const mine = (x: { container?: string | null; image?: string | null }) => x.container === d.name || (x.container == null && x.image != null && x.image === d.image && x.image !== chosenImage);
    const what = sc.faults.flatMap((f) =>
      f.step === 'PullImage' && mine(f)
        ? ['image pull fails']
        : f.step === 'RunContainer' && mine(f)
          ? [f.exitCode === 0 ? `exits with code 0 ${duration(f.afterSeconds)} after it starts` : `crashes ${duration(f.afterSeconds)} after it starts (exit code ${f.exitCode})`]
          : f.step === 'StopContainer' && f.container === d.name
            ? [f.ignoreSigterm ? 'ignores SIGTERM' : `exits ${f.exitCode} on SIGTERM`]
            : [],
    );
    if (what.length) out.push(`${d.name} ${what.join(', ')}`);
  }
  return out;
}

function showBreaker(breaker: HTMLSelectElement, sc: Scenario): void {
  const b = sc.service?.deploymentConfiguration.deploymentCircuitBreaker;
  breaker.value = !b?.enable ? 'off' : b.rollback ? 'rollback' : 'on';
  breaker.disabled = sc.service === null;
  breaker.title = sc.service
    ? "The service's deployment circuit breaker, as CreateService sets it (an UpdateService in the timeline may change it): it fails a deployment whose tasks keep failing, and with rollback goes back to the last deployment that completed"
    : 'For a service: a task run on its own has no deployment to fail';
}

function showGrace(grace: HTMLInputElement, sc: Scenario): void {
  const seconds = sc.service?.healthCheckGracePeriodSeconds ?? 0;
  grace.value = seconds === 0 ? '' : String(seconds);
  grace.disabled = sc.service === null;
  grace.title = sc.service
    ? "The service's healthCheckGracePeriodSeconds: for this long after a task reaches RUNNING, its scheduler ignores its failed load balancer and container health checks; empty: 0, the default"
    : 'For a service: a task run on its own is replaced by no scheduler, so no grace period applies';
}

function showFleet(instances: HTMLInputElement, sc: Scenario): void {
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
}
