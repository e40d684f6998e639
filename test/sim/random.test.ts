import { describe, expect, it } from 'vitest';
import { createCountedRandom, createRandom } from '../../src/sim/random.ts';
import { uuid } from '../../src/sim/ids.ts';

const ids = (r: ReturnType<typeof createRandom>, n: number) => Array.from({ length: n }, () => uuid(r));

describe('event id sources', () => {
  // mulberry32 steps its state by 0x6d2b79f5: seeds 60 steps apart are one stream, 12 uuids (5 draws each) apart
  const seed = 12345;
  const later = (seed + 60 * 0x6d2b79f5) >>> 0;

  it('should keep two lifecycles whose seeds lie steps apart from sharing event ids (one id, one event, for a consumer deduplicating)', () => {
    const a = new Set(ids(createCountedRandom(seed), 40));
    expect(ids(createCountedRandom(later), 40).filter((id) => a.has(id))).toEqual([]);
  });

  it('should show why: a stream of sequential draws repeats another seeded steps before it', () => {
    const a = ids(createRandom(seed), 40);
    expect(ids(createRandom(later), 28)).toEqual(a.slice(12));
  });

  it('should stay a deterministic, even source: the same seed gives the same ids; hex digits all appear', () => {
    expect(ids(createCountedRandom(7), 5)).toEqual(ids(createCountedRandom(7), 5));
    const digits = new Set(ids(createCountedRandom(7), 50).join('').replace(/-/g, ''));
    expect(digits.size).toBe(16);
  });
});
