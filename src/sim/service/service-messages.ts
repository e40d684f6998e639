// The service event log that DescribeServices returns in `events` (and the
// console shows under Events): short English messages from the scheduler,
// newest first, the 100 most recent. The wording follows AWS's list of
// service event messages (service-event-messages.html) and, for the everyday
// ones it does not list (started, stopped, registered, draining, unhealthy
// targets, deployment completed), DescribeServices output in public logs.
//
// The run keeps what happened (facts), not text: a 10,000-task run would
// otherwise name thousands of tasks nobody reads. Text is made only for the
// ones kept.
import { createRandom, mixSeed } from '../random.ts';
import { uuid } from '../ids.ts';
import type { PlacementFailure } from './container-instances.ts';

export type MessageFact =
  | { kind: 'failed'; deploymentId: string }
  | { kind: 'rollingBack'; deploymentId: string }
  /** `replaced`: how many of them replace tasks found unhealthy (ECS says so in the same message) */
  | { kind: 'started'; tasks: number[]; replaced?: number }
  /** a Fargate task that stopped before it ran: ECS says it could not place it, with the task's stoppedReason */
  | { kind: 'failedToStart'; reason: string }
  | { kind: 'unplaced'; reason: PlacementFailure['reason']; instanceArn: string }
  | { kind: 'noSpotCapacity' }
  | { kind: 'impaired' }
  /** a task found failing health checks, to be replaced: the load balancer's (its target group) or its container's (null) */
  | { kind: 'unhealthy'; task: number; targetGroup: number | null }
  | { kind: 'stopped'; tasks: number[] }
  | { kind: 'deregistered'; targetGroup: number; count: number }
  | { kind: 'draining'; deploymentId: string; count: number }
  | { kind: 'registered'; targetGroup: number; count: number }
  /** a deployment that can neither start nor stop a task within minimumHealthyPercent and maximumPercent */
  | { kind: 'stalled' }
  | { kind: 'completed'; deploymentId: string }
  | { kind: 'steady' };

type Kind = MessageFact['kind'];

/**
 * The order of one instant's messages, as one scheduler look writes them: a
 * failed deployment and its rollback first, the tasks it finds unhealthy,
 * then what it started (an unhealthy task's replacement, "started first"),
 * what it could not place, the tasks it stops and their drain, and the
 * settled state last. Registration and the rest are as public logs show them;
 * the order is our model.
 */
const ORDER: readonly Kind[] = [
  'failed', 'rollingBack', 'unhealthy', 'started', 'failedToStart', 'unplaced', 'noSpotCapacity', 'impaired',
  'stopped', 'deregistered', 'draining', 'registered', 'stalled', 'completed', 'steady',
];
const rank = new Map(ORDER.map((k, i) => [k, i]));

/**
 * Messages about a lasting state, which AWS leaves out while they would
 * repeat ("until either the cause is resolved or six hours passes"), and what
 * resolves each here (our model): placing a task for the placement failures,
 * the service settling for the rest, leaving its steady state for "steady".
 */
const RESOLVED_BY: Partial<Record<Kind, readonly Kind[]>> = {
  unplaced: ['started', 'steady'],
  noSpotCapacity: ['started', 'steady'],
  failedToStart: ['completed', 'steady'],
  impaired: ['completed', 'steady'],
  stalled: ['completed', 'steady'],
  // a deployment completing was a change too (one that starts and stops nothing: to 0 tasks)
  steady: ['started', 'stopped', 'unplaced', 'noSpotCapacity', 'failedToStart', 'stalled', 'completed'],
};
const REPEAT_AFTER_MS = 6 * 3600_000;

/**
 * Tasks named by one started or stopped message: RunTask starts at most 10
 * tasks a call, and so, we take it, does the scheduler (inferred).
 */
const TASKS_PER_MESSAGE = 10;
/** DescribeServices keeps the 100 most recent (DG: service event messages). */
export const KEPT_MESSAGES = 100;

export interface Said {
  t: number;
  /** how many messages came before it in the run: its id depends on nothing else */
  seq: number;
  fact: MessageFact;
}

/** What a lasting message is about, for telling a repeat from news. */
const causeOf = (f: MessageFact) => JSON.stringify(f);

export class ServiceMessages {
  /** oldest first; at most KEPT_MESSAGES */
  private readonly said: Said[] = [];
  private count = 0;
  /** lasting messages said and not resolved since, by cause: when, and what kind */
  private readonly standing = new Map<string, { t: number; kind: Kind; fact: MessageFact }>();
  /** told when what stands changes (a lasting message said, or one resolved): the next repeat moves */
  onLasting: (() => void) | null = null;
  /** grows with every change to what is kept (a view redraws when it moved) */
  version = 0;

  add(t: number, fact: MessageFact): void {
    if ((fact.kind === 'started' || fact.kind === 'stopped') && fact.tasks.length > TASKS_PER_MESSAGE) {
      // the first message of a start says what it replaces
      let replaced = fact.kind === 'started' ? (fact.replaced ?? 0) : 0;
      for (let i = 0; i < fact.tasks.length; i += TASKS_PER_MESSAGE) {
        const tasks = fact.tasks.slice(i, i + TASKS_PER_MESSAGE);
        this.add(t, fact.kind === 'started' ? { kind: 'started', tasks, ...(replaced ? { replaced: Math.min(replaced, tasks.length) } : {}) } : { kind: 'stopped', tasks });
        replaced -= Math.min(replaced, tasks.length);
      }
      return;
    }
    const standing = this.standing.size;
    let lasting = false;
    if (RESOLVED_BY[fact.kind]) {
      const cause = causeOf(fact);
      const since = this.standing.get(cause);
      if (since !== undefined && t - since.t < REPEAT_AFTER_MS) return;
      this.standing.set(cause, { t, kind: fact.kind, fact });
      lasting = true;
    }
    // (news of the same look resolves nothing: a look that places one task and not the next still could not place it)
    for (const [cause, { kind, t: since }] of this.standing) if (since < t && RESOLVED_BY[kind]!.includes(fact.kind)) this.standing.delete(cause);
    // what stands changed: the next repeat is due at another moment
    if (lasting || this.standing.size !== standing) this.onLasting?.();
    this.version++;
    // Within one instant, messages stand in ORDER; news of the kind last said joins it.
    let at = this.said.length;
    while (at > 0 && this.said[at - 1]!.t === t && rank.get(this.said[at - 1]!.fact.kind)! > rank.get(fact.kind)!) at--;
    // tasks join the message just before (their order kept); targets that of their own group
    const kin = fact.kind === 'registered' || fact.kind === 'deregistered';
    for (let i = at - 1; i >= 0 && this.said[i]!.t === t; i--) {
      if (merge(this.said[i]!.fact, fact)) return;
      if (!kin || this.said[i]!.fact.kind !== fact.kind) break;
    }
    this.said.splice(at, 0, { t, seq: this.count++, fact });
    if (this.said.length > KEPT_MESSAGES) this.said.shift();
  }

  /** When the next lasting message is said again if nothing resolves it first (six hours after it was said), or null. */
  nextRepeatAt(): number | null {
    let at: number | null = null;
    for (const { t } of this.standing.values()) if (at === null || t + REPEAT_AFTER_MS < at) at = t + REPEAT_AFTER_MS;
    return at;
  }

  /**
   * The lasting messages six hours old at `t`, unresolved, in the order they
   * were first said: no longer standing, to be said again (add) or dropped.
   */
  due(t: number): MessageFact[] {
    const out: MessageFact[] = [];
    for (const [cause, s] of this.standing)
      if (t - s.t >= REPEAT_AFTER_MS) {
        this.standing.delete(cause);
        out.push(s.fact);
      }
    return out;
  }

  /** Newest first, as DescribeServices lists them. */
  newestFirst(): readonly Said[] {
    return [...this.said].reverse();
  }
}

/** Tasks started, stopped, registered or drained in one scheduler look make one message (up to 10 tasks). */
function merge(into: MessageFact, next: MessageFact): boolean {
  if ((into.kind === 'started' && next.kind === 'started') || (into.kind === 'stopped' && next.kind === 'stopped')) {
    if (into.tasks.length + next.tasks.length > TASKS_PER_MESSAGE) return false;
    into.tasks.push(...next.tasks);
    if (into.kind === 'started' && next.kind === 'started' && next.replaced) into.replaced = (into.replaced ?? 0) + next.replaced;
    return true;
  }
  if ((into.kind === 'registered' && next.kind === 'registered') || (into.kind === 'deregistered' && next.kind === 'deregistered')) {
    if (into.targetGroup !== next.targetGroup) return false;
    into.count += next.count;
    return true;
  }
  if (into.kind === 'draining' && next.kind === 'draining' && into.deploymentId === next.deploymentId) {
    into.count += next.count;
    return true;
  }
  return false;
}

export interface MessageNames {
  serviceName: string;
  /** the task's id: the last part of its ARN */
  taskId(index: number): string;
  targetGroupArn(index: number): string;
  /**
   * Where target group `targetGroup` sends to task `task`: on EC2 its instance
   * (`i-…`) and the host port the container port is bound to; on Fargate no
   * instance, and the container port.
   */
  targetOf(task: number, targetGroup: number): { instance: string | null; port: number };
}

const TROUBLESHOOTING = 'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';

/** Why the closest instance could not take the task, as the message words it. */
function closestLacks(reason: PlacementFailure['reason']): string {
  switch (reason) {
    case 'RESOURCE:CPU':
      return 'has insufficient CPU units available.';
    case 'RESOURCE:MEMORY':
      return 'has insufficient memory available.';
    case 'RESOURCE:PORTS':
    case 'RESOURCE:PORTS_UDP':
      return 'is already using a port required by your task.';
    default:
      return `encountered error "${reason}".`;
  }
}

/** AWS's service unhealthy event messages: the EC2 form names the instance, the Fargate form does not. */
function unhealthyTarget(svc: string, taskId: string, at: { instance: string | null; port: number }, targetGroupArn: string): string {
  const instance = at.instance === null ? '' : ` (instance ${at.instance})`;
  return `${svc} (task ${taskId})${instance} (port ${at.port}) is unhealthy in (target-group ${targetGroupArn}) due to (reason Health checks failed).`;
}

export function messageText(f: MessageFact, n: MessageNames): string {
  const svc = `(service ${n.serviceName})`;
  const tasks = (ix: number[]) => ix.map((i) => `(task ${n.taskId(i)})`).join(' ');
  switch (f.kind) {
    case 'started':
      return `${svc} has started ${f.tasks.length} tasks: ${tasks(f.tasks)}.${f.replaced ? ` Amazon ECS replaced ${f.replaced} tasks due to an unhealthy status.` : ''}`;
    case 'stopped':
      return `${svc} has stopped ${f.tasks.length} running tasks: ${tasks(f.tasks)}.`;
    case 'unhealthy':
      return f.targetGroup === null
        ? `${svc} (task ${n.taskId(f.task)}) failed container health checks.`
        : unhealthyTarget(svc, n.taskId(f.task), n.targetOf(f.task, f.targetGroup), n.targetGroupArn(f.targetGroup));
    case 'registered':
      return `${svc} registered ${f.count} targets in (target-group ${n.targetGroupArn(f.targetGroup)})`;
    case 'deregistered':
      return `${svc} deregistered ${f.count} targets in (target-group ${n.targetGroupArn(f.targetGroup)})`;
    case 'draining':
      return `(service ${n.serviceName}, taskSet ${f.deploymentId}) has begun draining connections on ${f.count} tasks.`;
    case 'steady':
      return `${svc} has reached a steady state.`;
    case 'completed':
      return `${svc} (deployment ${f.deploymentId}) deployment completed.`;
    case 'failed':
      return `${svc} (deployment ${f.deploymentId}) deployment failed: tasks failed to start.`;
    case 'rollingBack':
      return `${svc} rolling back to deployment ${f.deploymentId}.`;
    case 'impaired':
      return `${svc} is unable to consistently start tasks successfully. ${TROUBLESHOOTING}`;
    case 'stalled':
      return `${svc} was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.`;
    case 'failedToStart':
      return `${svc} was unable to place a task. Reason: ${f.reason}.`;
    case 'unplaced':
      return `${svc} was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${f.instanceArn.split('/').at(-1)}) ${closestLacks(f.reason)} ${TROUBLESHOOTING}`;
    case 'noSpotCapacity':
      return `${svc} was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone. ${TROUBLESHOOTING}`;
  }
}

/** A number from a name, so two services with one seed do not share event ids. */
const hashOf = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);

/** DescribeServices `events`: newest first, each with a seeded id and its time in Unix seconds. */
export function describeMessages(said: readonly Said[], names: MessageNames, seed: number, startTime: number, serviceArn: string) {
  const salt = hashOf(serviceArn);
  return said.map((s) => ({ id: uuid(createRandom(mixSeed(seed, s.seq, salt))), createdAt: (startTime + s.t) / 1000, message: messageText(s.fact, names) }));
}
