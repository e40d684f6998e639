// The fault checkboxes of the settings: which faults they offer, and why one
// cannot happen in the loaded scenario (the check that would reject it in
// src/sim/scenario/consistency.ts), so its box is disabled with that reason
// rather than ticked into an invalid scenario. The two are written apart, with
// words of their own; test/web/faults.agree.test.ts holds them together.
import type { Scenario } from '../sim/scenario/types.ts';
import { usesFargateSpot } from '../sim/scenario/capacity.ts';
import { failingSecret, secretIdOf } from '../sim/secrets.ts';
import { answersByFirstCheck } from '../sim/idle-faults.ts';

/** A service with Fargate Spot in its strategy: there, "no capacity" means Spot runs out. */
export const spotService = (sc: Scenario) => sc.launchType === 'FARGATE' && usesFargateSpot(sc);

export const FAULT_BOXES = [
  { id: 'PlaceTask', label: 'No instance has room for 4 min (EC2)', perContainer: false },
  { id: 'RetrieveSecrets', label: 'A secret is not there', perContainer: false },
  { id: 'PullImage', label: 'Image pull fails', perContainer: true },
  { id: 'AttachEni', label: 'ENI attach times out', perContainer: false },
  { id: 'ReleaseEni', label: "ENI held until 30 min into the run (IAM role deleted)", perContainer: false },
  { id: 'RegisterTargets', label: 'Target registration fails', perContainer: false },
  { id: 'RegisterInstance', label: 'Cloud Map registration fails', perContainer: false },
  { id: 'RunContainer', label: 'Container crashes 10 s after it starts', perContainer: true },
  { id: 'StopContainer', label: 'Container ignores SIGTERM', perContainer: true },
  { id: 'HealthCheck', label: 'Health checks fail', perContainer: false },
] as const;

export type FaultId = (typeof FAULT_BOXES)[number]['id'];

/** Faults that may name an image instead of a container: in a service, one revision's image. */
export const byImage = (id: string) => id === 'PullImage' || id === 'RunContainer';

/** The container whose own healthCheck fails when there is no load balancer to fail it: the chosen one if it has a healthCheck. */
export function healthCheckedContainer(sc: Scenario, chosen: string): string | null {
  const checked = sc.taskDefinition.containerDefinitions.filter((c) => c.healthCheck);
  return (checked.find((c) => c.name === chosen) ?? checked[0])?.name ?? null;
}

/** Every secret the containers name (its variable and valueFrom), in the task definition and the revisions the timeline deploys. */
function secretsOf(sc: Scenario): { name: string; valueFrom: string }[] {
  return revisionsOf(sc).flatMap((td) => td.containerDefinitions.flatMap((c) => c.secrets));
}
const revisionsOf = (sc: Scenario) => [sc.taskDefinition, ...sc.timeline.flatMap((a) => (a.action === 'UpdateService' && a.taskDefinition ? [a.taskDefinition] : []))];

/**
 * The secret that is not there, as the run decides it (failingSecret): with
 * the box ticked, what the JSON's faults pick; unticked, what ticking would
 * pick. Null when revisions deployed later name secrets of their own: each
 * task then fails on its own first.
 */
function failingOne(sc: Scenario): { name: string; valueFrom: string } | null {
  if (revisionsOf(sc).length > 1) return null;
  const faults = sc.faults.some((f) => f.step === 'RetrieveSecrets') ? sc.faults : [{ step: 'RetrieveSecrets' as const, valueFrom: null }];
  const valueFrom = failingSecret({ taskDefinition: sc.taskDefinition, faults });
  return secretsOf(sc).find((x) => x.valueFrom === valueFrom) ?? null;
}

/** Why the fault cannot happen in this scenario, or null when it can. */
export function whyNot(id: FaultId, sc: Scenario): string | null {
  switch (id) {
    case 'PlaceTask':
      if (spotService(sc)) return null;
      if (sc.launchType === 'FARGATE')
        return sc.service ? 'EC2, or a service on Fargate Spot: give the service a capacityProviderStrategy with FARGATE_SPOT in the JSON' : 'EC2 only: on Fargate, RunTask fails at once when there is no capacity';
      if (sc.launchType !== 'EC2') return 'EC2 only: a wait for capacity needs an Auto Scaling group capacity provider, which ECS Anywhere (EXTERNAL) does not have';
      return sc.containerInstances ? 'Not with containerInstances: on a fixed set of instances a task that finds no room is not launched (SERVICE_TASK_PLACEMENT_FAILURE); remove containerInstances to wait for an Auto Scaling group instead' : null;
    case 'RetrieveSecrets':
      return secretsOf(sc).length > 0 ? null : 'Needs a container with secrets: add "secrets": [{ "name": …, "valueFrom": … }] to a container in the JSON';
    case 'AttachEni':
    case 'ReleaseEni':
      return sc.taskDefinition.networkMode === 'awsvpc' ? null : 'awsvpc only: a bridge or host task has no ENI of its own';
    case 'RegisterTargets':
      return sc.loadBalancers.length > 0 ? null : 'Needs a target group: set Target groups to 1 or more';
    case 'RegisterInstance':
      return sc.serviceRegistries.length > 0 ? null : 'Needs service discovery: tick Service discovery';
    case 'HealthCheck':
      return sc.loadBalancers.length > 0 || healthCheckedContainer(sc, '') !== null
        ? null
        : 'Needs a target group (the load balancer checks its health) or a container with a healthCheck';
    default:
      return null;
  }
}

/** A fault's seconds as a person says them: 90 s, 10 min, 1 h 30 min, 24 h. */
export const duration = (s: number) => {
  if (s % 60 !== 0) return `${s} s`;
  const min = s / 60;
  if (min < 60) return `${min} min`;
  return min % 60 === 0 ? `${min / 60} h` : `${Math.floor(min / 60)} h ${min % 60} min`;
};

/**
 * The box's label: what ticking it sets, or, once the scenario has the fault,
 * what the fault in the JSON says (the guided narratives ask for edits such
 * as removing restoredAfterSeconds; the label must not contradict them).
 */
export function faultLabel(id: FaultId, sc: Scenario | null, chosen = ''): string {
  const fault = sc?.faults.find((f) => f.step === id);
  if (id === 'PullImage') {
    // a pull fault on an image no container here has (a revision the timeline deploys): the box is
    // not about it, but say it is there (one on another container's image ticks when that one is chosen)
    const here = new Set(sc?.taskDefinition.containerDefinitions.map((c) => c.image));
    const others = [...new Set((sc?.faults ?? []).flatMap((f) => (f.step === 'PullImage' && f.image && !here.has(f.image) ? [f.image] : [])))];
    if (others.length) return `Image pull fails (the JSON also fails ${others.join(', ')})`;
  }
  if (id === 'PlaceTask' && sc && spotService(sc)) {
    if (fault?.step !== 'PlaceTask') {
      // ticking it starts the shortage with the timeline's first Spot notice (scenario.settings.ts)
      const notice = sc.timeline.find((a) => a.action === 'SpotInterruption');
      return notice && notice.at > 0 && notice.at + 240 <= 86_400 ? `No Fargate Spot capacity for 4 min from ${duration(notice.at)} into the run` : 'No Fargate Spot capacity for 4 min';
    }
    const from = fault.fromSeconds ? ` from ${duration(fault.fromSeconds)} into the run` : '';
    return fault.capacityAfterSeconds === null
      ? `No Fargate Spot capacity${from}, for good`
      : `No Fargate Spot capacity${from} until ${duration(fault.capacityAfterSeconds)} into the run`;
  }
  if (fault?.step === 'PlaceTask')
    return fault.capacityAfterSeconds === null
      ? 'No instance ever has room (EC2): ECS gives up after 10–30 min'
      : `No instance has room for ${duration(fault.capacityAfterSeconds)} (EC2)`;
  if (id === 'RunContainer') {
    // the box is about the chosen container: its crash, or the default, naming images of other revisions the JSON crashes
    const image = sc?.taskDefinition.containerDefinitions.find((c) => c.name === chosen)?.image;
    const crashes = (sc?.faults ?? []).flatMap((f) => (f.step === 'RunContainer' ? [f] : []));
    const mine = crashes.find((f) => f.container === chosen || (f.image != null && f.image === image));
    // exit code 0 is a job that finishes (a migration a dependsOn SUCCESS waits for), not a crash
    if (mine) return mine.exitCode === 0 ? `Container exits with code 0 ${duration(mine.afterSeconds)} after it starts (a job done)` : `Container crashes ${duration(mine.afterSeconds)} after it starts (exit code ${mine.exitCode})`;
    const here = new Set(sc?.taskDefinition.containerDefinitions.map((c) => c.image));
    const others = [...new Set(crashes.flatMap((f) => (f.image && !here.has(f.image) ? [f.image] : [])))];
    if (others.length) return `Container crashes 10 s after it starts (the JSON also crashes ${others.join(', ')})`;
  }
  if (id === 'StopContainer') {
    // a StopContainer fault with exitCode is not this box's (it exits on SIGTERM): say what the JSON has
    const exits = sc?.faults.find((f) => f.step === 'StopContainer' && f.container === chosen && f.exitCode !== null);
    if (exits?.step === 'StopContainer') return `Container ignores SIGTERM (the JSON has it exit ${exits.exitCode} on SIGTERM)`;
  }
  // the variable, not the long valueFrom (the title has that)
  const secret = fault?.step === 'RetrieveSecrets' && sc ? failingOne(sc) : null;
  if (secret !== null) return `Secret ${secret.name} is not there`;
  // a slow start (the guided preset's): the checks pass in the end, so the label must not say they fail for good
  const slow = id === 'HealthCheck' && sc ? slowStartSeconds(sc) : null;
  if (slow !== null && sc && unseenSlowStart(sc)) return `No health check fails: the app answers at ${duration(slow)}, by the first check`;
  if (slow !== null) return `Health checks fail for the first ${duration(slow)} (a slow start)`;
  const bad = id === 'HealthCheck' && sc ? goesBadSeconds(sc) : null;
  if (bad !== null) return `Health checks fail from ${duration(bad)} after it starts (the app goes bad)`;
  if (fault?.step === 'ReleaseEni')
    return fault.restoredAfterSeconds === null ? 'ENI held for good (IAM role deleted)' : `ENI held until ${duration(fault.restoredAfterSeconds)} into the run (IAM role deleted)`;
  return FAULT_BOXES.find((f) => f.id === id)!.label;
}

/**
 * How long the app takes to answer when every HealthCheck fault in the JSON is a slow start (the
 * longest), or null: with none, or with one whose checks never pass, the checks are not only slow.
 */
function slowStartSeconds(sc: Scenario): number | null {
  const checks = sc.faults.flatMap((f) => (f.step === 'HealthCheck' ? [f.passAfterSeconds] : []));
  if (checks.length === 0 || checks.includes(null)) return null;
  return Math.max(...(checks as number[]));
}

/** When the app goes bad, when every HealthCheck fault in the JSON is one (the earliest), or null. */
function goesBadSeconds(sc: Scenario): number | null {
  const checks = sc.faults.flatMap((f) => (f.step === 'HealthCheck' ? [f.failAfterSeconds ?? null] : []));
  if (checks.length === 0 || checks.includes(null)) return null;
  return Math.min(...(checks as number[]));
}

/** Every HealthCheck fault a slow start that ends by the first check: no check fails (idle-faults.ts). */
const unseenSlowStart = (sc: Scenario) => sc.faults.every((f) => f.step !== 'HealthCheck' || answersByFirstCheck(f, sc));

/** What ticking the box does, when it can. */
export function whatItDoes(id: FaultId, sc: Scenario, chosen: string): string {
  if (id === 'PlaceTask')
    return spotService(sc)
      ? 'Fargate Spot runs out: the scheduler cannot place the tasks its strategy puts on Spot, and retries there (it does not use on-demand FARGATE instead)'
      : 'Runs the task on an Auto Scaling group capacity provider, which waits for room';
  if (id === 'RetrieveSecrets') {
    // the secret, not the JSON key or version after its name
    const one = failingOne(sc);
    const which = one === null ? null : secretIdOf(one.valueFrom);
    const before = sc.launchType === 'FARGATE' ? 'before any image is pulled' : 'before any container is created (the images are pulled meanwhile)';
    return which
      ? `The secret ${which} is not there (misspelt, in another Region, or deleted for good; a role that may not read it, or no route to the service, fails the same way in other words): the task fails in PENDING, ${before}`
      : `The first secret each task names is not there (misspelt, in another Region, or deleted for good; a role that may not read it, or no route to the service, fails the same way in other words): tasks that name one fail in PENDING, ${before}`;
  }
  const slow = id === 'HealthCheck' ? slowStartSeconds(sc) : null;
  if (slow !== null && unseenSlowStart(sc))
    return `The app answers its health checks ${duration(slow)} after it starts, by the first check, so none fails: make passAfterSeconds in the JSON longer than one check interval for a slow start the checks see`;
  if (slow !== null)
    return `The app answers its health checks only ${duration(slow)} after it starts: before, they fail (passAfterSeconds in the JSON; remove it for checks that never pass)`;
  const bad = id === 'HealthCheck' ? goesBadSeconds(sc) : null;
  if (bad !== null)
    return `The app stops answering its health checks ${duration(bad)} after it starts (a leak, a hung worker): until then they pass, and it turns healthy if enough of them do (the container's first check, the load balancer's healthy threshold), then they fail (failAfterSeconds in the JSON; remove it for checks that never pass)`;
  // the JSON's two variants, said where a person looks for them: the box sets neither
  const later = ' (in the JSON, failAfterSeconds makes them fail only after a while, an app that goes bad; passAfterSeconds only at first, a slow start)';
  if (id === 'HealthCheck')
    return sc.loadBalancers.length > 0
      ? `The load balancer's health checks fail from the start: the target turns unhealthy${later}`
      : `The healthCheck of container ${healthCheckedContainer(sc, chosen)} fails from the start${later}`;
  return '';
}
