// Turns zod's findings into one ScenarioError: each wrong field on a line of
// its own, field first. A person fixing a file wants to know where to look and
// what to write there, for every field at once, but not every consequence of
// one typo: one problem a field.
import type { z } from 'zod';
import { ScenarioError } from './types.ts';
import { linesAt, placesOf, severalLines } from './json-place.ts';

/** How a value the user gave reads in a message: `"x"`, `-5`, `an object`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  // JSON.parse reads 1e400 as Infinity: say what went wrong, not what it became
  if (value === Infinity || value === -Infinity) return `a number too large to hold (${value === Infinity ? '' : '-'}1e309 or beyond)`;
  return String(value);
}

/** "A, B or C": how the allowed values are listed in messages. */
export function either(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** A JSON path as people write it: `taskDefinition.containerDefinitions[1].stopTimeout`. */
export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let field = prefix;
  for (const key of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else field += field ? `.${String(key)}` : String(key);
  }
  return field;
}

// Every schema in scenario.schema.ts and task-definition.schema.ts carries its own message; this map only covers what
// slipped through, so that no zod wording ("Invalid input: …") reaches a user.
const fallback: z.core.$ZodErrorMap = (issue) => {
  const got = describe(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : `a value of type ${issue.expected}`}, got ${got}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}, got ${got}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}, got ${got}`;
    case 'invalid_value':
      return `must be ${either(issue.values.map((v) => JSON.stringify(v)))}, got ${got}`;
    default:
      return `is not valid, got ${got}`;
  }
};

/**
 * Names people give our fields, from ECS's own vocabulary or habit: a field
 * left out under its own name may be there under one of these.
 */
const OTHER_NAMES: Record<string, readonly string[]> = {
  container: ['containerName', 'name'],
  reason: ['stoppedReason'],
  at: ['time', 'atSeconds', 'seconds', 'after'],
  exitCode: ['code', 'exit'],
  action: ['type', 'event'],
  step: ['type', 'fault'],
};

/** A missing field given under another name beside it: `found "containerName"`, or null. */
function foundUnder(input: unknown, path: readonly PropertyKey[]): string | null {
  const field = path.at(-1);
  if (typeof field !== 'string') return null;
  let parent: unknown = input;
  for (const key of path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | null)?.[key];
  if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) return null;
  const keys = Object.keys(parent);
  const other = keys.find((k) => k !== field && k.toLowerCase() === field.toLowerCase()) ?? keys.find((k) => OTHER_NAMES[field]?.includes(k));
  return other === undefined ? null : `found "${other}": the field is ${field}`;
}

/**
 * Parse with `schema` or throw a ScenarioError naming the field under
 * `prefix`: every field found wrong, the first of each field only (zod can
 * find one field wrong several ways).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(input, { error: fallback });
  if (result.success) return result.data;
  const problems = new Map<string, ScenarioError>();
  for (const issue of result.error.issues) {
    const field = fieldPath(prefix, issue.path);
    if (problems.has(field)) continue;
    // "required" (or "got nothing") where the user did give it, under another name beside it
    const found = issue.message.startsWith('required') || issue.message.endsWith('got nothing') ? foundUnder(input, issue.path) : null;
    // one aside, not two in a row: "required (expected StopTask, …; found "type": the field is action)"
    const said = !found ? issue.message : issue.message.endsWith(')') ? `${issue.message.slice(0, -1)}; ${found})` : `${issue.message} (${found})`;
    problems.set(field, new ScenarioError(field, said));
  }
  const [first, ...others] = problems.values();
  if (!first) throw new ScenarioError(prefix, 'is not valid');
  throw new ScenarioError(first.field, first.problem, null, others);
}

/** A warning that begins with the field it is about: `settings.deregistrationDelay is not a field we know…`, `family: missing…`. */
const LEADING_FIELD = /^([A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[\d+\])*)(?=:? )/;

/**
 * Warnings as a person finds them in `text`: each that begins with its field
 * gets the field's line, as errors do (`settings.deregistrationDelay (line 7) is
 * not a field we know…`), and they come in the file's order. A text of one
 * line, or a warning that names its place already (a key given twice), is
 * left as it is.
 */
export function warningsInText(warnings: readonly string[], text: string): string[] {
  if (!severalLines(text)) return [...warnings];
  const fields = warnings.map((w) => (/\bline \d+/.test(w) ? null : (LEADING_FIELD.exec(w)?.[1] ?? null)));
  // only where the field itself is: a key with a space or a dot in it is not the path read off the
  // warning's first word, and the enclosing object's line would point at the wrong key; a field
  // left out is placed at the object that lacks it, as an error's is
  const named = fields.filter((f): f is string => f !== null);
  const exact = placesOf(text, named, false);
  const enclosing = placesOf(text, named);
  const lineOf = linesAt(text);
  const placed = warnings.map((w, k) => {
    const field = fields[k];
    const at = !field ? null : / is left out\b/.test(w) ? enclosing.get(field) : exact.get(field);
    if (field && at != null) return { line: lineOf(at), said: `${field} (line ${lineOf(at)})${w.slice(field.length)}` };
    // a warning that names its line already (a key given twice) sorts by it; one about
    // no single place (a revision too big to place, where a search stopped) comes first, as an error's
    const named = /\bline (\d+)/.exec(w);
    return { line: named ? Number(named[1]) : 0, said: w };
  });
  // in the file's order, as errors are (sort is stable: warnings on one line keep theirs)
  return placed.sort((a, b) => a.line - b.line).map((p) => p.said);
}

/**
 * The problems as a person finds them in `text`, the file they came from:
 * each field's line (a text of several lines), in the order the file has
 * them (the file as a whole first).
 */
export function inText(err: ScenarioError, text: string): ScenarioError {
  const places = placesOf(text, err.problems.map((p) => p.field).filter((f) => f !== ''));
  const lineOf = severalLines(text) ? linesAt(text) : null;
  const placed = err.problems.map((p) => {
    const at = p.field ? (places.get(p.field) ?? null) : null;
    return { at: p.field ? (at ?? Infinity) : -1, problem: new ScenarioError(p.field, p.problem, at !== null && lineOf ? lineOf(at) : null) };
  });
  // Array.prototype.sort is stable: problems at one place keep their order
  return ScenarioError.of(placed.sort((a, b) => a.at - b.at).map((x) => x.problem), err.hint);
}
