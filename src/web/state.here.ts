// What a state means for the task on the page. The state's explanation
// (task.teaching.ts) is about any task: "targets drain for the deregistration
// delay" read wrong beside a task with no load balancer, which leaves
// DEACTIVATING in a second. This says what this task's configuration, and the
// way it is stopping, do there: a state it skips, a drain it has not, a Spot
// notice's drain.
import { SPOT_STOP_CODES, type StopCode, type TaskStatus } from '../../machines/status.ts';
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

/** For this task, in `state`: one sentence, said after "For this task:", or null where the explanation says it all. */
export function hereNote(state: TaskStatus, sc: Scenario, stopCode: StopCode | null): string | null {
  if (!reachableStates(sc).has(state)) return `it skips ${state}: ${skipped(state, sc)}.`;
  const targets = sc.loadBalancers.length;
  const registry = sc.serviceRegistries.length > 0;
  const { deregistrationDelaySeconds: delay, healthCheckIntervalSeconds: interval, healthyThresholdCount: healthy } = sc.settings;
  if (state === 'ACTIVATING')
    return targets === 0
      ? 'no load balancer, so only its Cloud Map instance is registered here, in seconds, and no target health check follows.'
      : `${targets === 1 ? 'its target registers' : `its ${plural(targets, 'target')} register`} here in seconds${registry ? ', as does its Cloud Map instance' : ''}; the health checks (one every ${interval} s, healthy after ${healthy} in a row) go on after RUNNING.`;
  if (state !== 'DEACTIVATING') return null;
  if ((SPOT_STOP_CODES as readonly (StopCode | null)[]).includes(stopCode))
    return `a Fargate Spot notice, so its containers got SIGTERM with it, without waiting for the drain${targets ? `, and the drain ends when the capacity goes (${SPOT_RECLAIM_MS / 1000} s after the notice) if the ${delay} s deregistration delay has not ended first` : ''}.`;
  const drain =
    targets === 0
      ? 'no load balancer target, so nothing drains: it moves on once its Cloud Map instance is removed, in seconds.'
      : delay === 0
        ? 'a deregistration delay of 0 s, so nothing drains: it moves on in a second or two.'
        : `${targets === 1 ? 'its target drains' : `its ${plural(targets, 'target')} drain`} for ${delay} s (deregistrationDelaySeconds${delay === 300 ? ', the default' : ''}).`;
  return stopCode === 'EssentialContainerExited' ? `${drain} An essential container exited: the agent signals the other containers now, without waiting for the drain.` : drain;
}
