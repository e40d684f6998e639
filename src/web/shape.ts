// Which states and side steps a scenario's task has, read from the scenario
// the same way the statechart decides it (facts §1): PROVISIONING with awsvpc
// or a wait for capacity, DEPROVISIONING only with awsvpc; ACTIVATING and DEACTIVATING only with a
// target group or a Cloud Map registry.
import type { TaskStatus } from '../../machines/status.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { taskShape } from '../sim/timings.ts';
import { capacityWait } from '../sim/scenario/capacity.ts';
import { containerActorId, targetActorId } from '../../machines/task.rules.ts';
import { targetGroupName } from '../sim/ids.ts';

export { DRAWING_SHAPE } from '../sim/status-marks.ts';

export interface ChildActor {
  /** the invoke id: eni, target-0, registry, container-web */
  id: string;
  kind: 'capacity' | 'eni' | 'target' | 'registry' | 'container';
  title: string;
}

/** Where the task starts: PROVISIONING when it has an ENI to attach or waits for capacity (as the task machine decides from the same shape). */
export function initialStatus(sc: Scenario): TaskStatus {
  const shape = taskShape(sc);
  return shape.eni || shape.capacity ? 'PROVISIONING' : 'PENDING';
}

/** The states the task can visit, from the shape the machine is built from (facts §1). */
export function reachableStates(sc: Scenario): Set<TaskStatus> {
  const shape = taskShape(sc);
  const registers = shape.targets > 0 || shape.registry;
  const all: [TaskStatus, boolean][] = [
    ['PROVISIONING', shape.eni || shape.capacity],
    ['PENDING', true],
    ['ACTIVATING', registers],
    ['RUNNING', true],
    ['DEACTIVATING', registers],
    ['STOPPING', true],
    ['DEPROVISIONING', shape.eni],
    ['STOPPED', true],
  ];
  return new Set(all.filter(([, yes]) => yes).map(([st]) => st));
}

export function childActors(sc: Scenario): ChildActor[] {
  const out: ChildActor[] = [];
  if (capacityWait(sc)) out.push({ id: 'capacity', kind: 'capacity', title: 'Capacity (waiting for an instance)' });
  if (sc.taskDefinition.networkMode === 'awsvpc') out.push({ id: 'eni', kind: 'eni', title: 'ENI attachment' });
  sc.loadBalancers.forEach((lb, i) =>
    out.push({ id: targetActorId(i), kind: 'target', title: `Target in ${targetGroupName(lb.targetGroupArn)} (${lb.containerName}:${lb.containerPort})` }),
  );
  if (sc.serviceRegistries.length > 0) out.push({ id: 'registry', kind: 'registry', title: 'Cloud Map instance' });
  for (const c of sc.taskDefinition.containerDefinitions)
    out.push({ id: containerActorId(c.name), kind: 'container', title: `Container ${c.name}${c.essential ? ' (essential)' : ''}` });
  return out;
}

export { targetGroupName };
