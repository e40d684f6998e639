// A fault that never acted: the step it breaks never came (the task stopped
// first, or the run ended), or its moment was past. Said as a timeline action
// that did nothing is (and counted by --strict): a test scenario whose fault
// no longer fires no longer tests what it says. Read off a single task's
// trace; a fault the trace cannot tell about (one acting at the task's start,
// a health check fault given by image) is not judged.
import type { Fault, Scenario } from './scenario/types.ts';
import type { TraceEntry } from './types.ts';

const s = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** When `actor` first entered `to` (from another status), or undefined. */
const entered = (trace: readonly TraceEntry[], actor: string, to: string) => trace.find((e) => e.actor === actor && e.to === to && e.from !== to)?.t;

/**
 * The faults of a single task's run that did nothing, each with why:
 * `faults[1] (RunContainer) did nothing: …`. `endMs`: when the run ended.
 */
export function idleFaults(scenario: Scenario, trace: readonly TraceEntry[], endMs: number): string[] {
  const containers = scenario.taskDefinition.containerDefinitions;
  const chosen = (f: { container: string | null; image?: string | null }) => containers.filter((c) => c.name === f.container || (f.image != null && c.image === f.image));
  const out: string[] = [];
  scenario.faults.forEach((f, i) => {
    const why = idleBecause(f, scenario, trace, endMs, chosen);
    if (why) out.push(`faults[${i}] (${f.step}) did nothing: ${why}`);
  });
  return out;
}

function idleBecause(f: Fault, scenario: Scenario, trace: readonly TraceEntry[], endMs: number, chosen: (f: { container: string | null; image?: string | null }) => { name: string }[]): string | null {
  const stoppedAt = entered(trace, 'task', 'STOPPED');
  /** what came first: the task's end, or the run's */
  const before = (what: string) => (stoppedAt !== undefined ? `the task stopped before ${what} (STOPPED at ${s(stoppedAt)})` : `the run ended at ${s(endMs)}, before ${what}`);
  switch (f.step) {
    case 'PullImage': {
      const names = chosen(f).map((c) => c.name);
      if (names.length === 0 || names.some((n) => entered(trace, `container-${n}`, 'PULLING') !== undefined)) return null;
      return `${names.length === 1 ? `container ${names[0]}'s image was` : `the images of ${names.join(', ')} were`} never pulled: ${before('its pull')}`;
    }
    case 'RunContainer': {
      const names = chosen(f).map((c) => c.name);
      if (names.length === 0) return null;
      // due afterSeconds after the container started; a container stopped at or after that (SIGTERM ignored, say) may have crashed
      const whys = names.map((n) => {
        const started = entered(trace, `container-${n}`, 'RUNNING');
        if (started === undefined) return `container ${n} never started`;
        const due = started + f.afterSeconds * 1000;
        const stopped = entered(trace, `container-${n}`, 'STOPPED');
        if (stopped !== undefined && stopped < due) return `container ${n} stopped at ${s(stopped)}, before its crash was due at ${s(due)}`;
        if (stopped === undefined && endMs < due) return `container ${n}'s crash was due at ${s(due)}, but the run ended at ${s(endMs)}`;
        return null;
      });
      return whys.every((w) => w !== null) ? whys.join('; ') : null;
    }
    case 'StopContainer': {
      // a SIGTERM the container ignores, or answers with its own code: only if it is sent
      if (trace.some((e) => e.actor === `container-${f.container}` && e.to === 'STOPPING')) return null;
      if (stoppedAt === undefined) return `container ${f.container} was never sent SIGTERM: ${before('the task was stopped')}`;
      // a container that never ran gets no signal; one that had stopped (its own exit, a Spot reclaim's kill) gets none either
      const ran = entered(trace, `container-${f.container}`, 'RUNNING');
      const exited = entered(trace, `container-${f.container}`, 'STOPPED');
      return ran === undefined || exited === undefined
        ? `container ${f.container} was never sent SIGTERM: it never started`
        : `container ${f.container} was never sent SIGTERM: it had already stopped, at ${s(exited)}`;
    }
    case 'ReleaseEni': {
      // the release is held from its first step: DETACHING, or DETACHED for an interface that never attached
      const steps = [entered(trace, 'eni', 'DETACHING'), entered(trace, 'eni', 'DETACHED')].filter((t) => t !== undefined);
      const detaching = steps.length ? Math.min(...steps) : undefined;
      const restored = f.restoredAfterSeconds === null ? Infinity : f.restoredAfterSeconds * 1000;
      if (detaching !== undefined && detaching < restored) return null;
      return detaching !== undefined
        ? `the IAM role was restored at ${s(restored)}, by the time the task released its network interface (at ${s(detaching)})`
        : stoppedAt !== undefined
          ? `the task stopped at ${s(stoppedAt)} without detaching a network interface`
          : `the run ended at ${s(endMs)}, before the task released its network interface`;
    }
    case 'RegisterTargets': {
      const actors = trace.filter((e) => e.actor.startsWith('target-') && e.to === 'registering').map((e) => Number(e.actor.slice('target-'.length)));
      if (actors.some((k) => f.targetGroup === null || k === f.targetGroup)) return null;
      return `no target was registered: ${before('ACTIVATING')}`;
    }
    case 'RegisterInstance':
      if (entered(trace, 'registry', 'REGISTERING') !== undefined) return null;
      return `no Cloud Map instance was registered: ${before('ACTIVATING')}`;
    case 'HealthCheck':
      return idleHealthCheck(f, scenario, trace, endMs);
    default:
      return null;
  }
}

/**
 * A health check fault acts only through a check that fails: none does when the app answers by
 * the first check (a slow start shorter than one interval), or when no check ran before the
 * checks ended (the task stopped first). A check k runs k intervals after the checks began
 * (health-verdicts.ts): the target's registration, the container's start.
 */
type HealthCheckFault = Extract<Fault, { step: 'HealthCheck' }>;

/**
 * The checks a HealthCheck fault breaks, or null when it names a container with no healthCheck
 * (or an image): a container's own (`own`), or the load balancer's, one every `intervalS`.
 */
function checksOf(f: HealthCheckFault, scenario: Scenario) {
  if (f.image != null) return null;
  const own = f.container === null ? null : scenario.taskDefinition.containerDefinitions.find((c) => c.name === f.container);
  if (f.container !== null && !own?.healthCheck) return null;
  return { own: own ?? null, intervalS: own?.healthCheck ? own.healthCheck.intervalSeconds : scenario.settings.healthCheckIntervalSeconds };
}

/**
 * A slow start no check sees: the app answers by the first check (due one
 * interval after the checks begin). By image (a revision the timeline
 * deploys, say), by the first of every check on a container running it.
 */
export function answersByFirstCheck(f: HealthCheckFault, scenario: Scenario): boolean {
  if (f.passAfterSeconds === null) return false;
  const intervals = f.image != null ? imageCheckIntervals(f.image, scenario) : [checksOf(f, scenario)?.intervalS ?? null].filter((i) => i !== null);
  return intervals.length > 0 && f.passAfterSeconds <= Math.min(...intervals);
}

/** The intervals of the checks on containers running `image`, in the definition or one the timeline deploys: their own, and the load balancer's on its target. */
function imageCheckIntervals(image: string, scenario: Scenario): number[] {
  const definitions = [scenario.taskDefinition, ...scenario.timeline.flatMap((a) => (a.action === 'UpdateService' && a.taskDefinition ? [a.taskDefinition] : []))];
  const running = definitions.flatMap((d) => d.containerDefinitions).filter((c) => c.image === image);
  const own = running.flatMap((c) => (c.healthCheck ? [c.healthCheck.intervalSeconds] : []));
  const targeted = scenario.loadBalancers.some((lb) => running.some((c) => c.name === lb.containerName));
  return targeted ? [...own, scenario.settings.healthCheckIntervalSeconds] : own;
}

function idleHealthCheck(f: HealthCheckFault, scenario: Scenario, trace: readonly TraceEntry[], endMs: number): string | null {
  const checks = checksOf(f, scenario);
  if (checks === null) return null;
  const { own, intervalS } = checks;
  const whose = own ? `container ${own.name}'s` : "the load balancer's";
  if (answersByFirstCheck(f, scenario)) return `the app answers at ${f.passAfterSeconds} s, by the first of ${whose} health checks (one every ${intervalS} s), so none fails`;
  if (f.failAfterSeconds != null) return idleGoingBad(f.failAfterSeconds, own?.name ?? null, whose, trace, endMs);
  // the spans in which checks ran: each target's from registration to its drain, or the container's run
  const spans = own
    ? [[entered(trace, `container-${own.name}`, 'RUNNING'), firstOf(trace, `container-${own.name}`, ['STOPPING', 'STOPPED'])]]
    : scenario.loadBalancers.map((_, i) => [entered(trace, `target-${i}`, 'initial'), firstOf(trace, `target-${i}`, ['draining', 'unused'])]);
  const checked = spans.some(([from, to]) => from !== undefined && from + intervalS * 1000 <= (to ?? endMs));
  return checked ? null : `none of ${whose} health checks ran: the task stopped, or the run ended, before the first was due`;
}

/**
 * An app that goes bad acts once its checks have failed enough to turn it unhealthy (a
 * failed check before that changes nothing anyone sees); the task may stop, or the run
 * end, before they have.
 */
function idleGoingBad(failAfterS: number, container: string | null, whose: string, trace: readonly TraceEntry[], endMs: number): string | null {
  const turned = container
    ? trace.some((e) => e.actor === `container-${container}` && e.from === e.to && e.note.startsWith('health checks failed: UNHEALTHY'))
    : trace.some((e) => e.actor.startsWith('target-') && e.to === 'unhealthy');
  if (turned) return null;
  // a draining target's health no longer changes (our model), so the stop's start is what came first;
  // a container's checks end with its run (its own exit, a crash, SIGTERM)
  const stopAt = entered(trace, 'task', 'desired STOPPED');
  const ranUntil = container ? firstOf(trace, `container-${container}`, ['STOPPING', 'STOPPED']) : undefined;
  const first =
    ranUntil !== undefined && (stopAt === undefined || ranUntil < stopAt)
      ? `container ${container} stopped first (at ${s(ranUntil)})`
      : stopAt !== undefined
        ? `the task was stopped first (desired STOPPED at ${s(stopAt)})`
        : `the run ended first, at ${s(endMs)}`;
  return `the app stops answering ${failAfterS} s after it starts, but ${whose} health checks never failed enough to make it unhealthy: ${first}`;
}

/** When `actor` first entered one of `statuses`. */
const firstOf = (trace: readonly TraceEntry[], actor: string, statuses: string[]) => trace.find((e) => e.actor === actor && statuses.includes(e.to) && e.from !== e.to)?.t;
