// The benchmarks are not timed in tests (no wall-clock asserts), but their
// scenarios must keep loading and their runs must keep doing what they
// measure: a tightened loader rule once broke `npm run bench` unnoticed.
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
});
