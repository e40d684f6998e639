import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

const preset = 'public/scenarios/fargate-web.json';
const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l));
type Ev = { id: string; detail: { version: number } };
/** Drop copies by id and order by detail.version, as the AWS docs tell consumers to. */
const reassemble = (evs: Ev[]) => [...new Map(evs.map((e) => [e.id, e])).values()].sort((a, b) => a.detail.version - b.detail.version);

describe('--delivery at-least-once', () => {
  it('should give run events a consumer can reassemble into the in-order stream, the same for the same seed', async () => {
    const inOrder = await cli(['run', preset]);
    const a = await cli(['run', preset, '--delivery', 'at-least-once', '--delivery-seed', '4']);
    const b = await cli(['run', preset, '--delivery', 'at-least-once', '--delivery-seed', '4']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(reassemble(lines(a.stdout))).toEqual(lines(inOrder.stdout));
    // seed 4 reorders this preset's events (a same-second burst at the stop)
    expect(a.stdout).not.toBe(inOrder.stdout);
    // another --delivery-seed is another draw (the scenario's seed is only the default)
    const c = await cli(['run', preset, '--delivery', 'at-least-once', '--delivery-seed', '5']);
    const unseeded = await cli(['run', preset, '--delivery', 'at-least-once']);
    expect(new Set([a.stdout, c.stdout, unseeded.stdout]).size).toBe(3);
    expect(reassemble(lines(c.stdout))).toEqual(lines(inOrder.stdout));
  });

  it("should draw a service's delivery from --delivery-seed too", async () => {
    const service = 'public/scenarios/service-rolling.json';
    const drawn = (seed: string) => cli(['run', service, '--delivery', 'at-least-once', '--delivery-seed', seed]);
    const [a, b] = await Promise.all([drawn('4'), drawn('5')]);
    expect(a.code).toBe(0);
    expect(a.stdout).not.toBe(b.stdout);
    expect(new Set(lines(a.stdout).map((e: Ev) => e.id))).toEqual(new Set(lines(b.stdout).map((e: Ev) => e.id)));
  });

  it('should keep each path of paths --format events together, each reassembling to its in-order events', async () => {
    const inOrder = lines((await cli(['paths', preset, '--format', 'events'])).stdout) as { path: string; event: Ev }[];
    const got = lines((await cli(['paths', preset, '--format', 'events', '--delivery', 'at-least-once'])).stdout) as { path: string; event: Ev }[];
    const ids = (xs: { path: string }[]) => [...new Set(xs.map((x) => x.path))];
    expect(ids(got)).toEqual(ids(inOrder));
    // a path's lines are contiguous
    expect(got.map((x) => x.path).filter((p, i, all) => i === 0 || p !== all[i - 1])).toEqual(ids(inOrder));
    for (const id of ids(inOrder)) {
      const events = (xs: { path: string; event: Ev }[]) => xs.filter((x) => x.path === id).map((x) => x.event);
      expect(reassemble(events(got)), id).toEqual(events(inOrder));
    }
    expect(got.length).toBeGreaterThan(inOrder.length);
  });

  it.each([
    [['run', preset, '--delivery', 'twice'], '--delivery: unknown mode "twice" (expected in-order, at-least-once)'],
    [['run', preset, '--delivery', 'at-least-once', '--format', 'table'], '--delivery: applies to --format events, not table'],
    [['paths', preset, '--delivery', 'at-least-once'], '--delivery: applies to --format events, not summary'],
    [['run', preset, '--delivery-seed', '3'], '--delivery-seed: only with --delivery at-least-once'],
    [['run', preset, '--delivery', 'at-least-once', '--delivery-seed', 'x'], '--delivery-seed: must be an integer from 0 to 4294967295, got "x"'],
  ])('should refuse %j with one line', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ecs-lifecycle: ${message}\n`);
  });
});
