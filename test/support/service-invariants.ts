// The service scheduler's invariants (issue 5, acceptance 8), checked on the
// environment model after every step: they return what is wrong, an empty
// list when nothing is.
import type { Deployment, ServiceNotice } from '../../machines/service.types.ts';
import { active, type ServiceWorld, type TickRecord } from './service-world.ts';

const ROLLBACK = /^ECS deployment circuit breaker: rolling back to deploymentId /;

export interface Step {
  name: string;
  before: { state: string; deployments: Deployment[] };
  tick?: TickRecord;
  notices: ServiceNotice[];
}

/** A broken invariant: which one (a stable key) and what happened. */
export interface Violation {
  invariant: Invariant;
  detail: string;
}

export const INVARIANTS = {
  steadyNotice: 'SERVICE_STEADY_STATE only on entering STEADY',
  maxPercent: 'RUNNING+PENDING within maximumPercent after every tick',
  minHealthy: 'no healthy task stopped below minimumHealthyPercent',
  replaced: 'stopped and failed tasks replaced while desired > running',
  primaryBound: 'the primary never keeps more than desiredCount tasks, besides unhealthy ones awaiting their replacement',
  rollout: 'rolloutState IN_PROGRESS → COMPLETED | FAILED, never back',
  rollbackTarget: 'a rollback is a new deployment, with rollback on, of the task definition of a deployment that had COMPLETED, which its reason names',
  superseded: 'a deployment replaced while IN_PROGRESS becomes ACTIVE, keeps IN_PROGRESS and sends nothing (SERVICE_DEPLOYMENT_FAILED comes only from the circuit breaker)',
  settles: 'a quiet world settles: deployments ended, STEADY on desiredCount healthy primary tasks',
  spotShort: 'no task is placed on FARGATE_SPOT while Spot has no capacity',
  baseFloor: 'a steady service runs at least its base (up to desiredCount) on the based provider',
} as const;
export type Invariant = keyof typeof INVARIANTS;

export const boundsOf = (w: ServiceWorld) => {
  const { settings, desiredCount } = w.context;
  // facts §6, written here apart from the scheduler's own rules: the floor rounded up, the ceiling down
  return { minHealthy: Math.ceil((desiredCount * settings.minimumHealthyPercent) / 100), maxTotal: Math.floor((desiredCount * settings.maximumPercent) / 100) };
};

const total = (w: ServiceWorld, f: (k: ReturnType<ServiceWorld['of']>) => number) => [...w.counts.values()].reduce((n, k) => n + f(k), 0);

/** What must hold after one step (a tick, an update or a task's move). */
export function stepViolations(w: ServiceWorld, step: Step): Violation[] {
  const v: Violation[] = [];
  const say = (invariant: Invariant, detail: string) => v.push({ invariant, detail });
  const ctx = w.context;
  const D = ctx.desiredCount;
  const { maxTotal, minHealthy } = boundsOf(w);
  const primary = ctx.deployments.find((d) => d.status === 'PRIMARY');
  const steadyNotices = step.notices.filter((n) => n.eventName === 'SERVICE_STEADY_STATE').length;
  const entered = w.state === 'STEADY' && step.before.state !== 'STEADY';
  if (steadyNotices !== (entered ? 1 : 0)) say('steadyNotice', `SERVICE_STEADY_STATE said ${steadyNotices} time(s) on a step from ${step.before.state} to ${w.state}`);

  if (step.tick) {
    const t = step.tick;
    const activeAll = total(w, active);
    if (activeAll > maxTotal) say('maxPercent', `${activeAll} tasks RUNNING+PENDING after the tick, above maximumPercent's ${maxTotal} (desiredCount ${D})`);
    const healthyBefore = Object.values(t.before).reduce((n, k) => n + k.healthy, 0);
    if (t.healthyStopped > 0 && healthyBefore - t.healthyStopped < minHealthy)
      say('minHealthy', `stopped ${t.healthyStopped} healthy of ${healthyBefore}, below minimumHealthyPercent's ${minHealthy} (desiredCount ${D})`);
    // Replacement: while desired > what the primary has, launch as far as maximumPercent allows,
    // unless the breaker failed the deployment or the launch throttle holds the launches back.
    const p = primary ? active(w.of(primary.id)) : 0;
    const throttled = w.now < ctx.launchNotBefore;
    if (primary && primary.rolloutState !== 'FAILED' && !throttled && p < D && activeAll < maxTotal)
      say('replaced', `the primary has ${p} of ${D} tasks and room for ${maxTotal - activeAll} more, but nothing was launched`);
    // Since 2023 an unhealthy task's replacement starts first: both run for a while.
    const unhealthy = primary ? w.of(primary.id).unhealthy : 0;
    if (p - unhealthy > D) say('primaryBound', `the primary keeps ${p} tasks (${unhealthy} unhealthy) for desiredCount ${D}`);
  }
  v.push(...rolloutViolations(step.before.deployments, ctx.deployments, step.notices, ctx.settings.circuitBreaker.rollback));
  return v;
}

/** rolloutState: IN_PROGRESS → COMPLETED | FAILED, never back: a rollback is a new deployment (DG-CB). */
function rolloutViolations(before: Deployment[], after: Deployment[], notices: ServiceNotice[], rollback: boolean): Violation[] {
  const v: Violation[] = [];
  const say = (invariant: Invariant, detail: string) => v.push({ invariant, detail });
  const was = new Map<string, Deployment>(before.map((d) => [d.id, d]));
  for (const d of after) {
    const from = was.get(d.id)?.rolloutState;
    if (from === undefined) {
      if (d.rolloutState !== 'IN_PROGRESS') say('rollout', `${d.id} appeared ${d.rolloutState}`);
      continue;
    }
    if (from !== d.rolloutState && from !== 'IN_PROGRESS') say('rollout', `${d.id} went ${from} → ${d.rolloutState}`);
  }
  // A rollback: a new deployment whose notice names the COMPLETED one it rolls back to, of that one's task definition
  for (const n of notices.filter((n) => n.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS' && ROLLBACK.test(n.reason ?? ''))) {
    const target = n.rollingBackTo === undefined ? undefined : was.get(n.rollingBackTo);
    const made = after.find((d) => d.id === n.deploymentId);
    if (!rollback) say('rollbackTarget', `${n.deploymentId} rolled back with rollback off`);
    if (was.has(n.deploymentId!)) say('rollbackTarget', `${n.deploymentId} rolled back under an id it already had: a rollback is a new deployment`);
    if (!target || target.rolloutState !== 'COMPLETED') say('rollbackTarget', `${n.deploymentId} rolls back to ${n.rollingBackTo}, which had ${target ? target.rolloutState : 'no deployment'} (rollback goes to the last COMPLETED deployment)`);
    else if (!made || made.taskDefinition !== target.taskDefinition || !n.reason!.endsWith(`${target.id}.`))
      say('rollbackTarget', `${n.deploymentId} is not a deployment of ${target.id}'s ${target.taskDefinition} naming it`);
  }
  // A new deployment replaces the primary: the replaced one only turns ACTIVE (unless the breaker failed it as it rolled back)
  const deployed = after.some((d) => d.status === 'PRIMARY' && !was.has(d.id));
  for (const d of before) {
    const now = after.find((x) => x.id === d.id);
    if (!deployed || d.status !== 'PRIMARY' || !now) continue;
    if (notices.some((n) => n.eventName === 'SERVICE_DEPLOYMENT_FAILED' && n.deploymentId === d.id) && now.status === 'ACTIVE' && now.rolloutState === 'FAILED') continue;
    if (now.status !== 'ACTIVE' || now.rolloutState !== d.rolloutState) say('superseded', `${d.id} went ${d.status} ${d.rolloutState} → ${now.status} ${now.rolloutState} when a new deployment replaced it`);
    if (notices.some((n) => n.deploymentId === d.id)) say('superseded', `${d.id} sent an event when a new deployment replaced it`);
  }
  for (const n of notices)
    if (n.eventName === 'SERVICE_DEPLOYMENT_FAILED' && !n.reason?.startsWith('ECS deployment circuit breaker'))
      say('superseded', `${n.deploymentId}: SERVICE_DEPLOYMENT_FAILED without the circuit breaker (${n.reason})`);
  return v;
}

/** After the quiet world has settled: every deployment ended, and the service is steady on desiredCount healthy primary tasks. */
export function endViolations(w: ServiceWorld): Violation[] {
  const v: Violation[] = [];
  const say = (detail: string, invariant: Invariant = 'settles') => v.push({ invariant, detail });
  const ctx = w.context;
  const D = ctx.desiredCount;
  const primary = ctx.deployments.find((d) => d.status === 'PRIMARY')!;
  const { maxTotal, minHealthy } = boundsOf(w);
  // 100/100 (and any setting where maximumPercent leaves no room above the floor) deadlocks by design:
  // a visible stall on the old deployment's healthy tasks, within the bounds.
  const stall = D > 0 && maxTotal <= minHealthy && primary.rolloutState === 'IN_PROGRESS';
  if (stall) {
    const oldHealthy = ctx.deployments.filter((d) => d !== primary).reduce((n, d) => n + w.of(d.id).healthy, 0);
    if (oldHealthy === 0) say(`stalled IN_PROGRESS with no old healthy task holding the floor`);
    return v;
  }
  // The primary ends; a replaced deployment stays listed (IN_PROGRESS) only while the primary has not completed.
  for (const d of ctx.deployments) {
    if (d.rolloutState !== 'IN_PROGRESS') continue;
    if (d.status === 'PRIMARY') say(`${d.id} (PRIMARY) never ended: still IN_PROGRESS`);
    else if (primary.rolloutState === 'COMPLETED') say(`${d.id} (ACTIVE) still listed IN_PROGRESS after the primary completed`, 'superseded');
  }
  if (primary.rolloutState === 'FAILED') return v;
  const p = w.of(primary.id);
  if (w.state !== 'STEADY') say(`never reached STEADY (state ${w.state})`);
  if (p.healthy !== D || active(p) !== D) say(`the primary ends with ${p.healthy} healthy of ${active(p)} tasks for desiredCount ${D}`);
  if (ctx.deployments.length !== 1) say(`${ctx.deployments.length - 1} old deployment(s) left at the end`);
  return v;
}
