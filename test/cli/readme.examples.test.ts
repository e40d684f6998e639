// The README's JSON examples run as written: a newcomer copies them first
// (one showed placeholders "{ "...": "revision 1" }" and was refused).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { repoRoot } from '../support/scenarios.ts';

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

  it('should run the task examples without an error', () => {
    for (const b of blocks.filter((x) => 'taskDefinition' in JSON.parse(x) && !('service' in JSON.parse(x)))) {
      const sim = createSimulation(loadScenario(JSON.parse(b)));
      sim.runUntil(3_600_000);
      expect(sim.events.length).toBeGreaterThan(0);
    }
  });
});
