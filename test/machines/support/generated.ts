// Graphs and lifecycles per configuration, computed once per task shape and
// world (bridge and host give the same shape; Fargate and EC2 with awsvpc the
// same shape, but only Fargate is interrupted by Spot).
import type { TaskShape } from '../../../machines/task.types.ts';
import { generateLifecycles, serializeWorld, worldGraph, type Lifecycle, type WorldGraph } from '../../../src/sim/paths/lifecycles.ts';
import type { WorldLogic } from '../../../src/sim/paths/explore.ts';
import type { WorldOptions } from '../../../src/sim/paths/world.ts';

const cache = new Map<string, { logic: WorldLogic; graph: WorldGraph; lifecycles: Lifecycle[] }>();

export function generated(shape: TaskShape, world: WorldOptions) {
  const key = JSON.stringify([shape, world]);
  let g = cache.get(key);
  if (!g) {
    const { logic, graph } = worldGraph(shape, world);
    g = { logic, graph, lifecycles: generateLifecycles(shape, world) };
    cache.set(key, g);
  }
  return g;
}

/** Keys of the states from which no sequence of events leads to STOPPED. */
export function cannotStop(graph: WorldGraph): string[] {
  const back = new Map<string, string[]>();
  const ok = new Set<string>();
  for (const [key, node] of Object.entries(graph)) {
    if (node.state.task.status === 'done') ok.add(key);
    for (const t of Object.values(node.transitions)) {
      const to = serializeWorld(t.state);
      back.set(to, [...(back.get(to) ?? []), key]);
    }
  }
  const queue = [...ok];
  while (queue.length) for (const from of back.get(queue.shift()!) ?? []) if (!ok.has(from)) (ok.add(from), queue.push(from));
  return Object.keys(graph).filter((k) => !ok.has(k));
}
