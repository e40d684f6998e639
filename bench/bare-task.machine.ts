// The baseline: a bare XState machine with the same eight states and no side
// steps, each state left after a fixed delay. What a lifecycle costs in XState
// itself, to compare the full simulation against.
import { createMachine } from 'xstate';

const order = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'] as const;

export const bareTaskMachine = createMachine({
  id: 'bare-task',
  initial: 'PROVISIONING',
  states: Object.fromEntries(
    order.map((s, i) => [s, i === order.length - 1 ? { type: 'final' as const } : { after: { 1000: order[i + 1]! } }]),
  ),
});
