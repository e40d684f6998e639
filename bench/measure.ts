// Runs `fn` repeatedly for about `seconds` of wall time (after a warm-up) and
// returns how many runs per second it managed.
import { performance } from 'node:perf_hooks';

export function ratePerSecond(fn: () => void, seconds: number): number {
  for (let i = 0; i < 20; i++) fn();
  const start = performance.now();
  const budget = seconds * 1000;
  let runs = 0;
  while (performance.now() - start < budget) {
    fn();
    runs++;
  }
  return runs / ((performance.now() - start) / 1000);
}
