// Virtual time as the clock, the timeline and the event list print it.
import { describe, expect, it } from 'vitest';
import { formatSeconds, withClockReadings } from '../../src/web/time.ts';

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
    expect(formatSeconds(119_960)).toBe('2 min 00 s');
    expect(formatSeconds(120_000)).toBe('2 min 00 s');
  });

  it('should round the tenths above two minutes as below, so a time never reads earlier than one before it', () => {
    // STOPPING began at 900.0 s and lasted 0.287 s: DEPROVISIONING must not read as 900.2
    expect(formatSeconds(900_287, true)).toBe('15 min 00.3 s');
    expect(formatSeconds(37_672)).toBe('37.7 s');
    expect(formatSeconds(599_960, true)).toBe('10 min 00 s');
    const times = Array.from({ length: 2000 }, (_, i) => 118_000 + i * 37);
    const read = (s: string) => (s.includes('min') ? Number(s.split(' min ')[0]) * 60 + Number(s.split(' min ')[1]!.replace(' s', '')) : Number(s.replace(' s', '')));
    for (let i = 1; i < times.length; i++) expect(read(formatSeconds(times[i]!, true))).toBeGreaterThanOrEqual(read(formatSeconds(times[i - 1]!, true)));
  });
});

describe('withClockReadings', () => {
  it("should give a story's times of two minutes and more as the clock shows them", () => {
    expect(withClockReadings('after the StopTask at 600 s, DEACTIVATING drains for the 300 s deregistration delay'))
      .toBe('after the StopTask at 600 s (10 min), DEACTIVATING drains for the 300 s (5 min) deregistration delay');
    expect(withClockReadings('its target drains until 420 s; crashes at 150 s')).toBe('its target drains until 420 s (7 min); crashes at 150 s (2 min 30 s)');
    // the clock shows seconds below two minutes, as the story does
    expect(withClockReadings('a 30 s stopTimeout, 5 × 30 s, at 90 s, 8 to 16 s')).toBe('a 30 s stopTimeout, 5 × 30 s, at 90 s, 8 to 16 s');
    // not twice, and not inside another word or number
    expect(withClockReadings('at 600 s (10 min)')).toBe('at 600 s (10 min)');
    expect(withClockReadings('ECS_1200 seconds, 1.5 s, 2400 sec')).toBe('ECS_1200 seconds, 1.5 s, 2400 sec');
    expect(withClockReadings('at 7200 s')).toBe('at 7200 s (2 h 00 min)');
  });
});
