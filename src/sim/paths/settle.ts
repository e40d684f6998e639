// A generated path keeps the order the graph walk first found, and the walk
// keeps one path per end state: a target's health verdict may come before
// the other registrations of ACTIVATING although it takes the health checks'
// interval times their threshold (10 s at the least, a minute by default)
// and a registration a second or two. Timed as it stands (timing.ts keeps a
// path's order), that registration, and RUNNING with it, would wait for the
// verdict. Here such a verdict is moved after the registrations that follow
// it, wherever the machine takes the steps in that order to the same end.
import type { WorldLogic, WorldState } from './explore.ts';
import type { WorldEvent } from './world.ts';

const VERDICTS = new Set(['target.healthy', 'target.unhealthy']);
const REGISTRATIONS = new Set(['target.registered', 'target.failed', 'registry.registered', 'registry.failed']);

/** Replays `events` from `start`, each among those the world offers at its turn; null when one is not. */
function replay(logic: WorldLogic, start: WorldState, events: WorldEvent[]): WorldState[] | null {
  const states = [start];
  for (const e of events) {
    const from = states.at(-1)!;
    const wanted = JSON.stringify(e);
    if (!logic.events(from).some((x) => JSON.stringify(x) === wanted)) return null;
    states.push(logic.transition(from, e));
  }
  return states;
}

/**
 * The same lifecycle with each target verdict after the registrations that
 * directly follow it, when `sameEnd` holds for the reordered end; else the
 * path as it was.
 */
export function settleVerdicts(
  logic: WorldLogic,
  path: { events: WorldEvent[]; states: WorldState[] },
  sameEnd: (end: WorldState) => boolean,
): { events: WorldEvent[]; states: WorldState[] } {
  let { events, states } = path;
  for (let i = 0; i + 1 < events.length; i++) {
    if (!VERDICTS.has(events[i]!.type) || !REGISTRATIONS.has(events[i + 1]!.type)) continue;
    const swapped = [...events.slice(0, i), events[i + 1]!, events[i]!, ...events.slice(i + 2)];
    const rest = replay(logic, states[i]!, swapped.slice(i));
    if (!rest || !sameEnd(rest.at(-1)!)) continue;
    events = swapped;
    states = [...states.slice(0, i), ...rest];
    // the verdict may now precede another registration: look again from the one before
    i = Math.max(-1, i - 2);
  }
  return { events, states };
}
