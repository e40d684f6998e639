// Whether a setting took away part of the scenario beside the field it sets
// (port mappings with a network mode, hand-written target group ARNs with a
// lower count, a registry with its fault): then the scenario as it was is put
// aside. A value changed in place (a launch type, a cpu set) takes nothing.
import { asScenarioObject } from './scenario.rewrite.ts';

/** Every leaf of a JSON value, by its path. */
function leafPaths(value: unknown, path: string, into: Set<string>): Set<string> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leafPaths(v, `${path}/${k}`, into);
    // an emptied list or object was something too
    if (Object.keys(value).length === 0) into.add(path);
  } else into.add(path);
  return into;
}

/** Whether `after` (the scenario a setting wrote) lacks a field, an item or a value's place that `before` had. */
export function removesParts(before: string, after: string): boolean {
  const kept = leafPaths(asScenarioObject(after), '', new Set());
  for (const p of leafPaths(asScenarioObject(before), '', new Set())) if (!kept.has(p)) return true;
  return false;
}
