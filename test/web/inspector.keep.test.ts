// What the page holds for an inspector when a run outpaces it (inspector.link.ts):
// every actor, the latest events, and, where events were left out, how many.
import { describe, expect, it } from 'vitest';
import { keepLatest } from '../../src/web/inspector.link.ts';

const actor = (n: number) => ({ type: '@xstate.actor', n });
const event = (n: number) => ({ type: '@xstate.snapshot', n });

describe('the events held for an inspector', () => {
  it('should keep every actor and the latest events, with one mark saying how many went, where they were', () => {
    const held = [actor(0), event(1), event(2), actor(3), event(4), event(5), event(6)];
    expect(keepLatest(held, 2)).toEqual([actor(0), actor(3), { skipped: 3 }, event(5), event(6)]);
    // nothing to leave out: the same list
    expect(keepLatest(held, 5)).toBe(held);
  });

  it('should merge a mark already held with the events cut after it, and keep a later mark as it is', () => {
    const held = [actor(0), { skipped: 100 }, event(1), event(2), event(3), { skipped: 7 }, event(4)];
    expect(keepLatest(held, 2)).toEqual([actor(0), { skipped: 102 }, event(3), { skipped: 7 }, event(4)]);
  });

  it('should keep the counts whole when cut again and again, as a long run at max speed does', () => {
    let held: ({ type: string; n: number } | { skipped: number })[] = [actor(0)];
    for (let n = 1; n <= 10_000; n++) {
      held.push(event(n));
      if (held.length > 120) held = keepLatest(held, 100);
    }
    held = keepLatest(held, 100);
    const skipped = held.reduce((sum, h) => sum + ('skipped' in h ? h.skipped : 0), 0);
    expect(skipped).toBe(9_900);
    expect(held.filter((h) => 'n' in h && h.type !== '@xstate.actor').map((h) => ('n' in h ? h.n : 0))).toEqual(Array.from({ length: 100 }, (_, i) => 9_901 + i));
    expect(held[0]).toEqual(actor(0));
  });
});
