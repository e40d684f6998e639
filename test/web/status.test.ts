// The status line's advice when the next change is far away at the chosen speed.
import { describe, expect, it } from 'vitest';
import { LONG_WAIT_S, waitHint } from '../../src/web/status.view.ts';

describe('waitHint', () => {
  it('should say when the next change comes and how to get there, once it is more than 15 real seconds away', () => {
    // RUNNING at 25 s, StopTask at 10 min: at 1× that is minutes of watching nothing
    expect(waitHint(25_000, 600_000, 1, true)).toBe('next change at t = 10 min 00 s (raise Speed, or Step)');
    // the same wait at 60× is under 10 real seconds: nothing to say
    expect(waitHint(25_000, 600_000, 60, true)).toBe('');
    expect(waitHint(0, LONG_WAIT_S * 1000, 1, true)).toBe('');
    expect(waitHint(0, LONG_WAIT_S * 1000 + 1, 1, true)).toMatch(/^next change at t = 15\.0 s/);
  });

  it('should say nothing when paused, at max speed, or with nothing scheduled', () => {
    expect(waitHint(25_000, 600_000, 1, false)).toBe('');
    expect(waitHint(25_000, 600_000, 'max', true)).toBe('');
    expect(waitHint(25_000, null, 1, true)).toBe('');
  });
});
