// Waiting for capacity (EC2 with a managed-scaling capacity provider). When no
// container instance can take the task, ECS no longer fails RunTask at once:
// the task waits in PROVISIONING while the Auto Scaling group scales out, for
// 10 to 30 minutes, then stops (containers-roadmap#2381, the cluster auto
// scaling deep dive). AWS gives this wait no status of its own: the names of
// these states are ours.
import { setup } from 'xstate';
import { SOURCES } from './status.ts';
import type { CapacityInput } from './task.types.ts';

/** How the wait ends: placed when capacity arrives before ECS gives up, else unavailable at the deadline. */
export const placementOutcome = (i: CapacityInput) =>
  i.availableAfterMs !== null && i.availableAfterMs < i.timeoutMs ? { ms: i.availableAfterMs, placed: true } : { ms: i.timeoutMs, placed: false };

export type CapacityEvent = { type: 'capacity.cancelRequested' };

/**
 * How the wait ended, reported as the actor's output (its done event) rather
 * than sent to the task first: a task that gives up stops at once, and a
 * report sent before the done event left that event for a stopped task.
 */
export type CapacityOutput = { outcome: 'PLACED' | 'UNAVAILABLE' | 'CANCELLED' };

// AWS documents the wait and its end (PROVISIONING → STOPPED); the names of these
// states are ours, so they are partly our model, and a stop during the wait wholly.
const meta = { source: SOURCES.capacity, inferred: true, partly: true } as const;

export const capacityMachine = setup({
  types: {
    input: {} as CapacityInput,
    context: {} as CapacityInput,
    events: {} as CapacityEvent,
    output: {} as CapacityOutput,
  },
  delays: {
    // One timer for the outcome (see target.machine.ts).
    placementOutcome: ({ context }) => placementOutcome(context).ms,
  },
  guards: {
    capacityArrives: ({ context }) => placementOutcome(context).placed,
  },
}).createMachine({
  id: 'capacity',
  context: ({ input }) => input,
  initial: 'WAITING',
  output: ({ event }) => event.output as CapacityOutput,
  states: {
    WAITING: {
      description: 'No container instance has room for the task: it waits while the capacity provider scales the Auto Scaling group out (AWS’s cluster auto scaling deep dive gives the wait, 10 to 30 minutes, as quoted in the linked request; the names of these states are ours).',
      meta,
      after: {
        placementOutcome: [{ guard: 'capacityArrives', target: 'PLACED' }, { target: 'UNAVAILABLE' }],
      },
      on: {
        'capacity.cancelRequested': { target: 'CANCELLED', description: 'Stopped while it waited (our model: AWS does not describe a stop during the wait).', meta: { inferred: true, ours: 'a stop during the wait' } },
      },
    },
    PLACED: {
      type: 'final',
      description: 'An instance with room joined the cluster and the task was placed on it.',
      meta,
      output: { outcome: 'PLACED' },
    },
    UNAVAILABLE: {
      type: 'final',
      description: 'ECS gave up waiting (10 to 30 minutes): the task stops without ever leaving PROVISIONING.',
      meta,
      output: { outcome: 'UNAVAILABLE' },
    },
    CANCELLED: {
      type: 'final',
      description: 'The task was stopped while it waited: nothing was placed (AWS does not describe a stop during the wait: our model).',
      meta: { source: SOURCES.capacity, inferred: true },
      output: { outcome: 'CANCELLED' },
    },
  },
});
