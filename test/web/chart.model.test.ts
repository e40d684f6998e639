// What the chart draws dashed: a transition AWS does not document. An arrow
// that several causes share is dashed only when all are ours; when some are,
// it says which (chart.model.ts), so a documented drain does not hide a Spot reclaim.
import { describe, expect, it } from 'vitest';
import { chartModel } from '../../src/web/chart/chart.model.ts';
import { createTaskMachine } from '../../machines/task.machine.ts';
import { DRAWING_SHAPE } from '../../src/sim/status-marks.ts';
import { targetMachine } from '../../machines/target.machine.ts';
import { eniMachine } from '../../machines/eni.machine.ts';
import { registryMachine } from '../../machines/registry.machine.ts';
import { containerMachine } from '../../machines/container.machine.ts';
import { capacityMachine } from '../../machines/capacity.machine.ts';

const edge = (machine: Parameters<typeof chartModel>[0], key: string) => {
  const found = chartModel(machine).edges.find((e) => e.key === key);
  if (!found) throw new Error(`no edge ${key}`);
  return { inferred: found.inferred, partlyOurs: found.partlyOurs };
};

describe('the chart’s inferred transitions', () => {
  it('should name the causes that are ours on an arrow whose other causes AWS documents', () => {
    expect(edge(targetMachine, 'draining->unused')).toEqual({ inferred: false, partlyOurs: ['target.capacityReclaimed'] });
    expect(edge(containerMachine, 'RUNNING->STOPPED')).toEqual({ inferred: false, partlyOurs: ['container.capacityReclaimed'] });
    expect(edge(targetMachine, 'initial->healthy')).toEqual({ inferred: false, partlyOurs: [] });
    expect(edge(createTaskMachine(DRAWING_SHAPE), 'RUNNING->DEACTIVATING')).toEqual({ inferred: false, partlyOurs: [] });
  });

  it('should long-dash a stop route AWS documents for one cause that we take for another too, naming ours', () => {
    const task = createTaskMachine(DRAWING_SHAPE);
    // documented for an interface that timed out, and for a capacity wait that gave up
    expect(edge(task, 'PROVISIONING->DEPROVISIONING')).toEqual({ inferred: false, partlyOurs: ['a stop before the interface attached'] });
    expect(edge(task, 'PROVISIONING->STOPPED')).toEqual({ inferred: false, partlyOurs: ['a stop during the capacity wait'] });
  });

  it('should dash what a side step does when stopped or failed half-way, which AWS does not describe', () => {
    const ours = { inferred: true, partlyOurs: [] };
    expect(edge(targetMachine, 'notRegistered->unused')).toEqual(ours);
    expect(edge(targetMachine, 'registering->unused')).toEqual(ours);
    expect(edge(targetMachine, 'registering->draining')).toEqual(ours);
    for (const key of ['PRECREATED->DELETED', 'PRECREATED->DETACHED', 'ATTACHING->DETACHING', 'FAILED->DETACHED']) expect(edge(eniMachine, key)).toEqual(ours);
    for (const key of ['NOT_REGISTERED->DEREGISTERED', 'REGISTERING->DEREGISTERING', 'REGISTERING->FAILED']) expect(edge(registryMachine, key)).toEqual(ours);
    expect(edge(capacityMachine, 'WAITING->CANCELLED')).toEqual(ours);
    expect(edge(createTaskMachine(DRAWING_SHAPE), 'PENDING->STOPPING')).toEqual(ours);
  });
});
