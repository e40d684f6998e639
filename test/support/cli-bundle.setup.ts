// Bundles the command once per test run. Started through bin/ (tsx compiling
// each of its modules as it loads), the CLI takes about a second to start;
// bundled, a quarter of that, and the CLI tests start it some two hundred
// times. The bundle is the same source run by the same Node, in a process of
// its own; test/cli/bin.test.ts still starts the real bin/ as users do.
import { build } from 'esbuild';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot } from './scenarios.ts';

// two levels below the checkout, so that main.ts finds ../../package.json for --version
export const CLI_BUNDLE = join(repoRoot, 'node_modules/.cache/ecs-lifecycle-cli.mjs');

export default async function setup(project: TestProject): Promise<void> {
  await build({
    entryPoints: [join(repoRoot, 'src/cli/main.ts')],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  project.provide('cliBundle', CLI_BUNDLE);
}

declare module 'vitest' {
  export interface ProvidedContext {
    cliBundle: string;
  }
}
