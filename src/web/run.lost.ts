// A run lives in the page: a reload keeps the scenario, the speed and the
// settings, but not the run on screen. Without a word the page just read "Not
// running yet", as if nothing had been there. This tab's session storage (not
// shared with other tabs, kept across a reload) remembers that a run was on.
const KEY = 'ecs-lifecycle.run-on-screen';

/** A run is on screen (true), or none is (false: reset, or a new scenario). */
export function markRun(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(KEY, '1');
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage refused (private mode): the reload then says nothing, as before
  }
}

/** What to say after a reload that dropped a run (once), or null. */
export function runLostByReload(runLabel: string): string | null {
  try {
    if (sessionStorage.getItem(KEY) === null) return null;
    sessionStorage.removeItem(KEY);
  } catch {
    return null;
  }
  return `The run on screen before the reload is gone (a run lives in the page; the scenario, speed and settings are kept): ${runLabel} runs it again from 0, the same seed giving the same run.`;
}
