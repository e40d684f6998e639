// Lays the statecharts out with ELK (layered, left to right) at build time.
// Runs in Node inside the Vite plugin; the browser only gets the numbers.
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { AnyStateMachine } from 'xstate';
import { createTaskMachine } from '../../../machines/task.machine.ts';
import { eniMachine } from '../../../machines/eni.machine.ts';
import { targetMachine } from '../../../machines/target.machine.ts';
import { registryMachine } from '../../../machines/registry.machine.ts';
import { capacityMachine } from '../../../machines/capacity.machine.ts';
import { containerMachine } from '../../../machines/container.machine.ts';
import { chartModel } from '../chart/chart.model.ts';
import { DRAWING_SHAPE } from '../shape.ts';
import type { LayoutSet, MachineLayout } from '../chart/chart.layout.types.ts';

interface Sizing {
  charWidth: number;
  padding: number;
  minWidth: number;
  height: number;
  nodeSpacing: number;
  layerSpacing: number;
}

const TASK: Sizing = { charWidth: 9, padding: 40, minWidth: 120, height: 48, nodeSpacing: 28, layerSpacing: 44 };
const CHILD: Sizing = { charWidth: 7, padding: 18, minWidth: 64, height: 26, nodeSpacing: 10, layerSpacing: 22 };

async function layoutMachine(machine: AnyStateMachine, s: Sizing): Promise<MachineLayout> {
  const model = chartModel(machine);
  const elk = new ELK();
  const input: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': String(s.nodeSpacing),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(s.layerSpacing),
      'elk.spacing.edgeEdge': '6',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '6',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
      // keep the documented order of the states on the main path
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: model.states.map((st) => ({
      id: st.key,
      width: Math.max(s.minWidth, st.key.length * s.charWidth + s.padding),
      height: s.height,
    })),
    edges: model.edges.map((e) => ({ id: e.key, sources: [e.source], targets: [e.target] })),
  };
  const graph = await elk.layout(input);
  const layout: MachineLayout = { width: graph.width ?? 0, height: graph.height ?? 0, states: {}, edges: {} };
  for (const n of graph.children ?? []) layout.states[n.id] = { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 };
  for (const e of graph.edges ?? []) {
    const sec = e.sections?.[0];
    if (sec) layout.edges[e.id] = [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint].map(({ x, y }) => ({ x, y }));
  }
  return layout;
}


export async function layoutAll(): Promise<LayoutSet> {
  const [task, capacity, eni, target, registry, container] = await Promise.all([
    layoutMachine(createTaskMachine(DRAWING_SHAPE), TASK),
    layoutMachine(capacityMachine, CHILD),
    layoutMachine(eniMachine, CHILD),
    layoutMachine(targetMachine, CHILD),
    layoutMachine(registryMachine, CHILD),
    layoutMachine(containerMachine, CHILD),
  ]);
  return { task, capacity, eni, target, registry, container };
}
