// Runs `fn` repeatedly for about `seconds` of wall time and adds the runs and
// the milliseconds they took to `into` (so rounds can be interleaved).
import { performance } from 'node:perf_hooks';

export function timeRuns(fn: () => void, seconds: number, into: { runs: number; ms: number }): void {
  const start = performance.now();
  const budget = seconds * 1000;
  let runs = 0;
  let elapsed = 0;
  do {
    fn();
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < budget);
  into.runs += runs;
  into.ms += elapsed;
}
