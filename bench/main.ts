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
const seconds = values.seconds ? Number(values.seconds) : 4;
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
