// Virtual time as people read it, on the page and in the inspector.

/**
 * Seconds of virtual time, the way the clock shows them. `exact`: keep the
 * seconds however long the run (lists of events, where four entries of one
 * minute must not read alike).
 */
export function formatSeconds(ms: number, exact = false): string {
  // rounded to tenths everywhere, so a time never reads later than the next
  // one (900.29 s: "15 min 00.3 s", as 37.67 s is "37.7 s")
  const inTenths = Math.round(ms / 100);
  // 119.96 s would print as "120.0 s", just before "2 min 00 s"
  if (inTenths < 1200) return `${(inTenths / 10).toFixed(1)} s`;
  const whole = Math.floor(inTenths / 10);
  const s2 = String(whole % 60).padStart(2, '0');
  // in lists (exact), steps a fraction of a second apart must not read as one moment
  const tenths = inTenths % 10;
  if (whole < 7200) return `${Math.floor(whole / 60)} min ${s2}${exact && tenths ? `.${tenths}` : ''} s`;
  // A service left running at max speed reaches days: say so plainly.
  const m2 = String(Math.floor(whole / 60) % 60).padStart(2, '0');
  const hours = Math.floor(whole / 3600);
  const rest = exact ? ` ${s2} s` : '';
  if (hours < 48) return `${hours} h ${m2} min${rest}`;
  return `${Math.floor(hours / 24)} d ${String(hours % 24).padStart(2, '0')} h ${m2} min${rest}`;
}

/**
 * A story's times as the clock will show them: "the StopTask at 600 s" reads
 * "600 s (10 min)", since the clock says "10 min 00 s" when it happens and a
 * class should not have to divide by sixty. Below two minutes the clock shows
 * seconds, as the story does; a time already followed by "(" is left alone.
 */
export function withClockReadings(text: string): string {
  return text.replace(/\b(\d+) s\b(?! \()/g, (all, n: string) => {
    const s = Number(n);
    if (s < 120) return all;
    const min = Math.floor(s / 60);
    const rest = s % 60;
    const reading = min >= 120 ? formatSeconds(s * 1000) : `${min} min${rest ? ` ${String(rest).padStart(2, '0')} s` : ''}`;
    return `${all} (${reading})`;
  });
}
