// Event times are formatted by hand (Date#toISOString was a tenth of a
// lifecycle): they must read exactly as toISOString does, on every kind of day.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsoTimes } from '../../src/sim/project/events.ts';

const START = Date.parse('2026-01-01T00:00:00Z');

describe('IsoTimes', () => {
  it('should give what toISOString gives, with milliseconds and in whole seconds, across days, leap days and years', () => {
    const times = new IsoTimes(START);
    const edges = [0, 1, 999, 1000, 59_999, 3_599_999, 86_399_999, 86_400_000, Date.parse('2028-02-29T23:59:59.999Z') - START, -1, -86_400_001];
    for (const ms of edges) {
      expect(times.at(ms)).toBe(new Date(START + ms).toISOString());
      expect(times.seconds(ms)).toBe(new Date(Math.floor((START + ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('should agree with toISOString on any instant from 1970 to the year 9000, in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('9000-01-01T00:00:00Z') }), (epoch) => {
        const times = new IsoTimes(0);
        expect(times.at(epoch)).toBe(new Date(epoch).toISOString());
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});
