// Virtual time as people read it, on the page and in the inspector.

/**
 * Seconds of virtual time, the way the clock shows them. `exact`: keep the
 * seconds however long the run (lists of events, where four entries of one
 * minute must not read alike).
 */
export function formatSeconds(ms: number, exact = false): string {
  const sec = ms / 1000;
  // 119.96 s would print as "120.0 s", just before "2 min 00 s"
  if (Math.round(sec * 10) < 1200) return `${sec.toFixed(1)} s`;
  const whole = Math.floor(sec);
  const s2 = String(whole % 60).padStart(2, '0');
  // in lists (exact), steps a fraction of a second apart must not read as one moment
  const tenths = Math.floor((Math.round(ms) % 1000) / 100);
  if (whole < 7200) return `${Math.floor(whole / 60)} min ${s2}${exact && tenths ? `.${tenths}` : ''} s`;
  // A service left running at max speed reaches days: say so plainly.
  const m2 = String(Math.floor(whole / 60) % 60).padStart(2, '0');
  const hours = Math.floor(whole / 3600);
  const rest = exact ? ` ${s2} s` : '';
  if (hours < 48) return `${hours} h ${m2} min${rest}`;
  return `${Math.floor(hours / 24)} d ${String(hours % 24).padStart(2, '0')} h ${m2} min${rest}`;
}
