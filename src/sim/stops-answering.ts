// The HealthChecksFail action: the app in a container stops answering its
// health checks now (a hung worker, a leak that has run its course). Nothing
// of the task changes at the moment; the world counts the checks to come (the
// load balancer's for each target on that container, and the container's own
// healthCheck) and tells each side step when its unhealthy verdict falls. The
// machines keep the timers; the counting is health-verdicts.ts's.
import { containerActorId, targetActorId } from '../../machines/task.rules.ts';
import type { TaskInput } from '../../machines/task.types.ts';
import { containerUnhealthyAfterStop, targetUnhealthyAfterStop } from './health-verdicts.ts';
import type { Scenario } from './scenario/types.ts';
import { answeringOf } from './timings.ts';

const S = 1000;

/** How every note of a HealthChecksFail names it: what the scheduler's watch looks for (scheduler-stop.ts). */
export const STOPS_ANSWERING_MARK = '(HealthChecksFail)';
const seconds = (ms: number) => `${Number((ms / S).toFixed(3))} s`;

/**
 * A side step's status now, when its checks began (its registration, its
 * start; null: not yet), whether a HealthChecksFail stopped its app already,
 * and a container's healthStatus.
 */
export type SideNow = (actor: string) => { status: string; beganAtMs: number | null; silent: boolean; health?: string } | undefined;

export interface StoppedSide {
  actor: string;
  /** its status now: the note goes on its lane, its status unchanged */
  status: string;
  event: { type: 'target.appStoppedAnswering' | 'container.appStoppedAnswering'; unhealthyInMs: number | null };
  note: string;
}

export interface AnswerStop {
  sides: StoppedSide[];
  /** why nothing changes (no side is sent anything), else null */
  why: string | null;
  /** the checks still count, but fail already for good: the action changes nothing, rather than being ignored */
  unchanged?: true;
}

/** The note for a HealthChecksFail that does nothing (`who`: "task 3" for a service's), or null. */
export const answerStopRefusal = (plan: AnswerStop, who = ''): string | null =>
  plan.why && `HealthChecksFail${who ? ` to ${who}` : ''} ${plan.unchanged ? 'changes nothing' : 'ignored'}: ${plan.why}`;

const CHECKS_OVER = new Set<string>(['draining', 'unused', 'STOPPING', 'STOPPED']);
const NOT_BEGUN = new Set<string>(['notRegistered', 'registering', 'NONE', 'PULLING', 'PULLED', 'CREATED']);

/** The checks that a HealthChecksFail on `container` would break: the targets on it and its own healthCheck. */
export function checksOf(s: Scenario, container: string): { targets: number[]; own: boolean } {
  const targets = s.loadBalancers.flatMap((lb, i) => (lb.containerName === container ? [i] : []));
  const own = s.taskDefinition.containerDefinitions.find((c) => c.name === container)?.healthCheck != null;
  return { targets, own };
}

/** Why a HealthChecksFail on `container` can never act in this scenario (no such container, no check on it), else null. */
export function noChecksOn(s: Scenario, container: string): string | null {
  if (!s.taskDefinition.containerDefinitions.some((c) => c.name === container)) return `no container named "${container}"`;
  const { targets, own } = checksOf(s, container);
  if (targets.length === 0 && !own) return `container ${container} has no healthCheck, and no load balancer sends it traffic: it has no health check to fail`;
  return null;
}

/**
 * What a HealthChecksFail on `container` at `nowMs` does to each side step:
 * the event each is sent and the note on its lane, or why nothing changes.
 */
export function stopAnswering(s: Scenario, input: TaskInput, container: string, nowMs: number, now: SideNow): AnswerStop {
  const never = noChecksOn(s, container);
  if (never) return { sides: [], why: never };
  const answering = answeringOf(s);
  const st = s.settings;
  const { targets, own } = checksOf(s, container);
  const sides: StoppedSide[] = [];
  const over: string[] = [];
  const already: string[] = [];
  // stopped by an earlier HealthChecksFail: said apart, a fault is not to blame
  let silent = false;
  const interval = st.healthCheckIntervalSeconds * S;
  for (const i of targets) {
    const actor = targetActorId(i);
    const side = now(actor);
    if (!side || CHECKS_OVER.has(side.status)) {
      over.push(`target-${i} is ${side?.status ?? 'unused'}`);
      continue;
    }
    if (side.silent) {
      silent = true;
      continue;
    }
    const begun = !NOT_BEGUN.has(side.status) && side.beganAtMs !== null;
    const elapsed = begun ? nowMs - side.beganAtMs! : -1;
    const verdict = targetUnhealthyAfterStop(interval, st.healthyThresholdCount, st.unhealthyThresholdCount, answering.targets[i]!, elapsed);
    if (verdict === undefined) {
      already.push(`target-${i}`);
      continue;
    }
    const rule = `${st.unhealthyThresholdCount} failed checks in a row, one every ${st.healthCheckIntervalSeconds} s`;
    const note = !begun
      ? `the app in container ${container} stops answering ${STOPS_ANSWERING_MARK} before ${actor} is registered: the load balancer's checks fail from the first, unhealthy after ${rule}`
      : verdict === null
        ? `the app in container ${container} stops answering the load balancer's health checks ${STOPS_ANSWERING_MARK}: ${actor} is unhealthy already, and now stays so`
        : `the app in container ${container} stops answering the load balancer's health checks ${STOPS_ANSWERING_MARK}, ${seconds(elapsed)} after ${actor} was registered: the target turns unhealthy after ${rule}: ${seconds(verdict - elapsed)} later`;
    sides.push({ actor, status: side.status, event: { type: 'target.appStoppedAnswering', unhealthyInMs: verdict === null ? null : verdict - Math.max(0, elapsed) }, note });
  }
  const hc = s.taskDefinition.containerDefinitions.find((c) => c.name === container)!.healthCheck;
  if (own && hc) {
    const actor = containerActorId(container);
    const side = now(actor);
    const ci = input.containers.find((c) => c.name === container)!;
    if (!side || CHECKS_OVER.has(side.status)) over.push(`container ${container} is ${side?.status ?? 'STOPPED'}`);
    else if (side.silent) silent = true;
    else {
      const begun = side.status === 'RUNNING' && side.beganAtMs !== null;
      const elapsed = begun ? nowMs - side.beganAtMs! : -1;
      // inside its start period, before a first pass, failures do not count yet (Docker)
      const notPassed = hc.startPeriodSeconds > 0 && side.health === 'UNKNOWN' && elapsed < hc.startPeriodSeconds * S;
      const verdict = containerUnhealthyAfterStop(hc.intervalSeconds * S, hc.retries, hc.startPeriodSeconds * S, ci.healthJitterMs, answering.containers.get(container)!, elapsed);
      const rule = `${hc.retries} failed checks in a row (retries), one every ${hc.intervalSeconds} s`;
      if (verdict === undefined) already.push(`container ${container}'s own health check`);
      else
        sides.push({
          actor,
          status: side.status,
          event: { type: 'container.appStoppedAnswering', unhealthyInMs: verdict === null ? null : verdict - Math.max(0, elapsed) },
          note: !begun
            ? `the app in container ${container} will not answer its own health check ${STOPS_ANSWERING_MARK} before it started: its checks fail from the first, UNHEALTHY after ${rule}${hc.startPeriodSeconds ? ` once its ${hc.startPeriodSeconds} s start period is over` : ''}`
            : verdict === null
              ? `the app in container ${container} stops answering its own health check ${STOPS_ANSWERING_MARK}: it is UNHEALTHY already, and now stays so`
              : `the app in container ${container} stops answering its own health check ${STOPS_ANSWERING_MARK}, ${seconds(elapsed)} after it started: UNHEALTHY after ${rule}${notPassed ? `, the first ones inside its ${hc.startPeriodSeconds} s start period not counted (no check has passed yet)` : ''}: ${seconds(verdict - elapsed)} later`,
        });
    }
  }
  if (sides.length > 0) return { sides, why: null };
  if (silent) return { sides, why: `the app in container ${container} stopped answering already (an earlier HealthChecksFail)`, unchanged: true };
  if (already.length > 0) return { sides, why: `the app in container ${container} already fails ${already.join(' and ')} for good (a HealthCheck fault)`, unchanged: true };
  return { sides, why: `its checks no longer count: ${over.join(', ')}` };
}
