// The names of a lifecycle's steps as `paths --format json` prints them.
// The walk records the statechart's own events, and a child actor's end is
// XState's `xstate.done.actor.<id>`: a library detail, not ECS vocabulary. A
// tool matching on steps gets the side resource's final status instead, as
// its other steps are named (`eni.attached` … `eni.deleted`), so the names
// hold whatever XState calls its internal events.
const FINAL: [RegExp, (...m: string[]) => string][] = [
  [/^xstate\.done\.actor\.eni$/, () => 'eni.deleted'],
  [/^xstate\.done\.actor\.registry$/, () => 'registry.deregistered'],
  [/^xstate\.done\.actor\.target-(\d+)$/, (i) => `target.unused ${i}`],
  [/^xstate\.done\.actor\.container-(.+) (\((?:exitCode \d+|pull failed|never started)\))$/, (name, how) => `container.stopped ${name} ${how}`],
];

/** A step as tools see it: `eni.deleted`, `target.unused 0`, `container.stopped web (exitCode 137)`; other steps keep their event's name. */
export function publicStep(step: string): string {
  for (const [re, name] of FINAL) {
    const m = re.exec(step);
    if (m) return name(...m.slice(1));
  }
  return step;
}
