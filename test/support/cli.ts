// Runs the command in a process of its own, as a user would: by default the
// bundle test/support/cli-bundle.setup.ts builds from src/cli/main.ts once per
// test run (it starts in a quarter of the time), or, with `viaBin`, the real
// `node bin/ecs-lifecycle.js` that tsx compiles as it loads.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { repoRoot } from './scenarios.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], stdin?: string | Buffer, { viaBin = false } = {}): Promise<CliResult> {
  const entry = viaBin ? join(repoRoot, 'bin/ecs-lifecycle.js') : inject('cliBundle');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // a command that refuses its input stops reading it: that is not the test's failure
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
  });
}
