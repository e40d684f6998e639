// The benchmarks are not timed in tests (no wall-clock asserts), but their
// scenarios must keep loading and their runs must keep doing what they
// measure: a tightened loader rule once broke `npm run bench` unnoticed.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runService, serviceScenario } from '../bench/service-10k.ts';
import { bareLifecycle, fullLifecycle, statechartsOnlyLifecycle } from '../bench/single-task.ts';

describe('benchmarks still run what they measure', () => {
  it('single-task: the full, statecharts-alone and bare lifecycles each complete', () => {
    expect(() => (fullLifecycle(), statechartsOnlyLifecycle(), bareLifecycle())).not.toThrow();
  });

  it('service-10k: its scenario loads and a small run scales out, deploys and scales in to zero', () => {
    expect(serviceScenario(10).service?.serviceName).toBe('web');
    expect(runService(20)).toBeGreaterThan(0);
  });

  it('should refuse a --seconds that is not a number of seconds, with one line, before measuring anything', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', '--seconds', 'abc', 'single-task'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('bench: --seconds must be a number of seconds from 0 to 3600 (how long single-task measures), got "abc"');
    expect(r.stdout).toBe('');
  });
});
