// npm run bench [-- [--json] [--seconds N] [name...]]: runs the named
// benchmarks (all by default) and prints their figures; with --json the last
// line is one JSON object keyed by benchmark name.
import { parseArgs } from 'node:util';
import { service10k } from './service-10k.ts';
import { singleTask } from './single-task.ts';

const BENCHES: Record<string, (seconds: number) => Record<string, number>> = {
  'single-task': singleTask,
  'service-10k': () => service10k(),
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean' }, seconds: { type: 'string' } },
});
const names = positionals.length ? positionals : Object.keys(BENCHES);
const seconds = values.seconds === undefined ? 4 : Number(values.seconds);
// how long single-task measures (service-10k runs its fixed sizes): a number a person can act on, or a clear refusal
if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
  console.error(`bench: --seconds must be a number of seconds from 0 to 3600 (how long single-task measures), got "${values.seconds}"`);
  process.exit(2);
}
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}
const results: Record<string, Record<string, number>> = {};
for (const n of names) {
  const r = BENCHES[n]!(seconds);
  results[n] = r;
  const ratio = r.baselinePerSecond ? ` (ratio ${(r.perSecond! / r.baselinePerSecond).toFixed(3)})` : '';
  console.log(`${n}: ${Object.entries(r).map(([k, v]) => `${k}=${v}`).join(' ')}${ratio}`);
}
if (values.json) console.log(JSON.stringify(results));
