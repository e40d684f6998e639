// How alike two scenarios are, to tell an edited preset from another
// scenario pasted over it: the share of their leaves (path = value) they have
// in common. An edit changes a few; another scenario most. Formatting and key
// order do not count.
import { nestedTooDeep } from '../sim/scenario/json.ts';

function leaves(value: unknown, path: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${k}`, out);
  else out.add(`${path}=${JSON.stringify(value)}`);
  return out;
}

/**
 * Each scenario's leaves, worked out once: a pasted scenario is compared with
 * every preset in turn, and a large one (a few MB of environment variables)
 * has hundreds of thousands of leaves.
 */
const known = new WeakMap<object, Set<string>>();
function leavesOf(value: unknown): Set<string> {
  if (typeof value !== 'object' || value === null) return leaves(value, '', new Set());
  let set = known.get(value);
  if (!set) known.set(value, (set = leaves(value, '', new Set())));
  return set;
}

/** 1 for the same leaves, 0 for none in common (Jaccard). */
export function similarity(a: unknown, b: unknown): number {
  const x = leavesOf(a);
  const y = leavesOf(b);
  let common = 0;
  for (const l of x) if (y.has(l)) common++;
  const all = x.size + y.size - common;
  return all === 0 ? 1 : common / all;
}

/** Below this, an edit has become another scenario. */
export const SAME_SCENARIO = 0.5;

/** The JSON of a text, or null when it does not parse, or is nested deeper than a scenario (comparing it would recurse past the stack). */
export function parsedJson(text: string): unknown {
  if (nestedTooDeep(text)) return null;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

/** The same text, or the same scenario however it is spaced and ordered. */
export const sameScenario = (a: string, b: string): boolean => a === b || similarity(parsedJson(a), parsedJson(b)) === 1;
