// What ticking or unticking a fault box does to the scenario object: the
// fault written (or taken out) for the container or image chosen, and what it
// takes for that fault to mean something (an Auto Scaling group provider for
// a placement that waits for room). No DOM: it changes the scenario object
// and what the boxes remember; the settings panel calls it inside its edit,
// and says what it returns.
import type { Scenario } from '../sim/scenario/types.ts';
import { loadScenario } from '../sim/scenario/load.ts';
import { createSimulation } from '../sim/simulation.ts';
import { byImage, healthCheckedContainer, spotService, type FaultId } from './scenario.faults.ts';
import { containerDefs, family, isJson, revisions, setLaunch, type Json, type Obj } from './scenario.rewrite.ts';

/** What the boxes remember between clicks, for one page. */
export interface FaultBoxMemory {
  /** The family whose provider ticking PlaceTask added in this visit: unticking takes only that one away (a preset's own strategy stays). */
  addedFor: string | null;
  /** The secrets the RetrieveSecrets faults picked when the box was last unticked: ticking it again picks them again. */
  secretPicks: Json[];
  /** The HealthCheck faults when the box was last unticked (a slow start, an app that goes bad): ticking it again brings them back. */
  healthChecks: Json[];
}

export const freshFaultBoxMemory = (): FaultBoxMemory => ({ addedFor: null, secretPicks: [], healthChecks: [] });

export interface FaultBoxClick {
  id: FaultId;
  perContainer: boolean;
  checked: boolean;
  /** the container picked in the settings */
  container: string;
}

/** The Auto Scaling group provider the PlaceTask fault puts a task on. */
const asgProvider = (o: Obj): Json => ({ capacityProvider: `${family(o)}-asg`, weight: 1 });
const strategyOf = (o: Obj) => o.capacityProviderStrategy ?? (isJson(o.service) ? o.service.capacityProviderStrategy : undefined);
/** just the provider ticking PlaceTask added, at the top or in the service */
const addedProvider = (o: Obj) => JSON.stringify(strategyOf(o)) === JSON.stringify([asgProvider(o)]);
const onAsgProvider = (o: Obj) => {
  const strategy = strategyOf(o);
  return Array.isArray(strategy) && strategy.length > 0 && strategy.every((p) => isJson(p) && !String(p.capacityProvider).startsWith('FARGATE'));
};

/**
 * Apply a fault box's click to `o` (the scenario as JSON), `sc` being the
 * scenario loaded before it. Returns what to tell the person ('' if nothing).
 */
export function toggleFault(o: Obj, click: FaultBoxClick, sc: Scenario | null, memory: FaultBoxMemory): string {
  let told = '';
  const { id, checked } = click;
  // a per-container fault names the container, or (a pull, a crash) its image
  const image = containerDefs(o).find((d) => d.name === click.container)?.image;
  const forChosen = (x: Json) => x.container === click.container || (byImage(id) && x.image != null && x.image === image);
  const faults = ((o.faults as Json[] | undefined) ?? []).filter((x) => x.step !== id || (click.perContainer && !forChosen(x)));
  if (id === 'RetrieveSecrets' && !checked) memory.secretPicks = ((o.faults as Json[] | undefined) ?? []).filter((x) => x.step === id && x.valueFrom != null);
  // (those the definitions still name: the JSON may have changed since)
  const named = new Set([o.taskDefinition, ...revisions(o)].flatMap((td) => ((td.containerDefinitions ?? []) as Json[]).flatMap((c) => (Array.isArray(c.secrets) ? (c.secrets as Json[]).map((x) => x.valueFrom) : []))));
  const picked = memory.secretPicks.filter((x) => named.has(x.valueFrom));
  if (id === 'HealthCheck' && !checked) memory.healthChecks = ((o.faults as Json[] | undefined) ?? []).filter((x) => x.step === id);
  // as they were, when they still load with the JSON as it is now (a container may have gone since)
  const kept = id === 'HealthCheck' && checked && memory.healthChecks.length > 0 && loads({ ...o, faults: [...faults, ...memory.healthChecks] }) ? memory.healthChecks : [];
  if (id === 'RetrieveSecrets' && checked && picked.length) faults.push(...picked);
  else if (kept.length) faults.push(...kept);
  else if (checked) {
    const fault: Json = { step: id };
    if (click.perContainer) fault.container = click.container;
    // a service deploys other revisions: fail (or crash) this image only, not every revision's container
    // of that name (the rollback target of a circuit breaker must still pull)
    if (byImage(id) && o.service && image) (delete fault.container, (fault.image = image));
    if (id === 'StopContainer') fault.ignoreSigterm = true;
    // the role comes back after a while, so the run ends (without it the task stays in DEPROVISIONING)
    if (id === 'ReleaseEni') fault.restoredAfterSeconds = 1800;
    // without a load balancer to fail its checks, a container's own healthCheck fails
    if (id === 'HealthCheck' && sc?.loadBalancers.length === 0) fault.container = healthCheckedContainer(sc, click.container);
    if (id === 'PlaceTask') {
      fault.capacityAfterSeconds = 240;
      // Spot runs out when AWS takes it back: with the first Spot notice of the timeline, if there is one
      const notice = sc && spotService(sc) ? sc.timeline.find((a) => a.action === 'SpotInterruption') : undefined;
      if (notice && notice.at > 0 && notice.at + 240 <= 86_400) (fault.fromSeconds = notice.at), (fault.capacityAfterSeconds = notice.at + 240);
      // only an Auto Scaling group capacity provider waits for room (a launch type fails at once);
      // a service on Fargate Spot keeps its strategy: Spot runs out;
      // a task already on an Auto Scaling group provider keeps its own strategy
      if ((!sc || !spotService(sc)) && !onAsgProvider(o)) {
        const was = o.launchType ?? (isJson(o.service) ? o.service.launchType : undefined);
        setLaunch(o, { capacityProviderStrategy: [asgProvider(o)] });
        memory.addedFor = family(o);
        told = `The task now runs on the capacity provider ${family(o)}-asg (EC2)${was ? `, not launchType ${String(was)}` : ''}: only a capacity provider waits for room; with a launch type RunTask fails at once. Untick the fault to go back.`;
      }
    }
    faults.push(fault);
  } else if (id === 'PlaceTask' && memory.addedFor === family(o) && addedProvider(o)) {
    memory.addedFor = null;
    // the provider ticking it put there goes with it: back to the EC2 launch type
    setLaunch(o, { launchType: 'EC2' });
    told = `Back on launchType EC2: the capacity provider ${family(o)}-asg was there for the fault.`;
  }
  o.faults = faults;
  if (id === 'ReleaseEni' && checked && !o.service && !releasedWhileHeld(o))
    told = 'The role is deleted for the first 30 min of the run: the interface is held only if the task stops before then, and nothing in this scenario stops it. Press Stop task before t = 30 min (at max speed, with nothing else due, the clock runs straight on to the role’s return).';
  return told;
}

/**
 * Whether the task, run as the scenario says, starts releasing its network
 * interface while the ReleaseEni fault holds it: its own failure, a crash or
 * the timeline's stop. When not, the fault is spent unseen (max speed runs on
 * to the role's return) unless the person stops the task in time. A run of one
 * task, in virtual time: milliseconds.
 */
function releasedWhileHeld(o: Obj): boolean {
  let scenario: Scenario;
  try {
    scenario = loadScenario(o);
  } catch {
    return true; // not a scenario yet: the edit says why, no hint beside it
  }
  const held = scenario.faults.find((f) => f.step === 'ReleaseEni');
  const until = held?.step === 'ReleaseEni' && held.restoredAfterSeconds !== null ? held.restoredAfterSeconds * 1000 : 86_400_000;
  const sim = createSimulation(scenario);
  sim.runUntil(until);
  return sim.trace.some((e) => e.actor === 'eni' && (e.to === 'DETACHING' || e.to === 'DETACHED') && e.t < until);
}

function loads(o: Obj): boolean {
  try {
    loadScenario(o);
    return true;
  } catch {
    return false;
  }
}
