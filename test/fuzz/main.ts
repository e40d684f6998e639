// `npm run fuzz [-- RUNS [SEED]]`: the fuzz properties with many more runs
// and a fresh seed; on failure, prints the shrunk counterexample as a
// scenario file you can pass to `ecs-lifecycle run`.
import fc from 'fast-check';
import { invalidScenario, validScenario } from './arbitraries.ts';
import { rejection, simulate, violations } from './properties.ts';

const runs = Number(process.argv[2] ?? 3000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);

const checks = [
  { name: 'valid scenarios keep every invariant', result: () => fc.check(fc.property(validScenario, (raw) => violations(simulate(raw)).length === 0), { seed, numRuns: runs }), why: (raw: unknown) => violations(simulate(raw)) },
  { name: 'invalid scenarios are refused with a ScenarioError', result: () => fc.check(fc.property(invalidScenario, ({ raw }) => rejection(raw) === 'ScenarioError'), { seed, numRuns: runs }), why: (x: unknown) => [rejection((x as { raw: unknown }).raw)] },
];

let failed = false;
for (const c of checks) {
  const started = performance.now();
  const r = c.result();
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (!r.failed) {
    console.log(`ok   ${c.name}: ${r.numRuns} runs in ${secs} s (seed ${seed})`);
    continue;
  }
  failed = true;
  const example = r.counterexample![0];
  console.log(`FAIL ${c.name} after ${r.numRuns} runs, shrunk ${r.numShrinks} times (seed ${seed}, path ${r.counterexamplePath})`);
  console.log(r.errorInstance ? `error: ${String(r.errorInstance)}` : `problems: ${JSON.stringify(c.why(example))}`);
  console.log(JSON.stringify(example, null, 2));
}
process.exit(failed ? 1 : 0);
