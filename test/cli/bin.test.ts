// The command as installed: `node bin/ecs-lifecycle.js`, which compiles the
// TypeScript as it loads. The other CLI tests start a bundle of the same
// source (faster); these check that the two are the same command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { realworld, repoRoot } from '../support/scenarios.ts';

const both = async (args: string[], stdin?: string) => [await cli(args, stdin, { viaBin: true }), await cli(args, stdin)] as const;

describe('bin/ecs-lifecycle.js', () => {
  it('should start from a checkout after npm ci and print its usage and the package version', async () => {
    const [help] = await both(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/ecs-lifecycle run <scenario.json\|->/);
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    for (const r of await both(['--version'])) expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('should print byte for byte what the bundled command prints, for a run, a paths listing and a refusal', async () => {
    const nginx = readFileSync(join(realworld, 'task-definitions/nginx_fargate.json'), 'utf8');
    const cases: [number, string[], string?][] = [
      [0, ['run', '-', '--format', 'table', '--until', '900'], nginx],
      [0, ['paths', 'public/scenarios/fargate-web.json', '--format', 'json']],
      [2, ['run', '-'], '{"taskDefinition": {"family": "web", "containerDefinitions": []}}'],
    ];
    for (const [code, args, stdin] of cases) {
      const [viaBin, bundled] = await both(args, stdin);
      expect(viaBin.code, args.join(' ')).toBe(code);
      expect(viaBin.stdout + viaBin.stderr, args.join(' ')).not.toBe('');
      expect(bundled).toEqual(viaBin);
    }
  });
});
