// What a state means for the task on the page. The state's explanation
// (task.teaching.ts) is about any task: "targets drain for the deregistration
// delay" read wrong beside a task with no load balancer, which leaves
// DEACTIVATING in a second. This says what this task's configuration, and the
// way it is stopping, do there: a state it skips, a drain it has not, a Spot
// notice's drain.
import { rank, TASK_STATUSES, type StopCode, type TaskStatus } from '../../machines/status.ts';
import type { TaskView, TraceEntry } from '../sim/types.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { SPOT_RECLAIM_MS } from '../sim/timings.ts';
import { reachableStates } from './shape.ts';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Why a task of this configuration never enters `state`. */
function skipped(state: TaskStatus, sc: Scenario): string {
  const mode = sc.taskDefinition.networkMode;
  if (state === 'PROVISIONING') return `no network interface of its own (networkMode ${mode}) and no wait for an instance, so nothing to prepare before PENDING`;
  if (state === 'DEPROVISIONING') return `no network interface of its own (networkMode ${mode}) to release`;
  return 'no load balancer and no service discovery, so nothing to register or drain';
}

/** Where the first pull starts, when the secrets are read, and who waits for whom: PENDING's general words cover every launch type. */
function pendingNote(sc: Scenario): string {
  const containers = sc.taskDefinition.containerDefinitions;
  const secrets = containers.some((c) => c.secrets.length > 0);
  const first =
    sc.launchType === 'FARGATE'
      ? `on Fargate the first image pull starts 8 to 16 s after its interface attached, as real events show (its own agent comes up first: our reading)${secrets ? ', and its secrets are read before any pull (our reading)' : ''}`
      : `the instance's agent pulls the images as PENDING begins${secrets ? ', reading its secrets meanwhile' : ''}`;
  const waits = containers.filter((c) => c.dependsOn.length > 0).map((c) => `${c.name} waits for ${c.dependsOn.map((d) => `${d.containerName} (${d.condition})`).join(' and ')}`);
  return `${first}${waits.length ? `; ${waits.join('; ')}, before its image is even pulled` : ''}.`;
}

/** What the run has shown of the task so far, beside its scenario. */
export interface HereFacts {
  stopCode: StopCode | null;
  /** a Fargate Spot notice came (it may come to a task already stopping for another reason) */
  spotNotice: boolean;
  /** how many of its targets were registered, once the task is past ACTIVATING; null before (or not known) */
  registeredTargets: number | null;
  /** its Cloud Map registration failed: there is no instance to remove */
  registryFailed?: boolean;
}

/** For this task, in `state`: one sentence, said after "For this task:", or null where the explanation says it all. */
export function hereNote(state: TaskStatus, sc: Scenario, facts: HereFacts): string | null {
  if (!reachableStates(sc).has(state)) return `it skips ${state}: ${skipped(state, sc)}.`;
  const registry = sc.serviceRegistries.length > 0;
  const { deregistrationDelaySeconds: delay, healthCheckIntervalSeconds: interval, healthyThresholdCount: healthy } = sc.settings;
  if (state === 'ACTIVATING') {
    const targets = sc.loadBalancers.length;
    return targets === 0
      ? 'no load balancer, so only its Cloud Map instance is registered here, in seconds, and no target health check follows.'
      : `${targets === 1 ? 'its target registers' : `its ${plural(targets, 'target')} register`} here in seconds${registry ? ', as does its Cloud Map instance' : ''}; the health checks (one every ${interval} s, healthy after ${healthy} in a row) go on after RUNNING.`;
  }
  if (state === 'PENDING') return pendingNote(sc);
  if (state !== 'DEACTIVATING') return null;
  // only a registered target drains: one whose registration failed (or never came) is out at once
  const targets = facts.registeredTargets ?? sc.loadBalancers.length;
  const unregistered = targets === 0 && sc.loadBalancers.length > 0 ? `its target${sc.loadBalancers.length === 1 ? ' was' : 's were'} never registered, so ` : '';
  const noDrain = registry && !facts.registryFailed ? 'it moves on once its Cloud Map instance is removed, in seconds' : 'it moves on at once';
  if (facts.spotNotice) {
    const reclaimS = SPOT_RECLAIM_MS / 1000;
    const cut =
      targets === 0
        ? `; ${unregistered || 'with no load balancer target, '}nothing drains`
        : delay > reclaimS
          ? `, and (our model) the drain ends when the capacity goes, ${reclaimS} s after the notice, short of its ${delay} s deregistration delay`
          : `; its ${delay} s deregistration delay ends before the capacity goes (${reclaimS} s after the notice)`;
    return `a Fargate Spot notice, so its containers got SIGTERM with it, at once${cut}.`;
  }
  const drain =
    targets === 0
      ? `${unregistered || 'no load balancer target, so '}nothing drains: ${noDrain}.`
      : delay === 0
        ? `a deregistration delay of 0 s, so nothing drains: ${noDrain}.`
        : `${targets === 1 ? 'its target drains' : `its ${plural(targets, 'target')} drain`} for ${delay} s (deregistrationDelaySeconds${delay === 300 ? ', the default' : ''}).`;
  const others = sc.taskDefinition.containerDefinitions.length > 1;
  return facts.stopCode === 'EssentialContainerExited' && others
    ? `${drain} An essential container exited: the agent signals the other containers now, without waiting for the drain (our model: our reading of the agent's code).`
    : drain;
}

/** The facts of a single task's run: its view now, and the targets its trace shows registered (once it is past ACTIVATING). */
export function runFacts(view: TaskView | null, trace: readonly TraceEntry[]): HereFacts {
  const past = view !== null && rank(TASK_STATUSES, view.lastStatus) > rank(TASK_STATUSES, 'ACTIVATING');
  const registered = new Set(trace.filter((e) => e.actor.startsWith('target-') && e.to === 'initial').map((e) => e.actor));
  return { stopCode: view?.stopCode ?? null, spotNotice: view?.spotNotice ?? false, registeredTargets: past ? registered.size : null, registryFailed: view?.registry?.state === 'FAILED' };
}
