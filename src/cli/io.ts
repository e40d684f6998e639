// Reading input and reporting failure the way a command-line user expects:
// one short line on stderr, exit 2 for bad input, never a stack trace.
import { readFile } from 'node:fs/promises';
import { parseScenario } from '../sim/scenario/load.ts';
import type { Scenario } from '../sim/scenario/types.ts';

export class UsageError extends Error {}

export const EXIT_BAD_INPUT = 2;

export async function readInput(path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
    throw new UsageError(`${path}: ${why}`);
  }
}

/** Read and load a scenario; likely typos are reported on stderr (the run goes on without them). */
export async function readScenario(path: string): Promise<Scenario> {
  const scenario = parseScenario(await readInput(path));
  for (const w of scenario.warnings ?? []) process.stderr.write(`ecs-lifecycle: warning: ${w}\n`);
  return scenario;
}

let pipeWatched = false;

/** Write to stdout; a closed pipe (`| head`) ends the program quietly, with no stack trace. */
export function out(text: string): void {
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      process.stderr.write(`ecs-lifecycle: cannot write the output: ${e.message}\n`);
      process.exit(1);
    });
  }
  // The reader is gone: stop now rather than compute output nobody reads.
  if (process.stdout.destroyed) process.exit(0);
  process.stdout.write(text);
}

/** Lines written in chunks of about a megabyte: a whole service run as one string can pass V8's limit on string length. */
export function outLines(lines: Iterable<string>): void {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      out(chunk);
      chunk = '';
    }
  }
  if (chunk) out(chunk);
}

/** `JSON.stringify(value, null, 2)` and a newline, line for line, but written as it goes: lists at the top level (arrays or generators) item by item. */
export function outJson(value: Record<string, unknown>): void {
  outLines(jsonLines(value));
}

const isList = (v: unknown): v is Iterable<unknown> =>
  Array.isArray(v) || (typeof v === 'object' && v !== null && typeof (v as Generator)[Symbol.iterator] === 'function' && typeof (v as Generator).next === 'function');

export function* jsonLines(value: Record<string, unknown>): Generator<string> {
  const indent = (text: string, by: string) => text.replaceAll('\n', `\n${by}`);
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) return yield '{}';
  yield '{';
  for (const [n, key] of keys.entries()) {
    const v = value[key];
    const comma = n < keys.length - 1 ? ',' : '';
    if (!isList(v)) {
      yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(v, null, 2), '  ')}${comma}`;
      continue;
    }
    const items = v[Symbol.iterator]();
    let item = items.next();
    if (item.done) {
      yield `  ${JSON.stringify(key)}: []${comma}`;
      continue;
    }
    yield `  ${JSON.stringify(key)}: [`;
    for (;;) {
      const next = items.next();
      yield `    ${indent(JSON.stringify(item.value, null, 2), '    ')}${next.done ? '' : ','}`;
      if (next.done) break;
      item = next;
    }
    yield `  ]${comma}`;
  }
  yield '}';
}

/** Each item of `items` through `f`, one at a time. */
export function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
