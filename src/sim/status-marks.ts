// Which states and side-step statuses are our model, read from the machines'
// own `meta` (what the page's chart and badges show): for the CLI's table,
// which has no badge to draw.
import type { AnyStateMachine } from 'xstate';
import { capacityMachine } from '../../machines/capacity.machine.ts';
import { containerMachine } from '../../machines/container.machine.ts';
import { eniMachine } from '../../machines/eni.machine.ts';
import { registryMachine } from '../../machines/registry.machine.ts';
import { targetMachine } from '../../machines/target.machine.ts';
import { createTaskMachine } from '../../machines/task.machine.ts';
import type { TaskShape } from '../../machines/task.types.ts';

/**
 * The shape the task chart is drawn from: every top-level state and
 * transition exists whatever the configuration, so one valid shape serves all.
 */
export const DRAWING_SHAPE: TaskShape = { capacity: true, eni: true, targets: 1, registry: true, containers: [{ name: 'app', essential: true, dependsOn: [], hasHealthCheck: false, hasStartTimeout: false }] };

/** `inferred`: AWS is silent; `partly`: AWS documents it, part of what happens there is ours. */
export type StatusMark = 'inferred' | 'partly';

function marksOf(machine: AnyStateMachine): Map<string, StatusMark> {
  const marks = new Map<string, StatusMark>();
  for (const [key, node] of Object.entries(machine.root.states)) {
    const meta = (node.meta ?? {}) as { inferred?: boolean; partly?: boolean };
    if (meta.inferred) marks.set(key, meta.partly ? 'partly' : 'inferred');
  }
  return marks;
}

let byKind: Record<string, Map<string, StatusMark>> | null = null;

/** The mark of the status `actor` (task, eni, target-0, container-web…) entered, or null when AWS documents it. */
export function statusMark(actor: string, status: string): StatusMark | null {
  byKind ??= {
    task: marksOf(createTaskMachine(DRAWING_SHAPE)),
    capacity: marksOf(capacityMachine),
    eni: marksOf(eniMachine),
    target: marksOf(targetMachine),
    registry: marksOf(registryMachine),
    container: marksOf(containerMachine),
  };
  const kind = actor.startsWith('target-') ? 'target' : actor.startsWith('container-') ? 'container' : actor;
  return byKind[kind]?.get(status) ?? null;
}
