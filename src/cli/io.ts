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

/** Write to stdout; a closed pipe (`| head`) ends the program quietly. */
export function out(text: string): void {
  process.stdout.write(text);
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
