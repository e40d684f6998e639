// Event times are formatted by hand (Date#toISOString was a tenth of a
// lifecycle): they must read exactly as isoEvent does (toISOString without
// trailing zeros, as AWS prints event times), on every kind of day.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsoTimes, isoEvent } from '../../src/sim/project/events.ts';

const START = Date.parse('2026-01-01T00:00:00Z');

describe('IsoTimes', () => {
  it('should print milliseconds without trailing zeros, and none on a whole second, as AWS does', () => {
    const times = new IsoTimes(START);
    expect([0, 800, 50, 7, 120, 999, 1000, 60_010].map(times.at)).toEqual([
      '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.8Z', '2026-01-01T00:00:00.05Z', '2026-01-01T00:00:00.007Z',
      '2026-01-01T00:00:00.12Z', '2026-01-01T00:00:00.999Z', '2026-01-01T00:00:01Z', '2026-01-01T00:01:00.01Z',
    ]);
    expect([0, 800, 50, 7, 120, 999, 1000, 60_010].map((ms) => isoEvent(START + ms))).toEqual([0, 800, 50, 7, 120, 999, 1000, 60_010].map(times.at));
  });

  it('should give what isoEvent gives, with milliseconds and in whole seconds, across days, leap days and years', () => {
    const times = new IsoTimes(START);
    const edges = [0, 1, 999, 1000, 59_999, 3_599_999, 86_399_999, 86_400_000, Date.parse('2028-02-29T23:59:59.999Z') - START, -1, -86_400_001];
    for (const ms of edges) {
      expect(times.at(ms)).toBe(isoEvent(START + ms));
      expect(times.seconds(ms)).toBe(new Date(Math.floor((START + ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('should agree with isoEvent on any instant from 1970 to the year 9000, in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('9000-01-01T00:00:00Z') }), (epoch) => {
        const times = new IsoTimes(0);
        expect(times.at(epoch)).toBe(isoEvent(epoch));
        expect(Date.parse(times.at(epoch))).toBe(epoch);
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});
