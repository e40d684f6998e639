// How alike two scenarios are, to tell an edited preset from another
// scenario pasted over it: the share of their leaves (path = value) they have
// in common. An edit changes a few; another scenario most. Formatting and key
// order do not count.

function leaves(value: unknown, path: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${k}`, out);
  else out.add(`${path}=${JSON.stringify(value)}`);
  return out;
}

/** 1 for the same leaves, 0 for none in common (Jaccard). */
export function similarity(a: unknown, b: unknown): number {
  const x = leaves(a, '', new Set());
  const y = leaves(b, '', new Set());
  let common = 0;
  for (const l of x) if (y.has(l)) common++;
  const all = x.size + y.size - common;
  return all === 0 ? 1 : common / all;
}

/** Below this, an edit has become another scenario. */
export const SAME_SCENARIO = 0.5;
