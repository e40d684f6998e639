// The task's Cloud Map instance (service discovery). AWS documents that it is
// registered in ACTIVATING and removed before the stop; the statuses are our
// names for the RegisterInstance / DeregisterInstance operations.
import { sendParent, setup } from 'xstate';
import { SOURCES } from './status.ts';
import type { RegistryInput } from './task.types.ts';

export type RegistryEvent = { type: 'registry.registerRequested' } | { type: 'registry.deregisterRequested' };

/** The registration and removal are documented (DG-SD); the status names are ours. */
const meta = { source: SOURCES.serviceDiscovery, inferred: true, partly: true } as const;
/** Wholly ours: a status for no instance yet, and a failed registration failing the task. */
const oursMeta = { source: SOURCES.serviceDiscovery, inferred: true } as const;

export const registryMachine = setup({
  types: {
    input: {} as RegistryInput,
    context: {} as RegistryInput,
    events: {} as RegistryEvent,
  },
  delays: {
    register: ({ context }) => context.registerMs,
    deregister: ({ context }) => context.deregisterMs,
  },
  guards: {
    registerFails: ({ context }) => context.failRegister,
  },
}).createMachine({
  id: 'registry',
  context: ({ input }) => input,
  initial: 'NOT_REGISTERED',
  states: {
    NOT_REGISTERED: {
      description: 'No Cloud Map instance yet: ECS registers one once the containers run.',
      meta: oursMeta,
      on: {
        'registry.registerRequested': 'REGISTERING',
        'registry.deregisterRequested': { target: 'DEREGISTERED', description: 'Stopped before the registration began: nothing to remove (our model).', meta: { inferred: true, ours: 'AWS describes only the removal of a registered instance' } },
      },
    },
    REGISTERING: {
      description: 'ECS is calling RegisterInstance so the task can be found by its DNS name (documented, in ACTIVATING; the status name is ours).',
      // registration in ACTIVATING is documented; this status name is ours
      meta,
      after: {
        register: [
          { guard: 'registerFails', target: 'FAILED', description: 'RegisterInstance failed (our model: AWS does not describe the failure).', meta: { inferred: true } },
          { target: 'REGISTERED' },
        ],
      },
      on: {
        'registry.deregisterRequested': { target: 'DEREGISTERING', description: 'Stopped while being registered: removed as a registered instance is (our model).', meta: { inferred: true, ours: 'stopped while registering, removed as if registered' } },
      },
    },
    REGISTERED: {
      description: 'The task is discoverable: its instance answers DNS queries for the service (the status name is ours).',
      meta,
      entry: sendParent({ type: 'registry.registered' }),
      on: { 'registry.deregisterRequested': 'DEREGISTERING' },
    },
    FAILED: {
      // final: no instance exists, so the stop has nothing to remove here and
      // the task does not pass DEACTIVATING for it (a failed target is the same)
      type: 'final',
      description: 'RegisterInstance failed: no instance was created, so the task cannot be discovered and will not start, and its stop has nothing to remove from Cloud Map (our model).',
      meta: oursMeta,
      entry: sendParent({ type: 'registry.failed' }),
    },
    DEREGISTERING: {
      description: 'ECS is calling DeregisterInstance: clients stop finding the task. AWS documents the removal before the stop; that it happens in DEACTIVATING, as the registration did in ACTIVATING, and the status name are ours.',
      meta,
      after: { deregister: 'DEREGISTERED' },
    },
    DEREGISTERED: {
      type: 'final',
      description: 'The Cloud Map instance is gone (the status name is ours).',
      meta,
    },
  },
});
