// The drawable structure of a machine, read from the machine itself
// (`machine.root`): its top-level states and the transitions between them.
// Pure, so the build-time layout (Node) and the browser read the same shape
// and match positions by key.
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface ChartState {
  key: string;
  description: string;
  inferred: boolean;
  /** a state AWS documents, part of what happens in it our model */
  partly: boolean;
  why: string | null;
  source: string | null;
  final: boolean;
}

export interface ChartEdge {
  /** `SOURCE->TARGET`: a machine has at most one edge per pair once events are merged */
  key: string;
  source: string;
  target: string;
  /** what triggers it: event names, `after <delay>`, or an eventless transition's condition in words */
  label: string;
  inferred: boolean;
  /** an edge several causes share, some of them our model: those causes (empty otherwise) */
  partlyOurs: string[];
  description: string | null;
}

export interface ChartModel {
  id: string;
  initial: string | null;
  states: ChartState[];
  edges: ChartEdge[];
}

interface Meta {
  inferred?: boolean;
  partly?: boolean;
  /** a documented transition that also stands for a cause of ours: that cause */
  partlyOurs?: string;
  why?: string;
  source?: string;
}

/** `xstate.after.create.eni.PRECREATED` reads better as `after create`. */
function eventLabel(eventType: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  return eventType;
}

export function chartModel(machine: AnyStateMachine): ChartModel {
  const root = machine.root;
  const edges = new Map<string, ChartEdge>();
  /** each edge's causes, and whether each is our model */
  const ours = new Map<string, [label: string, inferred: boolean][]>();
  const states: ChartState[] = [];
  for (const node of Object.values(root.states) as AnyStateNode[]) {
    const meta = (node.meta ?? {}) as Meta;
    states.push({
      key: node.key,
      description: node.description ?? '',
      inferred: meta.inferred === true,
      partly: meta.inferred === true && meta.partly === true,
      why: meta.why ?? null,
      source: meta.source ?? null,
      final: node.type === 'final',
    });
    const all = [...node.transitions.entries()].flatMap(([ev, ts]) => ts.map((t) => ({ ev, t })));
    for (const t of node.always ?? []) all.push({ ev: '', t });
    for (const { ev, t } of all) {
      for (const target of t.target ?? []) {
        if (target.parent !== root || target === node) continue;
        const key = `${node.key}->${target.key}`;
        const tMeta = (t.meta ?? {}) as Meta;
        const prev = edges.get(key);
        // an eventless transition is told by its condition, in words, not by "always"
        const label = ev === '' ? (t.description ?? 'at once') : eventLabel(ev);
        if (prev) {
          if (!prev.label.split(' | ').includes(label)) prev.label += ` | ${label}`;
          ours.get(key)!.push([label, tMeta.inferred === true], ...(tMeta.partlyOurs ? [[tMeta.partlyOurs, true] as [string, boolean]] : []));
          continue;
        }
        ours.set(key, [[label, tMeta.inferred === true], ...(tMeta.partlyOurs ? [[tMeta.partlyOurs, true] as [string, boolean]] : [])]);
        edges.set(key, { key, source: node.key, target: target.key, label, inferred: tMeta.inferred === true, partlyOurs: [], description: ev === '' ? null : (t.description ?? null) });
      }
    }
  }
  // an edge is inferred when all its causes are; with some, it says which
  for (const edge of edges.values()) {
    const parts = ours.get(edge.key)!;
    edge.inferred = parts.every(([, inferred]) => inferred);
    edge.partlyOurs = edge.inferred ? [] : [...new Set(parts.filter(([, inferred]) => inferred).map(([label]) => label))];
  }
  const initial = root.initial?.target?.[0]?.key ?? null;
  return { id: root.id, initial, states, edges: [...edges.values()] };
}
