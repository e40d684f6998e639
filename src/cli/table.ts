// The `--format table` timeline: one row per change, with every resource's
// status after it, so a person can read the lifecycle top to bottom.
import type { TraceEntry } from '../sim/types.ts';
import { entrySentence } from '../sim/notes.ts';
import { printable } from './printable.ts';

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(3).padStart(9);
}

interface Columns {
  task: string;
  desired: string;
  capacity: string;
  eni: string;
  targets: Map<string, string>;
  registry: string;
  containers: Map<string, string>;
}

export function formatTable(trace: readonly TraceEntry[]): string {
  // Only a task that waits for capacity has that column: the rest keep their width.
  const waits = trace.some((e) => e.actor === 'capacity');
  const cols: Columns = { task: '', desired: 'RUNNING', capacity: '-', eni: '-', targets: new Map(), registry: '-', containers: new Map() };
  const rows: string[][] = [];
  for (const e of trace) {
    apply(cols, e);
    const what = entrySentence(e);
    rows.push([
      formatSeconds(e.t),
      cols.task,
      cols.desired,
      ...(waits ? [cols.capacity] : []),
      cols.eni,
      [...cols.targets.values()].join(',') || '-',
      cols.registry,
      [...cols.containers].map(([n, s]) => `${n}:${s}`).join(' '),
      what,
    ].map(printable));
  }
  const header = ['TIME (s)', 'LAST', 'DESIRED', ...(waits ? ['CAPACITY'] : []), 'ENI', 'TARGETS', 'REGISTRY', 'CONTAINERS', 'WHAT HAPPENED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)) + 1);
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join(' ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function apply(c: Columns, e: TraceEntry) {
  if (e.actor === 'task') {
    if (e.to.startsWith('desired ')) c.desired = e.to.slice('desired '.length);
    else c.task = e.to;
  } else if (e.actor === 'capacity') c.capacity = e.to;
  else if (e.actor === 'eni') c.eni = e.to;
  else if (e.actor === 'registry') c.registry = e.to;
  else if (e.actor.startsWith('target-')) c.targets.set(e.actor, e.to);
  else if (e.actor.startsWith('container-')) c.containers.set(e.actor.slice('container-'.length), e.to);
}
