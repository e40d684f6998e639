// Virtual time as the clock, the timeline and the event list print it.
import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../../src/web/time.ts';

describe('formatSeconds', () => {
  it('should print tenths below two minutes, then minutes, hours and days', () => {
    expect(formatSeconds(0)).toBe('0.0 s');
    expect(formatSeconds(904_700)).toBe('15 min 04 s');
    // in lists, steps a fraction of a second apart stay apart (whole seconds print as before)
    expect(formatSeconds(904_700, true)).toBe('15 min 04.7 s');
    expect(formatSeconds(900_000, true)).toBe('15 min 00 s');
    expect(formatSeconds(3 * 3600_000 + 65_000)).toBe('3 h 01 min');
    expect(formatSeconds(3 * 3600_000 + 65_000, true)).toBe('3 h 01 min 05 s');
    expect(formatSeconds(50 * 3600_000)).toBe('2 d 02 h 00 min');
  });

  it('should not print "120.0 s" just before "2 min 00 s"', () => {
    expect(formatSeconds(119_940)).toBe('119.9 s');
    expect(formatSeconds(119_960)).toBe('1 min 59 s');
    expect(formatSeconds(120_000)).toBe('2 min 00 s');
  });
});
