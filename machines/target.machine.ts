// One load balancer target: the task's IP:port (awsvpc) or host port (bridge)
// in one target group. ECS registers it in ACTIVATING and waits in DEACTIVATING
// until it has drained to `unused`.
import { assign, cancel, enqueueActions, sendParent, setup } from 'xstate';
import { SOURCES } from './status.ts';
import type { TargetInput } from './task.types.ts';

/** The health checks' verdict: healthy after threshold × interval, or unhealthy (HealthCheck fault). */
export const healthVerdict = (i: TargetInput) =>
  i.failHealthChecks ? { ms: i.unhealthyAfterMs, healthy: false } : { ms: i.healthyAfterMs, healthy: true };

export type TargetEvent =
  | { type: 'target.registerRequested' }
  | { type: 'target.deregisterRequested' }
  /** Fargate Spot took the capacity: nothing is left to drain. */
  | { type: 'target.capacityReclaimed' }
  /** After a slow start: the checks have passed the healthy threshold (its own timer). */
  | { type: 'target.checksPassed' }
  /** An app that goes bad: a healthy target's checks have failed the unhealthy threshold (its own timer). */
  | { type: 'target.checksFailed' }
  /**
   * The app stops answering now (a HealthChecksFail action), sent by the world,
   * which counts the checks: the unhealthy verdict comes `unhealthyInMs` from
   * now, or from the registration when the checks have not begun (null: the
   * target is unhealthy already, and now stays so).
   */
  | { type: 'target.appStoppedAnswering'; unhealthyInMs: number | null };

interface TargetContext extends TargetInput {
  /** the app stopped answering while the first checks ran: no healthy verdict comes */
  stoppedAnswering?: boolean;
}

/** The delay the world gave with target.appStoppedAnswering. */
const verdictIn = ({ event }: { event: TargetEvent }) => (event as Extract<TargetEvent, { type: 'target.appStoppedAnswering' }>).unhealthyInMs ?? 0;

/** Stopped answering while nothing is due (a healthy target, or the first checks): the unhealthy verdict is its own timer. */
const stoppedAnswering = {
  actions: [{ type: 'cancelFailure' }, { type: 'failIn' }],
  description: 'The app stops answering (HealthChecksFail): every check from now fails, and the unhealthy threshold of them in a row makes the target unhealthy.',
  meta: { source: SOURCES.healthChecks, inferred: false },
} as const;

/**
 * What a registered target not yet unhealthy takes (in `initial` and
 * `healthy`): a drain, its app stopping, and its failed checks' verdict,
 * told in `failed`'s words for the state it leaves.
 */
const whileChecked = (failed: string) =>
  ({
    'target.deregisterRequested': 'draining',
    'target.appStoppedAnswering': stoppedAnswering,
    'target.checksFailed': { target: 'unhealthy', description: failed, meta: { source: SOURCES.healthChecks, inferred: false } },
  }) as const;

const RECOVERY_ID = 'recovery';
const FAILURE_ID = 'failure';

export const targetMachine = setup({
  types: {
    input: {} as TargetInput,
    context: {} as TargetContext,
    events: {} as TargetEvent,
  },
  delays: {
    register: ({ context }) => context.registerMs,
    // One timer for the health verdict: XState arms every `after` of a state,
    // so two guarded timers would cost a wasted event per task.
    healthVerdict: ({ context }) => healthVerdict(context).ms,
    deregistrationDelay: ({ context }) => context.deregistrationDelayMs,
  },
  guards: {
    registerFails: ({ context }) => context.failRegister,
    healthChecksFail: ({ context }) => context.failHealthChecks,
    stoppedAnswering: ({ context }) => context.stoppedAnswering === true,
  },
  actions: {
    // A timer only for a target that recovers: an `after` would be armed for every unhealthy one.
    scheduleRecovery: enqueueActions(({ context, enqueue }) => {
      if (context.recoversAfterMs !== null) enqueue.raise({ type: 'target.checksPassed' }, { delay: context.recoversAfterMs, id: RECOVERY_ID });
    }),
    cancelRecovery: enqueueActions(({ context, enqueue }) => {
      if (context.recoversAfterMs !== null) enqueue(cancel(RECOVERY_ID));
    }),
    // likewise only for a target whose app goes bad
    scheduleFailure: enqueueActions(({ context, enqueue }) => {
      if (context.failsAfterMs !== null) enqueue.raise({ type: 'target.checksFailed' }, { delay: context.failsAfterMs, id: FAILURE_ID });
    }),
    cancelFailure: enqueueActions(({ context, enqueue }) => {
      if (context.failsAfterMs !== null || context.stoppedAnswering) enqueue(cancel(FAILURE_ID));
    }),
    failIn: enqueueActions(({ event, enqueue }) => {
      // nothing passes any more: no later failure is due, and no slow start ends
      enqueue.assign({ stoppedAnswering: true, failsAfterMs: null, recoversAfterMs: null });
      enqueue.raise({ type: 'target.checksFailed' }, { delay: verdictIn({ event }), id: FAILURE_ID });
    }),
    // the checks have not begun: they fail from the first, and no slow start ends
    failFromTheStart: assign(({ context, event }) => ({
      failHealthChecks: true,
      unhealthyAfterMs: (event as Extract<TargetEvent, { type: 'target.appStoppedAnswering' }>).unhealthyInMs ?? context.unhealthyAfterMs,
      recoversAfterMs: null,
      failsAfterMs: null,
      stopsAnsweringAfterMs: null,
    })),
    neverRecover: enqueueActions(({ context, enqueue }) => {
      if (context.recoversAfterMs !== null) enqueue(cancel(RECOVERY_ID));
      enqueue.assign({ recoversAfterMs: null });
    }),
  },
}).createMachine({
  id: 'target',
  context: ({ input }) => input,
  initial: 'notRegistered',
  states: {
    notRegistered: {
      description: 'The task is not in the target group yet: ECS registers it once the containers run.',
      meta: { source: SOURCES.lifecycle, inferred: true },
      on: {
        'target.registerRequested': 'registering',
        'target.appStoppedAnswering': { actions: 'failFromTheStart' },
        'target.deregisterRequested': {
          target: 'unused',
          description: 'Never registered, so nothing to drain (our model: AWS describes only the drain of a registered target).',
          meta: { inferred: true, ours: 'AWS describes only the drain of a registered target' },
        },
      },
    },
    registering: {
      description: 'ECS is calling RegisterTargets for the task (documented, in ACTIVATING; the status name is ours).',
      meta: { source: SOURCES.lifecycle, inferred: true, partly: true },
      after: {
        register: [
          {
            guard: 'registerFails',
            target: 'unused',
            description: 'RegisterTargets failed: the target is not in the group, and the task fails (our model: AWS does not describe the failure).',
            meta: { inferred: true, ours: 'a failed registration leaves the target unused' },
            actions: sendParent(({ context }) => ({ type: 'target.failed', index: context.index })),
          },
          { target: 'initial' },
        ],
      },
      on: {
        'target.deregisterRequested': {
          target: 'draining',
          description: 'Stopped while being registered: drained as a registered target is, for the whole delay (our model).',
          meta: { inferred: true, ours: 'stopped while registering, it drains for the whole delay' },
        },
        'target.appStoppedAnswering': { actions: 'failFromTheStart' },
      },
    },
    initial: {
      description:
        'Registered; the load balancer is running its first health checks (healthy threshold × interval, 5 × 30 s by default).',
      meta: { source: SOURCES.healthChecks, inferred: false },
      entry: sendParent(({ context }) => ({ type: 'target.registered', index: context.index })),
      after: {
        // the app stopped answering before the verdict: the healthy one will not come (its own timer brings the other)
        healthVerdict: [{ guard: 'stoppedAnswering' }, { guard: 'healthChecksFail', target: 'unhealthy' }, { target: 'healthy' }],
      },
      exit: 'cancelFailure',
      on: whileChecked(
        'The app stopped answering before the healthy threshold of checks had passed: it is never healthy, and the unhealthy threshold of failed checks in a row makes it unhealthy.',
      ),
    },
    healthy: {
      description: 'The target passes its health checks and receives traffic.',
      meta: { source: SOURCES.healthChecks, inferred: false },
      entry: [sendParent(({ context }) => ({ type: 'target.healthy', index: context.index })), 'scheduleFailure'],
      exit: 'cancelFailure',
      on: whileChecked(
        'The app stops answering (a leak, a hung worker): after the unhealthy threshold of failed checks in a row the target is unhealthy, and the load balancer stops sending it new requests.',
      ),
    },
    unhealthy: {
      description:
        'The target failed its health checks (unhealthy threshold, 2 by default): the load balancer sends it no new requests while its group has a healthy target. With none healthy, the load balancer fails open and sends to all of them.',
      meta: { source: SOURCES.healthChecks, inferred: false },
      entry: [sendParent(({ context }) => ({ type: 'target.unhealthy', index: context.index })), 'scheduleRecovery'],
      exit: 'cancelRecovery',
      on: {
        'target.deregisterRequested': 'draining',
        // it fails its checks already: it stays unhealthy, and a slow start's end will not come
        'target.appStoppedAnswering': { actions: 'neverRecover' },
        'target.checksPassed': {
          target: 'healthy',
          description:
            'The app answers at last (a slow start): after the healthy threshold of passing checks in a row the target is healthy again and receives traffic.',
          meta: { source: SOURCES.healthChecks, inferred: false },
        },
      },
    },
    draining: {
      description:
        'Deregistered: the load balancer stops sending new requests and lets in-flight ones finish for the deregistration delay (300 s by default).',
      meta: { source: SOURCES.deregistrationDelay, inferred: false },
      after: { deregistrationDelay: 'unused' },
      on: {
        'target.capacityReclaimed': {
          target: 'unused',
          description: 'Fargate Spot reclaimed the task’s capacity two minutes after its notice: the drain ends there (our model).',
          meta: { source: SOURCES.fargateSpot, inferred: true, ours: 'AWS documents the two minutes, not what is cut short' },
        },
      },
    },
    unused: {
      type: 'final',
      description: 'The target is out of the target group.',
      meta: { source: SOURCES.healthChecks, inferred: false },
    },
  },
});
