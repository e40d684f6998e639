// Reading input and reporting failure the way a command-line user expects:
// one short line on stderr, exit 2 for bad input, never a stack trace.
import { createReadStream, fstatSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseScenario } from '../sim/scenario/load.ts';
import { ScenarioError, type Scenario } from '../sim/scenario/types.ts';
import { printable } from '../sim/printable.ts';

export class UsageError extends Error {
  /** `message`, or several problems a line each (a scenario with several wrong fields) */
  constructor(
    message: string,
    readonly lines: readonly string[] = [message],
  ) {
    super(message);
  }
}

export const EXIT_BAD_INPUT = 2;
/** --strict: the run did not do all its scenario asks (a timeline action did nothing, or a limit cut it short). */
export const EXIT_STRICT_NOTES = 3;
/** The input is valid, but what was asked of it passes one of the tool's limits (paths: too many lifecycles or interleavings). */
export const EXIT_LIMIT = 4;

/** A valid input that passes a limit: said as a usage error is, with an exit code of its own (a CI script tells it from a bad file). */
export class LimitError extends UsageError {}

/** No scenario comes near this; past it the input is something else (a disk image, /dev/zero). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readInput(path: string): Promise<string> {
  const name = path === '-' ? 'standard input' : path;
  const chunks: Buffer[] = [];
  let size = 0;
  // `run - < somedir` reads nothing from a directory: say what it is, not "empty"
  if (path === '-' && isDirectory(0)) throw new UsageError('standard input: is a directory');
  try {
    for await (const c of path === '-' ? process.stdin : createReadStream(path)) {
      size += (c as Buffer).length;
      if (size > MAX_INPUT_BYTES) throw new UsageError(`${name}: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB, too large to be a scenario`);
      chunks.push(c as Buffer);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = (code && READ_ERRORS[code]) ?? String(code ?? e);
    throw new UsageError(`${name}: ${why}`);
  }
  return decodeText(Buffer.concat(chunks), name);
}

function isDirectory(fd: number): boolean {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    return false;
  }
}

/**
 * UTF-8 (with or without a byte-order mark), as JSON files are, or UTF-16,
 * which Windows PowerShell 5.1 writes for `aws ecs describe-task-definition > td.json`;
 * anything else is named rather than read as garbage.
 */
function decodeText(bytes: Buffer, name: string): string {
  const wide = wideEncoding(bytes);
  if (wide === 'UTF-16') return decodeUtf16(bytes, name);
  if (wide) throw new UsageError(`${name}: is ${wide} text; save it as UTF-8`);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new UsageError(`${name}: is not UTF-8 text (byte ${bad + 1}, ${lineOfByte(bytes, bad)}, starts no valid UTF-8 character); save it as UTF-8`);
  return bytes.toString('utf8');
}

/**
 * Where a byte is, as an editor counts: its line, and its column in characters
 * (the bytes before it on its line are valid UTF-8: one character per byte that
 * does not continue one; a byte-order mark, which editors hide, not counted).
 */
function lineOfByte(bytes: Buffer, at: number): string {
  const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
  const start = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? Math.min(3, at) : lineStart;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < at; i = bytes.indexOf(0x0a, i + 1)) line++;
  let column = 1;
  for (let i = start; i < at; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return `line ${line}, column ${column}`;
}

/** UTF-16 in either byte order (its byte-order mark, or where the zero bytes of ASCII fall), as text. */
function decodeUtf16(bytes: Buffer, name: string): string {
  if (bytes.length % 2 !== 0) throw new UsageError(`${name}: is UTF-16 text with an odd number of bytes (cut short?); save it as UTF-8`);
  const bigEndian = (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0 && bytes[1] !== 0);
  const text = (bigEndian ? Buffer.from(bytes).swap16() : bytes).toString('utf16le');
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/**
 * UTF-32 or UTF-16, by its byte-order mark, or without one by the zero bytes
 * beside the ASCII of the JSON's first characters ("{" is 7B 00 in UTF-16LE). A
 * text editor on Windows saves these; read as UTF-8 they are a NUL at column 2.
 */
function wideEncoding(b: Uint8Array): string | null {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) return 'UTF-32';
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return 'UTF-16';
  const ascii = (x: number | undefined) => x !== undefined && x !== 0 && x < 0x80;
  if (b.length >= 4 && ((ascii(b0) && b1 === 0 && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0 && ascii(b3)))) return 'UTF-32';
  // the first characters (up to 16), each ASCII with its zero byte: one NUL after a "{" is not enough to say so
  const units = Math.min(16, Math.floor(b.length / 2));
  const everyUnit = (hi: 0 | 1) => units >= 2 && Array.from({ length: units }, (_, i) => i).every((i) => b[2 * i + hi] === 0 && ascii(b[2 * i + 1 - hi]));
  if (everyUnit(1) || everyUnit(0)) return 'UTF-16';
  return null;
}

/** Where the first byte sequence that is not UTF-8 starts (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0 || i + more >= b.length) return i;
    // the second byte's range rules out overlongs (E0, F0), surrogates (ED) and code points past U+10FFFF (F4)
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (more > 0 && (b[i + 1]! < lo || b[i + 1]! > hi)) return i;
    for (let k = 2; k <= more; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}

/** Why a file could not be read, in words (Node gives only the code). */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'no such file (a part of the path is not a directory)',
  ELOOP: 'cannot be read (too many symbolic links: a link loop?)',
  ENAMETOOLONG: 'cannot be read (the path is too long)',
  EIO: 'cannot be read (an input/output error)',
};

/**
 * Read and load a scenario; likely typos are reported on stderr (the run goes
 * on without them). Both name the input, as a compiler names its file: a CI
 * loop over many scenarios must tell which one failed.
 */
/** `done`: what --strict keeps from happening, in its words (run: 'run'; paths: 'listed'). */
export async function readScenario(path: string, strict = false, done = 'run'): Promise<Scenario> {
  const name = path === '-' ? 'standard input' : path;
  let scenario: Scenario;
  try {
    scenario = parseScenario(await readInput(path));
  } catch (e) {
    throw e instanceof ScenarioError ? new UsageError(`${name}: ${e.message}`, e.lines().map((line) => `${name}: ${line}`)) : e;
  }
  const warnings = scenario.warnings ?? [];
  for (const w of warnings) process.stderr.write(`ecs-lifecycle: warning: ${printable(name)}: ${printable(w)}\n`);
  // the same lines either way (a script reading them keeps working), then why nothing ran
  if (strict && warnings.length) throw new UsageError(`${name}: --strict makes warnings errors: nothing was ${done} (fix the warning${warnings.length === 1 ? '' : 's'} above)`);
  return scenario;
}

let pipeWatched = false;

/** Write to stdout; a closed pipe (`| head`) ends the program quietly, with no stack trace. */
export function out(text: string, sink: Writable = process.stdout): void {
  if (sink !== process.stdout) return void sink.write(text);
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      // the reader is gone: a success as far as this program goes (or --strict's 3, set before the output)
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      process.stderr.write(`ecs-lifecycle: cannot write the output: ${e.message}\n`);
      process.exit(1);
    });
  }
  // The reader is gone: stop now rather than compute output nobody reads.
  if (process.stdout.destroyed) process.exit(process.exitCode ?? 0);
  process.stdout.write(text);
}

/**
 * Lines written in chunks of about a megabyte: a whole service run as one
 * string can pass V8's limit on string length. A pipe takes them at the
 * reader's pace: chunks queued faster than `wc` or `jq` reads would pile up
 * in memory, and hundreds of them fail at once (ENOBUFS).
 */
export async function outLines(lines: Iterable<string>, sink: Writable = process.stdout): Promise<void> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      out(chunk, sink);
      chunk = '';
      if (sink.writableNeedDrain) await new Promise((resume) => sink.once('drain', resume));
    }
  }
  if (chunk) out(chunk, sink);
}

/** `JSON.stringify(value, null, 2)` and a newline, line for line, but written as it goes: lists at the top level (arrays or generators) item by item. */
export function outJson(value: Record<string, unknown>): Promise<void> {
  return outLines(jsonLines(value));
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
