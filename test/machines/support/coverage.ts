// Which states and transitions of a machine a traversal reached. Transitions
// are named `<source state> <event> #<index>` so the same definition built for
// two task shapes counts once.
import { createEmptyActor, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type InspectionEvent } from 'xstate';

type Node = AnyStateMachine['root'];
type Transition = { source: Node; eventType: string; target?: Node[] };

function nodes(root: Node): Node[] {
  return [root, ...Object.values(root.states).flatMap((n) => nodes(n as Node))];
}

const keyOf = (t: Transition, i: number) =>
  `${t.source.id} ${t.eventType || '(always)'}${t.target?.length ? ` → ${t.target.map((n) => n.key).join(',')}` : ''} #${i}`;

function indexIn(t: Transition): number {
  const list = (t.eventType ? t.source.transitions.get(t.eventType) : t.source.always) ?? [];
  return (list as unknown[]).indexOf(t);
}

/** Every state and transition the machine defines. */
export function defined(m: AnyStateMachine): { states: string[]; transitions: string[] } {
  const all = nodes(m.root);
  const transitions = all.flatMap((n) => [
    ...[...n.transitions.values()].flatMap((list) => list.map((t, i) => keyOf(t as Transition, i))),
    ...(n.always ?? []).map((t, i) => keyOf(t as Transition, i)),
  ]);
  return { states: all.filter((n) => n !== m.root).map((n) => n.id), transitions };
}

export class Reached {
  readonly states = new Set<string>();
  readonly transitions = new Set<string>();
  readonly observe = (ev: InspectionEvent) => {
    if (ev.type !== '@xstate.microstep') return;
    for (const t of (ev as unknown as { _transitions: Transition[] })._transitions) this.transitions.add(keyOf(t, indexIn(t)));
    for (const n of (ev.snapshot as AnyMachineSnapshot)._nodes) this.states.add(n.id);
  };
}

/** One step of a child machine's walk: the snapshot before, the event, the snapshot after, and the input it was built with. */
export type ChildStep = { from: AnyMachineSnapshot; event: { type: string }; to: AnyMachineSnapshot; input: unknown };

/**
 * Walk a child machine on its own: every event its states accept, for each input (fault) variant.
 * `extra`: the payload of an event type, or several payloads to try each (guards that read the event).
 * `visit`: sees every step taken, to check what must hold of it.
 */
export function exploreChild(m: AnyStateMachine, inputs: unknown[], extra: Record<string, object | object[]> = {}, visit: (step: ChildStep) => void = () => {}): Reached {
  const reached = new Reached();
  const self = createEmptyActor();
  self.system.inspect(reached.observe);
  // sendParent needs someone to address; the mock scope executes no action anyway.
  Object.assign(self, { _parent: createEmptyActor() });
  const scope = { self, id: '', sessionId: 'cov', logger: () => {}, defer: () => {}, system: self.system, stopChild: () => {}, emit: () => {}, actionExecutor: () => {} } as unknown as AnyActorScope;
  for (const input of inputs) {
    const start = m.getInitialSnapshot(scope, input) as AnyMachineSnapshot;
    for (const n of start._nodes) reached.states.add(n.id);
    const seen = new Set<string>([JSON.stringify([start.value, start.context])]);
    const queue = [start];
    while (queue.length) {
      const s = queue.shift()!;
      if (s.status !== 'active') continue;
      const types = [...new Set(s._nodes.flatMap((n) => [...n.ownEvents]))];
      for (const type of types) {
        const payloads = extra[type];
        for (const payload of Array.isArray(payloads) ? payloads : [payloads ?? {}]) {
          const event = { type, ...payload };
          const next = m.transition(s, event as never, scope) as AnyMachineSnapshot;
          visit({ from: s, event, to: next, input });
          const key = JSON.stringify([next.value, next.context]);
          if (!seen.has(key)) (seen.add(key), queue.push(next));
        }
      }
    }
  }
  return reached;
}

export function missing(def: { states: string[]; transitions: string[] }, r: Reached): string[] {
  return [...def.states.filter((s) => !r.states.has(s)), ...def.transitions.filter((t) => !r.transitions.has(t))];
}
