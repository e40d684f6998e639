// `--format table` for a service: over time, the desired count and, per
// deployment, its pending / running / healthy / stopping tasks (and failed
// ones against the circuit breaker's threshold), with what the scheduler
// said (service and deployment events) and what the timeline did.
import type { CountsRow } from '../sim/service/service-simulation.ts';
import { formatSeconds, widest } from './table.ts';
import { printable } from '../sim/printable.ts';
import { breakerCounts } from '../../machines/service.rules.ts';

const short = (id: string) => `…${id.slice(-6)}`;

export function formatServiceTable(rows: readonly CountsRow[], notes: readonly { t: number; note: string; by?: 'world' | 'scheduler' }[]): string {
  const lines: [number, string][] = [];
  let last = '';
  for (const r of rows) {
    // with the circuit breaker on, its count against the threshold: a deployment failing is seen coming
    // (only where the breaker counts: the primary deployment in progress, or the one it failed)
    const failed = (d: CountsRow['deployments'][number]) => (r.failedThreshold === null || !breakerCounts(d) ? '' : `, ${d.failedTasks}/${r.failedThreshold} failed`);
    const deployments = r.deployments
      .map((d) => `${short(d.id)} ${d.taskDefinition} ${d.status} ${d.rolloutState}: ${d.pending} pending, ${d.running} running (${d.healthy} healthy), ${d.stopping} stopping${failed(d)}`)
      .join(' | ');
    const said = r.notices.map((n) => n.eventName + (n.reason ? ` (${n.reason})` : '')).join('; ');
    const line = `${r.state.padEnd(12)} desired ${String(r.desiredCount).padStart(5)}  ${deployments}${said ? `  ← ${said}` : ''}`;
    if (line === last) continue; // a tick that changed nothing a person would see
    last = line;
    lines.push([r.t, line]);
  }
  for (const n of notes) lines.push([n.t, `${n.by ?? 'timeline'}: ${n.note}`]);
  lines.sort((a, b) => a[0] - b[0]);
  // times right-aligned to the longest, so the columns after them stay columns
  const times = lines.map(([t]) => formatSeconds(t));
  const width = widest(times, 9);
  return [`${'TIME (s)'.padEnd(width)} SCHEDULER    COUNTS PER DEPLOYMENT`, ...lines.map(([, l], i) => `${times[i]!.padStart(width)} ${printable(l)}`)].join('\n') + '\n';
}
