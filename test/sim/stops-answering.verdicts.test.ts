// The verdict after an app stops answering its checks at a given moment (the
// HealthChecksFail action), against a check-by-check run of the ELB and Docker
// rules over many intervals, thresholds, start periods, slow starts and apps
// that had gone bad already.
import { describe, expect, it } from 'vitest';
import { containerUnhealthyAfterStop, targetUnhealthyAfterStop, type Answering } from '../../src/sim/health-verdicts.ts';

type Window = Answering & { intervalMs: number };

/** Does check k pass: the app answers from passAfter until failAfter, and not after the moment. */
const passes = (k: number, at: number, w: Window, stopMs: number) =>
  w.passAfter !== null && k * w.intervalMs >= (w.passAfter ?? 0) && (w.failAfterMs === null || k * w.intervalMs < w.failAfterMs) && at <= stopMs;


/** The first verdict after the moment the app stopped, null when none comes, undefined when the verdicts are as they were. */
function verdictAfter(run: (stopMs: number) => [number, string][], stopMs: number) {
  const before = run(Infinity);
  const after = run(stopMs);
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  const next = after.find(([at]) => at > stopMs);
  return next ? next[0] : null;
}

/** ELB, check by check: the unhealthy verdict after the moment, undefined when the outcome is as before. */
function elb(w: Window, healthy: number, unhealthy: number, stopMs: number) {
  const run = (stop: number) => {
    let status = 'initial';
    let ok = 0;
    let bad = 0;
    const verdicts: [number, string][] = [];
    for (let k = 1; k < 400; k++) {
      const at = k * w.intervalMs;
      if (passes(k, at, w, stop)) (ok++, (bad = 0));
      else (bad++, (ok = 0));
      if (status !== 'healthy' && ok >= healthy) verdicts.push([at, (status = 'healthy')]);
      if (status !== 'unhealthy' && bad >= unhealthy) verdicts.push([at, (status = 'unhealthy')]);
    }
    return verdicts;
  };
  return verdictAfter(run, stopMs);
}

/** Docker, check by check (checks offset + k intervals after the start). */
function docker(w: Window, retries: number, startPeriodMs: number, offsetMs: number, stopMs: number) {
  const run = (stop: number) => {
    let status = 'UNKNOWN';
    let bad = 0;
    let started = false;
    const verdicts: [number, string][] = [];
    for (let k = 1; k < 400; k++) {
      const at = offsetMs + k * w.intervalMs;
      if (passes(k, at, w, stop)) {
        started = true;
        bad = 0;
        if (status !== 'HEALTHY') verdicts.push([at, (status = 'HEALTHY')]);
      } else if (started || k * w.intervalMs >= startPeriodMs) {
        bad++;
        if (status !== 'UNHEALTHY' && bad >= retries) verdicts.push([at, (status = 'UNHEALTHY')]);
      }
    }
    return verdicts;
  };
  return verdictAfter(run, stopMs);
}

const windows: Answering[] = [
  { passAfter: undefined, failAfterMs: null },
  { passAfter: null, failAfterMs: null },
  { passAfter: 45_000, failAfterMs: null },
  { passAfter: 100_000, failAfterMs: null },
  { passAfter: 200_000, failAfterMs: null },
  { passAfter: undefined, failAfterMs: 100_000 },
  { passAfter: undefined, failAfterMs: 300_000 },
];

describe('the verdict when the app stops answering at a moment', () => {
  it('should agree with a check-by-check run of the ELB rules for every moment, interval, threshold and fault', () => {
    let compared = 0;
    const wrong: string[] = [];
    for (const intervalMs of [10_000, 30_000])
      for (const healthy of [2, 5])
        for (const unhealthy of [2, 3])
          for (const w of windows)
            for (let stopMs = 0; stopMs <= 400_000; stopMs += 5_000) {
              const want = elb({ ...w, intervalMs }, healthy, unhealthy, stopMs);
              const got = targetUnhealthyAfterStop(intervalMs, healthy, unhealthy, w, stopMs);
              compared++;
              if (got !== want) wrong.push(`${JSON.stringify({ intervalMs, healthy, unhealthy, ...w, stopMs })}: ${got} ≠ ${want}`);
            }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(2_000);
  });

  it("should agree with a check-by-check run of Docker's rules, start periods and jitter included", () => {
    const wrong: string[] = [];
    for (const intervalMs of [10_000, 30_000])
      for (const retries of [1, 3])
        for (const startPeriodMs of [0, 60_000])
          for (const offsetMs of [0, 700])
            for (const w of windows)
              for (let stopMs = 0; stopMs <= 400_000; stopMs += 5_000) {
                const want = docker({ ...w, intervalMs }, retries, startPeriodMs, offsetMs, stopMs);
                const got = containerUnhealthyAfterStop(intervalMs, retries, startPeriodMs, offsetMs, w, stopMs);
                if (got !== want) wrong.push(`${JSON.stringify({ intervalMs, retries, startPeriodMs, offsetMs, ...w, stopMs })}: ${got} ≠ ${want}`);
              }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('should give the documented timings in the plain cases', () => {
    const plain = { passAfter: undefined, failAfterMs: null };
    // healthy at 150 s; stops at 400 s: checks at 420 and 450 s fail, unhealthy at 450 s
    expect(targetUnhealthyAfterStop(30_000, 5, 2, plain, 400_000)).toBe(450_000);
    // stopped at 60 s, before the healthy threshold: never healthy, unhealthy at 120 s
    expect(targetUnhealthyAfterStop(30_000, 5, 2, plain, 60_000)).toBe(120_000);
    // checks that never pass: nothing changes
    expect(targetUnhealthyAfterStop(30_000, 5, 2, { passAfter: null, failAfterMs: null }, 60_000)).toBeUndefined();
    // a container HEALTHY at 30.5 s, stopped at 100 s: the checks at 120.5, 150.5, 180.5 s fail (retries 3)
    expect(containerUnhealthyAfterStop(30_000, 3, 0, 500, plain, 100_000)).toBe(180_500);
  });
});
