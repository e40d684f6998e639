// One container, as the ECS agent drives it: pull, create, start, run, then
// SIGTERM and, after stopTimeout, SIGKILL (exit code 137). The task decides
// when it may start (dependsOn) and when it must stop (reverse dependsOn); the
// simulated world decides how long each step takes and whether it fails.
import { assign, cancel, enqueueActions, sendParent, setup } from 'xstate';
import { SOURCES } from './status.ts';
import { DEPENDENCY_ERROR_EXIT_CODE } from './dependency-error.ts';
import type { ContainerInput, ContainerOutput } from './task.types.ts';
import type { HealthStatus } from './status.ts';

export type ContainerEvent =
  | { type: 'container.pullRequested' }
  | { type: 'container.startPermitted' }
  | { type: 'container.stopRequested' }
  /** The task found a dependency it waits for can never hold: it gives up without starting. */
  | { type: 'container.dependencyFailed'; reason: string }
  /** The process ended on its own (a crash, or a job that finished). Sent by the world. */
  | { type: 'container.processExited'; exitCode: number }
  /** Fargate Spot took the capacity: the process is killed where it stands. */
  | { type: 'container.capacityReclaimed' }
  /** raised by the container itself while it runs, only when it has a health check or a startTimeout */
  | { type: 'container.healthVerdict' }
  /**
   * The app stops answering its own health check now (a HealthChecksFail
   * action), sent by the world, which counts the checks: UNHEALTHY comes
   * `unhealthyInMs` from now, or from the start when it has not started
   * (null: it is UNHEALTHY already, and now stays so).
   */
  | { type: 'container.appStoppedAnswering'; unhealthyInMs: number | null }
  | { type: 'container.startTimeoutPassed' };

interface ContainerContext extends ContainerInput {
  permitted: boolean;
  started: boolean;
  exitCode: number | null;
  reason: string | null;
  healthStatus: HealthStatus;
  /** The signals the agent sent, in order: what tests check "no signal before drain" against. */
  signals: ('SIGTERM' | 'SIGKILL')[];
  /** Killed because Fargate Spot reclaimed the capacity (not because stopTimeout passed). */
  reclaimed: boolean;
}

/** A well-behaved process exits on SIGTERM, unless stopTimeout comes first. */
const exitsOnSigterm = (c: ContainerInput) => !c.ignoreSigterm && c.sigtermExitMs < c.stopTimeoutMs;

/** The health checks' verdict, that long after the container started; null without a healthCheck. */
export const healthOutcome = (c: ContainerInput) => (c.healthCheckMs === null ? null : { ms: c.healthCheckMs, healthy: !c.failHealthChecks });

/** How a stop ends after SIGTERM: an exit (0 unless the fault says) after sigtermExitMs, or SIGKILL (137) at stopTimeout. */
export const stopOutcome = (c: ContainerInput) =>
  exitsOnSigterm(c) ? { ms: c.sigtermExitMs, exitCode: c.sigtermExitCode, killed: false } : { ms: c.stopTimeoutMs, exitCode: 137, killed: true };

/**
 * A stop before the container started: it becomes STOPPED with no signal.
 * The ECS agent does this (TestContainerNextState); AWS's documentation is
 * silent, so the facts call it inferred.
 */
const neverStarted = {
  target: 'STOPPED',
  description: 'never started: no signal, straight to STOPPED (the agent’s behaviour; AWS documents none)',
  meta: { source: SOURCES.agentContainerStatus, inferred: true, ours: 'no signal, as the agent does; AWS documents none' },
} as const;

const agent = { source: SOURCES.agentContainerStatus, inferred: false } as const;

/**
 * A dependency it waits for can never hold (the agent's terminal dependency
 * error): the agent marks it STOPPED with exit code 143 and a
 * CannotStartContainerError, though it never ran and gets no signal. Read
 * from the agent's code; AWS documents only that the task stops (startTimeout).
 */
const gaveUp = {
  target: 'STOPPED',
  actions: 'recordDependencyError',
  description:
    'A container it depends on can never meet its condition (it failed, will never start, or its startTimeout passed): it gives up without starting, STOPPED with exit code 143 and a CannotStartContainerError (the agent’s behaviour, read from its code; AWS documents only that the task stops).',
  meta: { source: SOURCES.agentDependencyError, inferred: true, ours: 'read from the agent’s code: AWS’s docs give no exit code or reason' },
} as const;

/** Fargate Spot reclaimed the capacity: SIGKILL where it stands, SIGTERM or not (inferred). */
const reclaimed = {
  target: 'STOPPED',
  actions: 'killReclaimed',
  description: 'Fargate Spot reclaimed the capacity two minutes after its notice: the process is killed (exit code 137), whatever the dependsOn order (our model).',
  meta: { source: SOURCES.fargateSpot, inferred: true, ours: 'AWS documents the two minutes, not what is cut short' },
} as const;

type StoppedAnswering = Extract<ContainerEvent, { type: 'container.appStoppedAnswering' }>;

/** Before it runs, the app that will not answer fails its checks from the first. */
const failsFromTheStart = {
  actions: 'failFromTheStart',
  description: 'The app will not answer its health check (HealthChecksFail before the container started): its checks fail from the first, and the retries-th failure after the start period makes it UNHEALTHY.',
  meta: { source: SOURCES.taskDefinition, inferred: false },
} as const;

/** The ids of RUNNING's own timers. */
const HEALTH_ID = 'healthVerdict';
const START_TIMEOUT_ID = 'startTimeout';

export const containerMachine = setup({
  types: {
    input: {} as ContainerInput,
    context: {} as ContainerContext,
    events: {} as ContainerEvent,
    output: {} as ContainerOutput,
  },
  delays: {
    pull: ({ context }) => context.pullMs,
    start: ({ context }) => context.startMs,
    // One timer for how the stop ends: the process exits on SIGTERM, or
    // stopTimeout passes and the agent sends SIGKILL.
    stopOutcome: ({ context }) => stopOutcome(context).ms,
  },
  guards: {
    pullFails: ({ context }) => context.pullError !== null,
    isPermitted: ({ context }) => context.permitted,
    exitsOnSigterm: ({ context }) => exitsOnSigterm(context),
    hasHealthCheck: ({ context }) => context.healthCheckMs !== null,
    healthChecksFail: ({ context }) => context.failHealthChecks,
  },
  actions: {
    reportStarted: sendParent(({ context }) => ({ type: 'container.started', name: context.name })),
    // Timers only for what the container has: an `after` with no health check
    // or startTimeout would need an infinite delay, which only our clock takes
    // as "never" (a real one fires it at once). Cancelled when it stops running.
    scheduleWhileRunning: enqueueActions(({ context, enqueue }) => {
      const verdict = healthOutcome(context);
      if (verdict) enqueue.raise({ type: 'container.healthVerdict' }, { delay: verdict.ms, id: HEALTH_ID });
      if (context.startTimeoutMs !== null) enqueue.raise({ type: 'container.startTimeoutPassed' }, { delay: context.startTimeoutMs, id: START_TIMEOUT_ID });
    }),
    // After a slow start the app answers: its next check passes, and one pass makes it HEALTHY (Docker's rule).
    scheduleRecovery: enqueueActions(({ context, enqueue }) => {
      if (context.healthRecoversAfterMs === null) return;
      enqueue.assign({ failHealthChecks: false });
      enqueue.raise({ type: 'container.healthVerdict' }, { delay: context.healthRecoversAfterMs, id: HEALTH_ID });
    }),
    // An app that goes bad: once HEALTHY, its checks fail from some moment on, and its retries-th failure makes it UNHEALTHY (once).
    scheduleFailure: enqueueActions(({ context, enqueue }) => {
      if (context.healthFailsAfterMs === null) return;
      enqueue.assign({ failHealthChecks: true, healthFailsAfterMs: null });
      enqueue.raise({ type: 'container.healthVerdict' }, { delay: context.healthFailsAfterMs, id: HEALTH_ID });
    }),
    // the checks have not begun: they fail from the first, and no slow start ends
    failFromTheStart: assign(({ context, event }) => ({
      failHealthChecks: true,
      healthCheckMs: (event as StoppedAnswering).unhealthyInMs ?? context.healthCheckMs,
      healthRecoversAfterMs: null,
      healthFailsAfterMs: null,
      stopsAnsweringAfterMs: null,
    })),
    // running: what was due (a verdict, a slow start's end, a later failure) gives way to UNHEALTHY at the world's moment, unless it is UNHEALTHY already
    stopAnswering: enqueueActions(({ context, event, enqueue }) => {
      enqueue(cancel(HEALTH_ID));
      enqueue.assign({ failHealthChecks: true, healthRecoversAfterMs: null, healthFailsAfterMs: null });
      const ms = (event as StoppedAnswering).unhealthyInMs;
      if (ms !== null && context.healthStatus !== 'UNHEALTHY') enqueue.raise({ type: 'container.healthVerdict' }, { delay: ms, id: HEALTH_ID });
    }),
    cancelWhileRunning: enqueueActions(({ context, enqueue }) => {
      if (context.healthCheckMs !== null) enqueue(cancel(HEALTH_ID));
      if (context.startTimeoutMs !== null) enqueue(cancel(START_TIMEOUT_ID));
    }),
    recordDependencyError: assign({
      exitCode: DEPENDENCY_ERROR_EXIT_CODE,
      reason: ({ event }) => (event as Extract<ContainerEvent, { type: 'container.dependencyFailed' }>).reason,
    }),
    killReclaimed: assign({ exitCode: 137, reclaimed: true, signals: ({ context }) => [...context.signals, 'SIGKILL' as const] }),
  },
}).createMachine({
  id: 'container',
  context: ({ input }) => ({
    ...input,
    permitted: false,
    started: false,
    exitCode: null,
    reason: null,
    healthStatus: 'UNKNOWN',
    signals: [],
    reclaimed: false,
  }),
  initial: 'NONE',
  on: {
    'container.startPermitted': { actions: assign({ permitted: true }) },
    // before it runs (the world sends it only while the checks still matter)
    'container.appStoppedAnswering': failsFromTheStart,
  },
  states: {
    NONE: {
      description:
        'Not started yet: the agent has not begun the image pull. The task is still waiting for its network interface or an instance with room, or, on Fargate, for the task’s own agent to come up (our reading of the 8 to 16 s gap real events show). A container with dependsOn waits here until they hold: the agent pulls its image only then (ECS_PULL_DEPENDENT_CONTAINERS_UPFRONT, false by default, in the agent’s README; that Fargate’s agent keeps the default is our assumption).',
      // the agent's status; why it waits on Fargate is our reading
      meta: { ...agent, inferred: true, partly: true },
      on: {
        'container.pullRequested': 'PULLING',
        // Never started: it simply becomes STOPPED, with no signal (agent: TestContainerNextState).
        'container.stopRequested': neverStarted,
        'container.dependencyFailed': gaveUp,
      },
    },
    PULLING: {
      description:
        'The agent pulls the image from its registry (pullStartedAt). The status name is ours: the agent has none for a pull under way (its container is NONE, then MANIFEST_PULLED, until PULLED), and DescribeTasks says PENDING.',
      // the pull is documented (pullStartedAt/pullStoppedAt); a status of its own is our model
      meta: { source: SOURCES.agentContainerStatus, inferred: true, partly: true },
      after: {
        pull: [
          { guard: 'pullFails', target: 'STOPPED', actions: assign({ reason: ({ context }) => context.pullError }) },
          { guard: 'isPermitted', target: 'CREATED' },
          { target: 'PULLED' },
        ],
      },
      on: { 'container.stopRequested': neverStarted, 'container.dependencyFailed': gaveUp },
    },
    PULLED: {
      description:
        'The image is here; the container is created as soon as it may start. A container with dependsOn has its image pulled only once they hold, so it passes straight on to CREATED (the agent’s default: its README, ECS_PULL_DEPENDENT_CONTAINERS_UPFRONT; that Fargate’s agent keeps the default is our assumption, as in NONE).',
      // as NONE: the agent documents its default, Fargate's is our assumption
      meta: { ...agent, inferred: true, partly: true },
      always: { guard: 'isPermitted', target: 'CREATED' },
      on: { 'container.stopRequested': neverStarted, 'container.dependencyFailed': gaveUp },
    },
    CREATED: {
      description: 'The container is created and being started.',
      meta: agent,
      after: { start: 'RUNNING' },
      // The agent checks a dependency's startTimeout only until its dependant is
      // created; we check it until it starts (about a second more), so that the
      // task's view and the container never disagree (our simplification).
      on: { 'container.stopRequested': neverStarted, 'container.dependencyFailed': gaveUp },
    },
    RUNNING: {
      description:
        'The process runs. Health checks, if defined, decide its healthStatus, and go on deciding it: a HEALTHY container whose checks fail as many times in a row as its healthCheck.retries says turns UNHEALTHY. Containers waiting on it (dependsOn COMPLETE, SUCCESS or HEALTHY) give up after its startTimeout, if it has one (the task definition parameters).',
      // the status is the agent's; health checks and startTimeout are the task definition's parameters
      meta: { ...agent, source: SOURCES.taskDefinition },
      entry: [assign({ started: true }), 'reportStarted', 'scheduleWhileRunning'],
      exit: 'cancelWhileRunning',
      on: {
        // Its dependants stop waiting for it (the task decides whether any still was).
        'container.startTimeoutPassed': { actions: sendParent(({ context }) => ({ type: 'container.startTimedOut', name: context.name })) },
        'container.healthVerdict': [
          {
            guard: 'healthChecksFail',
            actions: [
              assign({ healthStatus: 'UNHEALTHY' }),
              sendParent(({ context }) => ({ type: 'container.unhealthy', name: context.name })),
              'scheduleRecovery',
            ],
          },
          {
            guard: 'hasHealthCheck',
            actions: [
              assign({ healthStatus: 'HEALTHY' }),
              sendParent(({ context }) => ({ type: 'container.healthy', name: context.name })),
              'scheduleFailure',
            ],
          },
        ],
        'container.appStoppedAnswering': {
          actions: 'stopAnswering',
          description:
            'The app stops answering its health check (HealthChecksFail): every check from now fails, and the retries-th failure in a row makes it UNHEALTHY (failures inside the start period do not count until a check has passed).',
          meta: { source: SOURCES.taskDefinition, inferred: false },
        },
        'container.processExited': {
          target: 'STOPPED',
          actions: assign({ exitCode: ({ event }) => event.exitCode }),
        },
        'container.stopRequested': {
          target: 'STOPPING',
          actions: assign({ signals: ({ context }) => [...context.signals, 'SIGTERM' as const] }),
        },
        'container.capacityReclaimed': reclaimed,
      },
    },
    STOPPING: {
      description:
        'The agent sent SIGTERM and waits for the process to exit, at most stopTimeout (30 s by default), before SIGKILL (documented: StopTask). The status name is ours: the agent has none for this wait, and DescribeTasks still says RUNNING.',
      // SIGTERM, stopTimeout and SIGKILL are documented; a status of its own is our model
      meta: { source: SOURCES.stopTask, inferred: true, partly: true },
      after: {
        stopOutcome: [
          { guard: 'exitsOnSigterm', target: 'STOPPED', actions: assign({ exitCode: ({ context }) => context.sigtermExitCode }) },
          {
            target: 'STOPPED',
            actions: assign({ exitCode: 137, signals: ({ context }) => [...context.signals, 'SIGKILL' as const] }),
          },
        ],
      },
      on: {
        'container.processExited': {
          target: 'STOPPED',
          actions: assign({ exitCode: ({ event }) => event.exitCode }),
        },
        'container.capacityReclaimed': reclaimed,
      },
    },
    STOPPED: {
      type: 'final',
      description: 'The container has exited (or never started). Its exit code, if any, is kept.',
      meta: agent,
    },
  },
  output: ({ context }) => ({ exitCode: context.exitCode, reason: context.reason, started: context.started }),
});
