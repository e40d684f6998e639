// The table printed to a terminal: its WHAT HAPPENED column wraps under
// itself to the terminal's width, so every status column stays a column;
// printed to a pipe, a row is one line (what grep and diff expect).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { formatTable } from '../../src/cli/table.ts';
import { formatServiceTable } from '../../src/cli/service-table.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { fargateWeb } from '../support/scenarios.ts';

const trace = () => {
  const sim = createSimulation(fargateWeb());
  sim.runUntil(3_600_000);
  return sim.trace;
};

describe('the table on a terminal', () => {
  it('should wrap what happened under its own column to the width given, losing no word, and keep a row per line without one', () => {
    const t = trace();
    const flat = formatTable(t).trimEnd().split('\n');
    expect(flat).toHaveLength(t.length + 1);
    const wrapped = formatTable(t, 150).trimEnd().split('\n');
    expect(Math.max(...wrapped.map((l) => l.length))).toBeLessThanOrEqual(150);
    expect(wrapped.length).toBeGreaterThan(flat.length);
    // the column starts where the header says, on every line a row wraps onto
    const at = flat[0]!.indexOf('WHAT HAPPENED');
    const rows: string[] = [];
    for (const l of wrapped.slice(1)) {
      if (l.slice(0, at).trim() === '') rows[rows.length - 1] += ` ${l.slice(at)}`;
      else rows.push(l);
    }
    expect(rows).toEqual(flat.slice(1));
  });

  it('should not wrap when the status columns leave it too little room', () => {
    const t = trace();
    expect(formatTable(t, 100)).toBe(formatTable(t));
  });
});

describe('the marks of our model in the table', () => {
  const rowOf = (table: string, what: string) => table.split('\n').find((l) => l.includes(what)) ?? '';

  it('should mark a status AWS does not document, and one it documents in part, as the page badges them, and leave a documented one bare', async () => {
    const out = (await cli(['run', 'public/scenarios/no-capacity.json', '-f', 'table'])).stdout;
    // the capacity wait is AWS's, the names of its statuses ours; PENDING is AWS's, what happens there partly ours
    expect(rowOf(out, 'capacity: ∅ → WAITING')).toMatch(/ \[partly our model: WAITING\]$/);
    expect(rowOf(out, 'task: PROVISIONING → PENDING')).toMatch(/ \[partly our model: PENDING\]$/);
    expect(rowOf(out, 'task: PENDING → RUNNING')).not.toMatch(/our model/);
    // a status AWS does not have at all: the Cloud Map instance before its registration
    const registered = (await cli(['run', 'public/scenarios/fargate-web.json', '-f', 'table'])).stdout;
    expect(rowOf(registered, 'registry: ∅ → NOT_REGISTERED')).toMatch(/ \[our model: NOT_REGISTERED\]$/);
    expect(out).toContain('\n[our model: S] marks a state or status AWS does not document;');
  });

  it('should say a network interface that failed was never attached, not that it is not attached yet', async () => {
    const out = (await cli(['run', 'public/scenarios/eni-timeout.json', '-f', 'table'])).stdout;
    expect(out).toMatch(/\n {2}network interface \(never attached: (DELETED|FAILED)\) in subnet-\w+\n/);
  });
});

describe('a long explanation in the table', () => {
  it('should be given once in full and pointed at by the rows that would repeat it word for word', () => {
    const sim = createSimulation(parseScenario(readFileSync('public/scenarios/sidecar-gives-up.json', 'utf8')));
    sim.runUntil(3_600_000);
    const rows = formatTable(sim.trace).split('\n');
    const none = rows.filter((r) => / → NONE /.test(r));
    expect(none).toHaveLength(4);
    expect(none[0]).toMatch(/container-envoy: ∅ → NONE \(not started yet: the agent has not begun its image pull \(.+\)\) \[partly our model: NONE\]$/);
    expect(none[2]).toMatch(/container-migrate: ∅ → NONE \(as for container-envoy above\) \[partly our model: NONE\]$/);
    // a container with dependsOn says for whom it waits instead, and so differs from the rest
    expect(none[1]).toMatch(/container-app: ∅ → NONE \(not started yet: waits for its dependsOn \(envoy HEALTHY\); the agent pulls its image only once that holds\) \[partly our model: NONE\]$/);
    expect(none[3]).toMatch(/container-warm-cache: ∅ → NONE \(not started yet: waits for its dependsOn \(migrate SUCCESS\); the agent pulls its image only once that holds\)/);
    // a short note is worth its repeat: each SIGTERM row still says it
    expect(rows.filter((r) => r.includes('(SIGTERM sent)'))).toHaveLength(2);
  });
});

describe('a table of hundreds of thousands of rows', () => {
  it('should print a service run that long (a billion seconds of a crash loop) rather than overflow the stack measuring its columns', () => {
    const notes = Array.from({ length: 300_000 }, (_, i) => ({ t: i * 1000, note: `crash ${i}` }));
    const table = formatServiceTable([], notes);
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(300_001);
    // the longest time sets the column: every row's text starts where the last one's does
    expect(lines.at(-1)).toBe('299999.000 timeline: crash 299999');
    expect(lines[1]!.indexOf('timeline')).toBe(lines.at(-1)!.indexOf('timeline'));
  });
});
