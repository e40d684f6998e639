// What a stopped task's stopCode means, and which stoppedReason words are ours.
// A newcomer's first question at STOPPED is "why?": the code answers it only
// to someone who already knows the codes (facts §3).
import type { StopCode } from './status.ts';
import { DEPENDENCY_ERROR_PREFIX } from './dependency-error.ts';

export const STOP_CODE_MEANING: Record<StopCode, string> = {
  TaskFailedToStart:
    'the task never reached RUNNING: something it needed to start failed (an image pull, its network interface, a secret, no capacity in time, a dependency; or, in our model, a load balancer or Cloud Map registration). The stoppedReason names which.',
  EssentialContainerExited:
    'an essential container exited, whatever its exit code, so the task stopped and its other containers were stopped too. A non-essential container may exit without stopping the task.',
  UserInitiated: 'someone called StopTask: the stoppedReason is the reason they gave, or "Task stopped by user".',
  ServiceSchedulerInitiated:
    'the service’s scheduler stopped it: a scale-in, a deployment replacing it, or a failed health check.',
  SpotInterruption:
    'Fargate Spot took its capacity back: a two-minute warning with SIGTERM, and the task is terminated when the two minutes are up (documented); that what still runs then is killed (137) and every drain cut short there is our model.',
  TerminationNotice:
    'Fargate Spot took its capacity back (AWS’s other code for it): a two-minute warning with SIGTERM, and the task is terminated when the two minutes are up (documented); that what still runs then is killed (137) and every drain cut short there is our model.',
};

/** AWS's reason for an interface whose attachment timed out (stopped-task error codes). */
export const ENI_TIMEOUT_REASON = 'Timeout waiting for network interface provisioning to complete.';
/** Our reason for a capacity wait that gives up: RunTask's words when Fargate has no capacity, borrowed. */
export const CAPACITY_GAVE_UP_REASON = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';

/**
 * The stoppedReason texts whose words are ours, or read from the agent's code
 * rather than AWS's docs: each shown with the reason so that nobody matches on
 * them in a real alarm rule unawares.
 */
const OUR_WORDS: readonly { startsWith: string; note: string }[] = [
  { startsWith: 'ResourceInitializationError: failed to register', note: 'ResourceInitializationError is AWS’s error for resources that could not be set up; the words after it are ours.' },
  {
    startsWith: DEPENDENCY_ERROR_PREFIX,
    note: 'The ECS agent’s words for a dependency that can never hold, as we read them in its code (its dependency graph); AWS’s docs give none.',
  },
  {
    startsWith: CAPACITY_GAVE_UP_REASON,
    note: 'AWS documents no reason for a capacity wait that gives up: these are the words RunTask fails with when Fargate has no capacity, borrowed (our model).',
  },
];

/**
 * What of this stoppedReason is our wording, or null when AWS writes it so.
 * Only our failures to start are worded by us: a StopTask's reason is the
 * caller's own, whatever it says.
 */
export function reasonWording(stopCode: StopCode, reason: string | null): string | null {
  if (stopCode !== 'TaskFailedToStart' || !reason) return null;
  return OUR_WORDS.find((w) => reason.startsWith(w.startsWith))?.note ?? null;
}
