// A generated path keeps the order the graph walk first found, and the walk
// keeps one path per end state: a target's health verdict may come before
// the other registrations of ACTIVATING although it takes the health checks'
// interval times their threshold (10 s at the least, a minute by default)
// and a registration a second or two. Timed as it stands (timing.ts keeps a
// path's order), that registration, and RUNNING with it, would wait for the
// verdict. Here such a verdict is moved after the registrations that follow
// it, wherever the machine takes the steps in that order to the same end.
// Given the scenario's timings, settleTimes does the same for any step the
// order holds back.
import type { WorldLogic, WorldState } from './explore.ts';
import type { WorldEvent } from './world.ts';

const VERDICTS = new Set(['target.healthy', 'target.unhealthy']);
const REGISTRATIONS = new Set(['target.registered', 'target.failed', 'registry.registered', 'registry.failed']);

type Steps = { events: WorldEvent[]; states: WorldState[] };

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
  path: Steps,
  sameEnd: (end: WorldState) => boolean,
): Steps {
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

/**
 * For one lifecycle's path: how long each step of it, or of another order of
 * its steps, is held back by the order it has (timing.ts), states[0] first.
 */
export type HeldBack = (lifecycle: Steps) => (path: Steps) => number[];

/**
 * The walk keeps whichever order of two steps it met first, and a timed path
 * keeps that order (timing.ts): after a Spot notice the drain could end
 * before the container's SIGTERM exit, 30 s late, and a crash in a drain
 * waited for its end. Here a step held back is moved before the step it
 * waits for (or before several, up to REACH), wherever the machine takes them in that order to the same end,
 * as long as the steps are held back for less in all: the order `run` gives
 * them. Each move makes the total smaller, so it ends.
 */
/** How many steps back a held step may move at once. */
const REACH = 4;

export function settleTimes(
  logic: WorldLogic,
  path: Steps,
  sameEnd: (end: WorldState) => boolean,
  heldBack: HeldBack,
  /** a world state with nothing merged (no target group, no container stands in for another): equal ones have the same future */
  serialize: (s: WorldState) => string,
): Steps {
  const keys = new WeakMap<WorldState, string>();
  const exactly = (s: WorldState) => {
    let key = keys.get(s);
    if (key === undefined) keys.set(s, (key = serialize(s)));
    return key;
  };
  const total = (held: number[]) => held.reduce((a, b) => a + b, 0);
  const heldIn = heldBack(path);
  let held = heldIn(path);
  // bounded: each move lowers the total; a long path may still offer many small ones
  for (let moves = 0; total(held) > 0 && moves < 4 * path.events.length; moves++) {
    let moved = false;
    // events[k - 1] led to states[k]: held[k] says how late it came
    for (let k = held.length - 1; k >= 2 && !moved; k--) {
      if (held[k]! <= 0) continue;
      // moved back one step, or past several that end at one moment (two target groups' drains)
      const e = k - 1;
      for (let j = e - 1; j >= Math.max(0, e - REACH) && !moved; j--) {
        const { events, states } = path;
        const reordered = [...events.slice(0, j), events[e]!, ...events.slice(j, e), ...events.slice(e + 1)];
        // steps that commute lead to the same world: the rest of the path stands as it was
        const span = replay(logic, states[j]!, reordered.slice(j, e + 1));
        if (!span) continue;
        const commute = exactly(span.at(-1)!) === exactly(states[e + 1]!);
        const rest = commute ? [...span, ...states.slice(e + 2)] : replay(logic, states[j]!, reordered.slice(j));
        if (!rest || (!commute && !sameEnd(rest.at(-1)!))) continue;
        const tried = { events: reordered, states: [...states.slice(0, j), ...rest] };
        const after = heldIn(tried);
        if (total(after) >= total(held)) continue;
        path = tried;
        held = after;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return path;
}
