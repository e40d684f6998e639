// The service event log that DescribeServices returns in `events` (and the
// console shows under Events): short English messages from the scheduler,
// newest first, the 100 most recent. The wording follows AWS's list of
// service event messages (service-event-messages.html) and, for the everyday
// ones it does not list (started, stopped, registered, draining, deployment
// completed), the messages as DescribeServices prints them in public logs.
//
// The run keeps what happened (facts), not text: a 10,000-task run would
// otherwise name thousands of tasks nobody reads. Text is made only for the
// ones kept.
import { createRandom } from '../random.ts';
import { uuid } from '../ids.ts';
import type { PlacementFailure } from './container-instances.ts';

export type MessageFact =
  | { kind: 'started'; tasks: number[] }
  | { kind: 'stopped'; tasks: number[] }
  /** a task replaced for failing health checks: the load balancer's (its target group) or its container's (null) */
  | { kind: 'unhealthy'; task: number; targetGroup: number | null }
  | { kind: 'registered'; targetGroup: number; count: number }
  | { kind: 'deregistered'; targetGroup: number; count: number }
  | { kind: 'draining'; count: number }
  | { kind: 'steady' }
  | { kind: 'completed'; deploymentId: string }
  | { kind: 'failed'; deploymentId: string }
  | { kind: 'rollingBack'; deploymentId: string }
  | { kind: 'impaired' }
  /** a deployment that can neither start nor stop a task within minimumHealthyPercent and maximumPercent */
  | { kind: 'stalled' }
  | { kind: 'unplaced'; reason: PlacementFailure['reason']; instanceArn: string }
  | { kind: 'noSpotCapacity' };

export interface Said {
  t: number;
  /** how many messages came before it in the run: its id depends on nothing else */
  seq: number;
  fact: MessageFact;
}

/**
 * Tasks named by one started or stopped message: RunTask starts at most 10
 * tasks a call, and so, we take it, does the scheduler (inferred).
 */
const TASKS_PER_MESSAGE = 10;
/** DescribeServices keeps the 100 most recent (DG: service event messages). */
export const KEPT_MESSAGES = 100;
/** A message the same as the last one is left out until six hours have passed (DG). */
const REPEAT_AFTER_MS = 6 * 3600_000;

const REPEATABLE = new Set<MessageFact['kind']>(['steady', 'impaired', 'stalled', 'unplaced', 'noSpotCapacity']);

/** What a message says, for telling a repeat from news. */
const sameAs = (a: MessageFact, b: MessageFact) => JSON.stringify(a) === JSON.stringify(b);

export class ServiceMessages {
  /** oldest first; at most KEPT_MESSAGES */
  private readonly said: Said[] = [];
  private count = 0;
  /** grows with every change to what is kept (a view redraws when it moved) */
  version = 0;

  add(t: number, fact: MessageFact): void {
    if ((fact.kind === 'started' || fact.kind === 'stopped') && fact.tasks.length > TASKS_PER_MESSAGE) {
      for (let i = 0; i < fact.tasks.length; i += TASKS_PER_MESSAGE) this.add(t, { kind: fact.kind, tasks: fact.tasks.slice(i, i + TASKS_PER_MESSAGE) });
      return;
    }
    // one look's messages come at one instant: news of the same kind joins its message
    this.version++;
    for (let i = this.said.length - 1; i >= 0 && this.said[i]!.t === t; i--) if (merge(this.said[i]!.fact, fact)) return;
    const last = this.said.at(-1);
    // Which repeat AWS leaves out ("until the cause is resolved or six hours pass"): here, a
    // state the newest message already says (steady, impaired, unplaced); news of tasks and
    // targets is never a repeat (inferred).
    if (last && REPEATABLE.has(fact.kind) && sameAs(last.fact, fact) && t - last.t < REPEAT_AFTER_MS) return;
    this.said.push({ t, seq: this.count++, fact });
    if (this.said.length > KEPT_MESSAGES) this.said.shift();
  }

  /** Newest first, as DescribeServices lists them. */
  newestFirst(): readonly Said[] {
    return [...this.said].reverse();
  }
}

/** Tasks started, stopped, registered or drained in one scheduler look make one message. */
function merge(into: MessageFact, next: MessageFact): boolean {
  if (into.kind !== next.kind) return false;
  if ((into.kind === 'started' || into.kind === 'stopped') && (next.kind === 'started' || next.kind === 'stopped')) {
    if (into.tasks.length + next.tasks.length > TASKS_PER_MESSAGE) return false;
    into.tasks.push(...next.tasks);
    return true;
  }
  if ((into.kind === 'registered' || into.kind === 'deregistered') && (next.kind === 'registered' || next.kind === 'deregistered') && into.targetGroup === next.targetGroup) {
    into.count += next.count;
    return true;
  }
  if (into.kind === 'draining' && next.kind === 'draining') {
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

export function messageText(f: MessageFact, n: MessageNames): string {
  const svc = `(service ${n.serviceName})`;
  const tasks = (ix: number[]) => ix.map((i) => `(task ${n.taskId(i)})`).join(' ');
  switch (f.kind) {
    case 'started':
      return `${svc} has started ${f.tasks.length} tasks: ${tasks(f.tasks)}.`;
    case 'stopped':
      return `${svc} has stopped ${f.tasks.length} running tasks: ${tasks(f.tasks)}.`;
    case 'unhealthy':
      return f.targetGroup === null
        ? `${svc} (task ${n.taskId(f.task)}) failed container health checks.`
        : `${svc} (task ${n.taskId(f.task)}) failed ELB health checks in (target-group ${n.targetGroupArn(f.targetGroup)}).`;
    case 'registered':
      return `${svc} registered ${f.count} targets in (target-group ${n.targetGroupArn(f.targetGroup)})`;
    case 'deregistered':
      return `${svc} deregistered ${f.count} targets in (target-group ${n.targetGroupArn(f.targetGroup)})`;
    case 'draining':
      return `${svc} has begun draining connections on ${f.count} tasks.`;
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
    case 'unplaced':
      return `${svc} was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${f.instanceArn.split('/').at(-1)}) ${closestLacks(f.reason)} ${TROUBLESHOOTING}`;
    case 'noSpotCapacity':
      return `${svc} was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone. ${TROUBLESHOOTING}`;
  }
}

/** DescribeServices `events`: newest first, each with a seeded id and its time in Unix seconds. */
export function describeMessages(said: readonly Said[], names: MessageNames, seed: number, startTime: number) {
  return said.map((s) => ({ id: uuid(createRandom((seed * 7919 + s.seq * 104729 + 31) >>> 0)), createdAt: (startTime + s.t) / 1000, message: messageText(s.fact, names) }));
}
