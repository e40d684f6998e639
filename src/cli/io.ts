// Reading input and reporting failure the way a command-line user expects:
// one short line on stderr, exit 2 for bad input, never a stack trace.
import { createReadStream } from 'node:fs';
import { parseScenario } from '../sim/scenario/load.ts';
import type { Scenario } from '../sim/scenario/types.ts';

export class UsageError extends Error {}

export const EXIT_BAD_INPUT = 2;

/** No scenario comes near this; past it the input is something else (a disk image, /dev/zero). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readInput(path: string): Promise<string> {
  const name = path === '-' ? 'standard input' : path;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of path === '-' ? process.stdin : createReadStream(path)) {
      size += (c as Buffer).length;
      if (size > MAX_INPUT_BYTES) throw new UsageError(`${name}: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB, too large to be a scenario`);
      chunks.push(c as Buffer);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
    throw new UsageError(`${name}: ${why}`);
  }
  return decodeText(Buffer.concat(chunks), name);
}

/** UTF-8 (with or without a byte-order mark), as JSON files are; anything else is named rather than read as garbage. */
function decodeText(bytes: Buffer, name: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new UsageError(`${name}: is UTF-16 text; save it as UTF-8`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new UsageError(`${name}: is not UTF-8 text (byte ${at + 1} is not valid UTF-8); save it as UTF-8`);
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  // Binary search on the longest prefix that decodes (a prefix can end mid-character, so allow 3 bytes of slack).
  const ok = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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
