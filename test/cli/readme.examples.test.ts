// The README's JSON examples run as written: a newcomer copies them first
// (one showed placeholders "{ "...": "revision 1" }" and was refused).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { repoRoot } from '../support/scenarios.ts';
import { cli } from '../support/cli.ts';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('the README’s JSON examples (a ```jsonc block is a fragment, not run)', () => {
  it('should all be JSON', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) expect(() => JSON.parse(b), b.slice(0, 80)).not.toThrow();
  });

  it.each(blocks.map((b, i) => [i, b] as const).filter(([, b]) => 'taskDefinition' in JSON.parse(b)))('should load example %i as a scenario, with no warning', (_, b) => {
    const s = loadScenario(JSON.parse(b));
    expect(s.warnings).toBeUndefined();
  });

  it('should run the service example as its text tells it: every timeline action applied, a crash replaced, the broken revision rolled back', () => {
    const b = blocks.find((x) => x.includes('registry.example/app:broken'))!;
    const sim = new ServiceSimulation(loadScenario(JSON.parse(b)));
    sim.runUntil(3_600_000);
    expect(sim.ignoredActions).toEqual([]);
    expect(sim.occurrences.some((o) => o.kind === 'service' && o.notice.eventName === 'SERVICE_DEPLOYMENT_FAILED')).toBe(true);
    expect(sim.tasks.filter((t) => t.world.status === 'RUNNING').every((t) => t.taskDefinition.revision === 1)).toBe(true);
    expect(sim.tasks.filter((t) => t.world.status === 'RUNNING')).toHaveLength(5);
  });

  it('should run the task example as the README says: its ENI attach timeout stops the task before RUNNING, and the CLI notes that its timeline did nothing', async () => {
    const tasks = blocks.filter((x) => 'taskDefinition' in JSON.parse(x) && !('service' in JSON.parse(x)));
    expect(tasks).toHaveLength(1);
    expect(readme).toContain('its first fault to bite (the ENI attach timeout)\nstops the task before RUNNING, so the CLI notes on stderr that the timeline\'s actions and\nthe faults after it did nothing.');
    const sim = createSimulation(loadScenario(JSON.parse(tasks[0]!)));
    sim.runUntil(3_600_000);
    expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(sim.view().stoppedReason).toMatch(/^Timeout waiting for network interface/);
    expect(sim.trace.some((e) => e.actor === 'task' && e.to === 'PENDING')).toBe(false);
    const { code, stderr } = await cli(['run', '-'], tasks[0]!);
    expect(code).toBe(0);
    const notes = stderr.trim().split('\n');
    const { timeline, faults } = JSON.parse(tasks[0]!) as { timeline: unknown[]; faults: { step: string }[] };
    expect(timeline).toHaveLength(3);
    expect(notes[0]).toMatch(/^ecs-lifecycle: note: standard input: at 120 s ContainerExit ignored: /);
    expect(notes.slice(1, 3)).toEqual(['SpotInterruption at 300 s', 'StopTask at 600 s'].map((a) => `ecs-lifecycle: note: standard input: ${a} not applied: the task was already STOPPED at ${(sim.now() / 1000).toFixed(3).replace(/\.?0+$/, '')} s`));
    // the faults after the ENI's: their steps never came
    expect(notes.slice(3).map((n) => /faults\[(\d+)\] \((\w+)\) did nothing/.exec(n)?.slice(1).join(' '))).toEqual(
      faults.flatMap((f, i) => (f.step === 'AttachEni' ? [] : [`${i} ${f.step}`])),
    );
  });
});
