// The task's elastic network interface (awsvpc only). It attaches on its own
// when the task starts (PROVISIONING) and is detached and deleted when the
// task asks (DEPROVISIONING). Which sub-status belongs to which task state is
// our model: AWS lists the statuses but not the mapping.
import { assign, cancel, enqueueActions, not, sendParent, setup } from 'xstate';
import { SOURCES } from './status.ts';
import type { EniInput } from './task.types.ts';

/** How the attachment ends: attached after attachMs, or FAILED at the agent's deadline (AttachEni fault). */
export const attachOutcome = (i: EniInput) => (i.failAttach ? { ms: i.attachTimeoutMs, attached: false } : { ms: i.attachMs, attached: true });

/** `partly`: the status names are the API's (Attachment), their moments our model (facts §4). */
const inferred = { source: SOURCES.attachment, inferred: true, partly: true } as const;
/** wholly our model: the end of a ReleaseEni fault */
const ours = { source: SOURCES.attachment, inferred: true } as const;
/** said in each such status's description */
const WHEN = ' (The status is AWS’s; when it comes in the task’s life is our model.)';

/**
 * ECS may manage the interface again (its role or permissions are back: the
 * ReleaseEni fault ends). Where a release was held, it starts over from the
 * state it was held in (inferred).
 */
const restored = (state: 'DETACHING' | 'DETACHED') => ({
  target: state,
  reenter: true,
  actions: 'allowRelease' as const,
  meta: ours,
  description: 'ECS can manage the interface again (its role or permissions are back): the release goes on',
});

/** The id of the creation's timer. */
const CREATE_ID = 'create';

export const eniMachine = setup({
  types: {
    input: {} as EniInput,
    context: {} as EniInput,
    /** `neverCreated`: the task was never placed, so creation never began (capacity wait). */
    /** `eni.releaseRestored`: ECS may manage the interface again (the ReleaseEni fault ends). */
    /** `eni.created`: raised by the interface itself, createMs after it was begun */
    events: {} as { type: 'eni.deleteRequested'; neverCreated?: boolean } | { type: 'eni.releaseRestored' } | { type: 'eni.created' },
  },
  delays: {
    // One timer for the attachment's outcome (see target.machine.ts).
    attachOutcome: ({ context }) => attachOutcome(context).ms,
    detach: ({ context }) => context.detachMs,
    delete: ({ context }) => context.deleteMs,
  },
  actions: {
    allowRelease: assign({ releaseBlocked: false }),
    // No timer for an interface never created (its task is never placed): an
    // `after` would need an infinite delay, which a real clock fires at once.
    scheduleCreation: enqueueActions(({ context, enqueue }) => {
      if (context.createMs !== null) enqueue.raise({ type: 'eni.created' }, { delay: context.createMs, id: CREATE_ID });
    }),
    cancelCreation: enqueueActions(({ context, enqueue }) => {
      if (context.createMs !== null) enqueue(cancel(CREATE_ID));
    }),
  },
  guards: {
    attachFails: ({ context }) => context.failAttach,
    releaseBlocked: ({ context }) => context.releaseBlocked,
    neverCreated: ({ event }) => event.type === 'eni.deleteRequested' && event.neverCreated === true,
  },
}).createMachine({
  id: 'eni',
  context: ({ input }) => input,
  initial: 'PRECREATED',
  // Restored before the release began: nothing was held.
  on: { 'eni.releaseRestored': { actions: 'allowRelease' } },
  states: {
    PRECREATED: {
      description:
        'ECS has chosen a subnet for the task’s network interface and creates it: at once, or, for a task waiting for an instance with room, once the task is placed.' + WHEN,
      // the status is AWS's; where it sits in the task's life is our model (facts §4)
      meta: inferred,
      entry: 'scheduleCreation',
      exit: 'cancelCreation',
      // Nothing is attached yet: straight to deletion; nothing at all when it was never begun.
      on: {
        'eni.created': 'CREATED',
        'eni.deleteRequested': [
          { guard: 'neverCreated', target: 'DELETED', description: 'Stopped before the interface was begun: nothing to delete (our model).', meta: { inferred: true, ours: 'nothing was created' } },
          { target: 'DETACHED', description: 'Stopped while the interface was created: never attached, so deleted at once (our model).', meta: { inferred: true, ours: 'never attached, deleted at once' } },
        ],
      },
    },
    CREATED: {
      description: 'The network interface exists; ECS is about to attach it.' + WHEN,
      meta: inferred,
      always: 'ATTACHING',
    },
    ATTACHING: {
      description: 'The network interface is being attached to the host that will run the task.' + WHEN,
      meta: { source: SOURCES.awsvpc, inferred: true, partly: true },
      after: {
        attachOutcome: [{ guard: 'attachFails', target: 'FAILED' }, { target: 'ATTACHED' }],
      },
      on: {
        'eni.deleteRequested': { target: 'DETACHING', description: 'Stopped while the interface was attached: detached once it is (our model).', meta: { inferred: true, ours: 'stopped while attaching, detached at once' } },
      },
    },
    ATTACHED: {
      description: 'The network interface is attached: the task has its private IP address.',
      meta: { source: SOURCES.awsvpc, inferred: false },
      entry: sendParent({ type: 'eni.attached' }),
      on: { 'eni.deleteRequested': 'DETACHING' },
    },
    FAILED: {
      description:
        'The attachment did not complete in time. ECS gives up and the task stops with TaskFailedToStart and "Timeout waiting for network interface provisioning to complete." (AWS’s stopped-task error codes).' +
        WHEN,
      meta: { source: SOURCES.stoppedErrors, inferred: true, partly: true },
      entry: sendParent({ type: 'eni.failed' }),
      on: {
        'eni.deleteRequested': { target: 'DETACHED', description: 'The attachment never completed: the interface is deleted without a detach (our model).', meta: { inferred: true, ours: 'deleted without a detach' } },
      },
    },
    DETACHING: {
      description:
        'The task no longer needs its network: the interface is being detached. Tasks are reported stuck in DEPROVISIONING when an IAM role their service uses, or its permissions, was deleted, until it is restored (ReleaseEni fault); that it is the interface that waits, here, is our model.' + WHEN,
      meta: inferred,
      after: { detach: { guard: not('releaseBlocked'), target: 'DETACHED' } },
      on: { 'eni.releaseRestored': restored('DETACHING') },
    },
    DETACHED: {
      description: 'Detached from the host (or never attached); the interface is being deleted (held here too while the role is missing: our model).' + WHEN,
      meta: inferred,
      after: { delete: { guard: not('releaseBlocked'), target: 'DELETED' } },
      on: { 'eni.releaseRestored': restored('DETACHED') },
    },
    DELETED: {
      type: 'final',
      description: 'The network interface is gone: its IP address, if it had one, is free again. (A task stopped before it got an instance ends here with none created: our model.)',
      meta: { source: SOURCES.attachment, inferred: false },
    },
  },
});
