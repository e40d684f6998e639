// The `--format table` timeline: one row per change, with every resource's
// status after it, so a person can read the lifecycle top to bottom.
import type { TraceEntry } from '../sim/types.ts';
import { entrySentence } from '../sim/notes.ts';
import { statusMark } from '../sim/status-marks.ts';
import { printable } from '../sim/printable.ts';

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

/** Narrower than this, the WHAT HAPPENED column is not wrapped: a line per row reads better than a word per line. */
const MIN_WHAT = 30;

/**
 * `width`: the terminal's columns, when the table is printed to one. The WHAT
 * HAPPENED column then wraps under itself, so the status columns stay a
 * column; printed to a file or a pipe (no width), each row stays one line,
 * for grep.
 */
/** After a status entered: whether it is our model, as the page's badge says it. */
function markSaid(e: TraceEntry): string {
  if (e.actor === 'user' || e.actor === 'world') return '';
  const mark = statusMark(e.actor, e.to);
  return mark === 'inferred' ? ` [our model: ${e.to}]` : mark === 'partly' ? ` [partly our model: ${e.to}]` : '';
}

/** Said under a table that marks a status: what the two marks mean. */
export const MARKS_MEANING =
  '[our model: S] marks a state or status AWS does not document; [partly our model: S], one AWS documents where part of what happens there is ours (docs/model.md says which part); [our model: …] in a sentence, a step AWS does not describe.';

export const marksStatus = (trace: readonly TraceEntry[]) => trace.some((e) => markSaid(e) !== '');

export function formatTable(trace: readonly TraceEntry[], width?: number): string {
  // Only a task that waits for capacity has that column: the rest keep their width.
  const waits = trace.some((e) => e.actor === 'capacity');
  const cols: Columns = { task: '', desired: 'RUNNING', capacity: '-', eni: '-', targets: new Map(), registry: '-', containers: new Map() };
  const rows: string[][] = [];
  const explained = new Map<string, string>();
  for (const e of trace) {
    apply(cols, e);
    const what = sentence(e, explained) + markSaid(e);
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
  const widths = header.map((h, i) => widest(rows.map((r) => r[i]!), h.length) + 1);
  // times right-aligned, so their points stay in one column past 999,999 s
  for (const r of rows) r[0] = r[0]!.padStart(widths[0]! - 1);
  const indent = widths.slice(0, -1).reduce((sum, w) => sum + w + 1, 0);
  const room = width === undefined ? Infinity : width - indent - 1;
  const line = (r: string[]) => {
    const [first, ...more] = room >= MIN_WHAT ? wrap(r.at(-1)!, room) : [r.at(-1)!];
    const head = r.slice(0, -1).map((c, i) => pad(c, widths[i]!)).join(' ');
    return [`${head} ${first}`.trimEnd(), ...more.map((m) => ' '.repeat(indent) + m)].join('\n');
  };
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** A note this long is said once in full: four containers entering NONE would otherwise repeat three lines of the same words. */
const LONG_NOTE = 60;

/** The row's sentence; a long note another actor's row already gave in full is pointed at instead (`explained`: note → that actor). */
function sentence(e: TraceEntry, explained: Map<string, string>): string {
  if (e.actor === 'user' || e.actor === 'world' || e.note.length <= LONG_NOTE) return entrySentence(e);
  const first = explained.get(e.note);
  if (first === undefined) explained.set(e.note, e.actor);
  else if (first !== e.actor) return `${e.actor}: ${e.from ?? '∅'} → ${e.to} (as for ${first} above)`;
  return entrySentence(e);
}

/** `text` in lines of at most `room` characters, broken between words (a longer word gets a line of its own). */
function wrap(text: string, room: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > room) (lines.push(current), (current = word));
    else current = current ? `${current} ${word}` : word;
  }
  return [...lines, current];
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
/**
 * The widest of `texts`, at least `min`: a loop, not Math.max(...spread),
 * which passes one argument per row and overflows the stack past about
 * 100,000 rows (a service run for a billion seconds).
 */
export function widest(texts: Iterable<string>, min = 0): number {
  let width = min;
  for (const t of texts) if (t.length > width) width = t.length;
  return width;
}

