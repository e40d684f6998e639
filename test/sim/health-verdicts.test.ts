// The health verdicts of an app that answers its checks from the start, never,
// after a slow start, or until it goes bad: the timings the target and container machines wait.
import { describe, expect, it } from 'vitest';
import { containerVerdicts, targetVerdicts } from '../../src/sim/health-verdicts.ts';

const I = 30_000;

describe('load balancer target verdicts (interval 30 s, healthy threshold 5, unhealthy threshold 2)', () => {
  it('should pass after 5 checks when the app answers from the start, and fail after 2 when it never does', () => {
    expect(targetVerdicts(I, 5, 2, undefined)).toEqual({ firstMs: 150_000, fails: false, recoversAfterMs: null, failsAfterMs: null });
    expect(targetVerdicts(I, 5, 2, null)).toEqual({ firstMs: 60_000, fails: true, recoversAfterMs: null, failsAfterMs: null });
  });

  it('should stay out of unhealthy when fewer checks fail than the unhealthy threshold, and count 5 passes from the first', () => {
    // 30 s: the first check already passes
    expect(targetVerdicts(I, 5, 2, 30_000)).toEqual({ firstMs: 150_000, fails: false, recoversAfterMs: null, failsAfterMs: null });
    // 45 s: one check fails (at 30 s), passes from 60 s: healthy at 60 + 4 × 30
    expect(targetVerdicts(I, 5, 2, 45_000)).toEqual({ firstMs: 180_000, fails: false, recoversAfterMs: null, failsAfterMs: null });
  });

  it('should turn unhealthy at the threshold and healthy again 5 passes after the app answers', () => {
    // 90 s: checks at 30 and 60 s fail (unhealthy at 60 s); 90, 120, …, 210 s pass
    expect(targetVerdicts(I, 5, 2, 90_000)).toEqual({ firstMs: 60_000, fails: true, recoversAfterMs: 150_000, failsAfterMs: null });
    expect(targetVerdicts(10_000, 2, 3, 95_000)).toEqual({ firstMs: 30_000, fails: true, recoversAfterMs: 80_000, failsAfterMs: null });
  });

  it('should turn healthy, then unhealthy 2 failed checks after the app stops answering, when it goes bad', () => {
    // 600 s: checks 1-19 pass (healthy at 150 s), the 20th (600 s) and 21st (630 s) fail
    expect(targetVerdicts(I, 5, 2, undefined, 600_000)).toEqual({ firstMs: 150_000, fails: false, recoversAfterMs: null, failsAfterMs: 480_000 });
    // 610 s: the first check after it is the 21st (630 s); unhealthy at the 22nd
    expect(targetVerdicts(I, 5, 2, undefined, 610_000)).toEqual({ firstMs: 150_000, fails: false, recoversAfterMs: null, failsAfterMs: 510_000 });
  });

  it('should never be healthy when the app goes bad before the healthy threshold passed: its first verdict is the failure', () => {
    // 100 s: checks at 30, 60, 90 s pass (3 < 5), 120 and 150 s fail: unhealthy at 150 s
    expect(targetVerdicts(I, 5, 2, undefined, 100_000)).toEqual({ firstMs: 150_000, fails: true, recoversAfterMs: null, failsAfterMs: null });
    // the 5th check is the first failing one: 4 passes are not enough
    expect(targetVerdicts(I, 5, 2, undefined, 150_000)).toEqual({ firstMs: 180_000, fails: true, recoversAfterMs: null, failsAfterMs: null });
    // the 6th: healthy at 150 s, unhealthy at 210 s
    expect(targetVerdicts(I, 5, 2, undefined, 151_000)).toEqual({ firstMs: 150_000, fails: false, recoversAfterMs: null, failsAfterMs: 60_000 });
  });
});

describe("a container's own health check verdicts (Docker's rules)", () => {
  it('should pass at the first check, or fail at the retries-th counted one, as before slow starts existed', () => {
    expect(containerVerdicts(I, 3, 0, undefined)).toEqual({ firstMs: 30_000, fails: false, recoversAfterMs: null, failsAfterMs: null });
    expect(containerVerdicts(I, 3, 0, null)).toEqual({ firstMs: 90_000, fails: true, recoversAfterMs: null, failsAfterMs: null });
    // failures inside a 60 s start period are not counted: the 2nd, 3rd and 4th checks count
    expect(containerVerdicts(I, 3, 60_000, null)).toEqual({ firstMs: 120_000, fails: true, recoversAfterMs: null, failsAfterMs: null });
  });

  it('should turn HEALTHY at the first passing check when the start period or the retries outlast the slow start', () => {
    expect(containerVerdicts(I, 3, 0, 80_000)).toEqual({ firstMs: 90_000, fails: false, recoversAfterMs: null, failsAfterMs: null });
    expect(containerVerdicts(I, 3, 120_000, 150_000)).toEqual({ firstMs: 150_000, fails: false, recoversAfterMs: null, failsAfterMs: null });
  });

  it('should turn UNHEALTHY, then HEALTHY with one passing check once the app answers', () => {
    // checks at 30, 60, 90 s fail (UNHEALTHY at 90 s); the one at 120 s passes
    expect(containerVerdicts(I, 3, 0, 100_000)).toEqual({ firstMs: 90_000, fails: true, recoversAfterMs: 30_000, failsAfterMs: null });
    expect(containerVerdicts(10_000, 1, 0, 60_000)).toEqual({ firstMs: 10_000, fails: true, recoversAfterMs: 50_000, failsAfterMs: null });
  });

  it('should turn HEALTHY at the first check, then UNHEALTHY at the retries-th failure after the app stops answering', () => {
    // 300 s: checks 1-9 pass, 10, 11, 12 fail: UNHEALTHY at 360 s, 330 s after HEALTHY
    expect(containerVerdicts(I, 3, 0, undefined, 300_000)).toEqual({ firstMs: 30_000, fails: false, recoversAfterMs: null, failsAfterMs: 330_000 });
  });

  it('should count failures from the first pass on, inside the start period too (a pass ends it)', () => {
    // start period 120 s, but the first check passed: the failures at 60, 90, 120 s count
    expect(containerVerdicts(I, 3, 120_000, undefined, 45_000)).toEqual({ firstMs: 30_000, fails: false, recoversAfterMs: null, failsAfterMs: 90_000 });
  });

  it('should fail as an app that never answers when it goes bad by the first check', () => {
    expect(containerVerdicts(I, 3, 60_000, undefined, 20_000)).toEqual(containerVerdicts(I, 3, 60_000, null));
    expect(containerVerdicts(I, 3, 0, undefined, 30_000)).toEqual({ firstMs: 90_000, fails: true, recoversAfterMs: null, failsAfterMs: null });
  });
});
