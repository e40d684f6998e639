// Runs the real command (node bin/ecs-lifecycle.js), as a user would.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './scenarios.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], stdin?: string | Buffer): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/ecs-lifecycle.js'), ...args], { cwd: repoRoot });
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
