// JSON.parse with a message a person can act on. V8 gives a position only for
// some errors ("Unexpected token '}', "…" is not valid JSON" has none, and
// quotes the input) and its wording changes between Node versions, so when it
// fails this small scanner finds the first error itself: line, column, what was
// expected and what was there.
import { isNote } from './typos.ts';
import { foreignShape, HCL_HINT, looksLikeHcl, looksLikeYaml } from './foreign-shapes.ts';
import { ScenarioError } from './types.ts';

class Stop {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

/** The parsed value, and a warning for each key an object gives twice (JSON.parse keeps the last, silently). */
export function parseJsonNoting(text: string): { value: unknown; warnings: string[] } {
  const value = parseJson(text);
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const found = duplicateKeys(source);
  // every place, the ignored ones first: a second "seed" far below the first is easy to miss
  const offsets = [...new Set(found.flatMap((d) => d.offsets))].sort((a, b) => a - b);
  const placeOf = new Map(lineColumns(source, offsets).map((place, k) => [offsets[k]!, place]));
  const warnings = found.map(({ path, offsets: at }) => {
    // a generated file may repeat one key thousands of times: its first places, a count, its last
    const places = at.length > 5 ? [...at.slice(0, 3).map((o) => placeOf.get(o)!), `${(at.length - 4).toLocaleString('en-US')} more`, placeOf.get(at.at(-1)!)!] : at.map((o) => placeOf.get(o)!);
    return at.length === 2
      ? `${path} is given twice in one object (at ${places[0]}, and again at ${places[1]}): only the last one counts, the first is ignored`
      : `${path} is given ${at.length.toLocaleString('en-US')} times in one object (at ${places.slice(0, -1).join('; ')}; and last at ${places.at(-1)}): only the last one counts, the others are ignored`;
  });
  // the scan stops there: said first (only the first warnings are shown), or the count
  // of those past it would read as the whole story
  if (found.length === MAX_DUPLICATES_LISTED) warnings.unshift(`keys given twice: the first ${MAX_DUPLICATES_LISTED} are listed, and the rest of the file was not searched for more`);
  return { value, warnings };
}

/** lineColumn for increasing offsets, in one pass over the text (not one per offset: a large file has many lines). */
function lineColumns(source: string, offsets: number[]): string[] {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  return offsets.map((offset) => {
    for (; i < offset; i++) if (source.charCodeAt(i) === 10) (line++, (lineStart = i + 1));
    return `line ${line}, column ${offset - lineStart + 1}`;
  });
}

export function parseJson(text: string): unknown {
  // editors on Windows save a byte-order mark, which JSON.parse refuses
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    if (source.trim() === '') throw new ScenarioError('', 'malformed JSON: the input is empty');
    const { offset, problem } = locate(source);
    // what the text is, when it is more than broken JSON: Terraform's own syntax, at its first block (a comment
    // line before it moves the offset on); a comment; YAML, which fails at its first character; a second value
    const foreign = looksLikeHcl(source)
      ? ` (${HCL_HINT})`
      : isComment(source, offset)
        ? ` (${COMMENT_HINT})`
        : offset === 0 && looksLikeYaml(source)
          ? ' (this looks like YAML: the scenario is JSON; convert it first)'
          : secondValueHint(source, offset);
    throw new ScenarioError('', `malformed JSON: ${lineColumn(source, offset)}: ${problem}${foreign}`);
  }
  const deep = tooDeepAt(source);
  if (deep >= 0) throw new ScenarioError('', `${lineColumn(source, deep)}: nested more than ${MAX_DEPTH} levels deep (no scenario needs that many)`);
  return value;
}

/**
 * A second JSON value after the first: NDJSON (as run --format events and
 * paths --format events write it) pasted back when every line is a value of
 * its own, else two values one after the other (two pretty-printed objects,
 * a file appended to), said with where the second begins. Either way with
 * what the first is when it is a known shape (an EventBridge event, say).
 */
function secondValueHint(source: string, offset: number): string {
  if (!VALUE_START.test(source.slice(offset, offset + 5))) return '';
  let first: unknown;
  try {
    first = JSON.parse(source.slice(0, offset));
  } catch {
    return '';
  }
  const shape = typeof first === 'object' && first !== null && !Array.isArray(first) ? foreignShape(first as Record<string, unknown>) : null;
  const lines = source.split('\n').filter((line) => line.trim() !== '');
  // (every line but the last: a stream cut short, `| head -c`, ends mid-line)
  if (lines.length > 1 && lines.slice(0, -1).every(parses)) return ` (this is NDJSON, one JSON value a line, as ecs-lifecycle writes events; a scenario is one JSON object${shape ? `. Its first line: ${shape}` : ''})`;
  const end = source.slice(0, offset).trimEnd().length - 1;
  return ` (the input holds more than one JSON value: the first ends at ${lineColumn(source, end)}, and a second begins at ${lineColumn(source, offset)}; a scenario is one JSON object${shape ? `. The first: ${shape}` : ''})`;
}

/** What a JSON value begins with: after a whole first value, a second one rather than stray text. */
const VALUE_START = /^(?:[{["\d]|-\d|true|false|null)/;

const parses = (line: string) => {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
};

/**
 * A comment where the scanner stopped (one opened with `//` or `/*`, on a
 * line of its own or after a value): JSON has none, but JSONC does (VS Code's
 * settings, tsconfig files), and "got '/'" alone does not say what to do instead.
 */
const isComment = (source: string, offset: number) => source[offset] === '/' && (source[offset + 1] === '/' || source[offset + 1] === '*');
const COMMENT_HINT = 'comments are not JSON: remove the comment, or keep its note as a key beginning with _ or //, such as "_comment": "…", which is ignored';

function lineColumn(source: string, offset: number): string {
  const before = source.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
}

/**
 * Where JSON first goes deeper than MAX_DEPTH, or -1. JSON.parse takes
 * such input, but whatever walks it afterwards (validation, the page's
 * copies) recurses: a plain scan of the brackets outside strings finds it.
 */
function tooDeepAt(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 /* " */) {
      // (bounded: text that is not JSON, a draft or a link cut short, may end inside a string)
      for (i++; i < s.length && s.charCodeAt(i) !== 34; i++) if (s.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 91 || c === 123 /* [ { */) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 93 || c === 125 /* ] } */) depth--;
  }
  return -1;
}

const MAX_DEPTH = 1000;

/** Text nested deeper than any scenario: to refuse before anything recursive walks it (a pretty-print, a comparison). */
export const nestedTooDeep = (text: string): boolean => tooDeepAt(text) >= 0;

/** `keys`: each key of an object, where it came each time, and whether it is listed as given twice (null in an array) */
type Frame = { keys: Map<string, { offsets: number[]; listed: boolean }> | null; path: string; key: string | null; index: number; expectKey: boolean };

/**
 * Keys an object of valid JSON gives twice or more, with their path and
 * every place they come: a second "timeline" replaces the first without a word, and
 * that is work lost. A scan of the text, as tooDeepAt does (JSON.parse does
 * not say).
 */
const MAX_DUPLICATES_LISTED = 100;
function duplicateKeys(s: string): { path: string; offsets: number[] }[] {
  const found: { path: string; offsets: number[] }[] = [];
  const stack: Frame[] = [];
  const childPath = (f: Frame | undefined) =>
    !f ? '' : f.keys ? (f.path ? `${f.path}.${f.key}` : (f.key ?? '')) : `${f.path}[${f.index}]`;
  for (let i = 0; i < s.length && found.length < MAX_DUPLICATES_LISTED; i++) {
    const c = s.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 34 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; s.charCodeAt(i) !== 34; i++) if (s.charCodeAt(i) === 92 /* \ */) (i++, (escaped = true));
      if (top?.keys && top.expectKey) {
        const raw = s.slice(start, i + 1);
        const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const seen = top.keys.get(key);
        if (seen === undefined) top.keys.set(key, { offsets: [start], listed: false });
        else {
          seen.offsets.push(start);
          // one warning per key however often it comes (its list grows with each); a note
          // key (`//`, `_comment`) holds words for people, often several (a JSONC file's comments)
          if (!seen.listed && !isNote(key)) (seen.listed = true), found.push({ path: top.path ? `${top.path}.${key}` : key, offsets: seen.offsets });
        }
        top.key = key;
        top.expectKey = false;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      stack.push({ keys: c === 123 ? new Map() : null, path: childPath(top), key: null, index: 0, expectKey: c === 123 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) stack.pop();
    else if (c === 44 /* , */ && top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    }
  }
  return found;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Characters that look like a space, or like nothing, and are not JSON's
 * whitespace: pasted from a web page or a chat (a no-break space, a
 * zero-width space, a byte-order mark mid-file). Quoted as they are, the
 * message would point at nothing a person can see: named instead.
 */
const LOOKALIKES: Record<string, string> = {
  '\u00a0': 'no-break space',
  '\u1680': 'Ogham space mark',
  '\u180e': 'Mongolian vowel separator',
  '\u2000': 'en quad', '\u2001': 'em quad', '\u2002': 'en space', '\u2003': 'em space', '\u2004': 'three-per-em space',
  '\u2005': 'four-per-em space', '\u2006': 'six-per-em space', '\u2007': 'figure space', '\u2008': 'punctuation space',
  '\u2009': 'thin space', '\u200a': 'hair space', '\u200b': 'zero-width space', '\u200c': 'zero-width non-joiner',
  '\u200d': 'zero-width joiner', '\u200e': 'left-to-right mark', '\u200f': 'right-to-left mark', '\u202f': 'narrow no-break space',
  '\u205f': 'medium mathematical space', '\u2060': 'word joiner', '\u3000': 'ideographic space', '\ufeff': 'byte-order mark',
};
const named = (c: string) => {
  const name = LOOKALIKES[c];
  return name === undefined ? null : `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (${name}, which JSON does not take as a space)`;
};

function locate(s: string): Stop {
  let i = 0;
  const got = () => {
    const c = s[i];
    if (c === undefined) return 'got the end of the input';
    const lookalike = named(c);
    if (lookalike) return `got ${lookalike}`;
    return `got '${c === '"' ? c : JSON.stringify(c).slice(1, -1)}'`;
  };
  const fail = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, ${got()}`);
  };
  const space = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i] as string)) i++;
  };
  const string = () => {
    i++;
    for (;;) {
      const c = s[i];
      if (c === undefined) fail('a closing \'"\'');
      else if (c === '"') return void i++;
      else if (c === '\\') {
        i++;
        if (s[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) i += 5;
        else if (s[i] !== undefined && '"\\/bfnrt'.includes(s[i] as string)) i++;
        else fail('an escape such as \\n, \\" or \\u00e9');
      } else if (c < ' ') throw new Stop(i, `control characters must be escaped inside a string, ${got()}`);
      else i++;
    }
  };
  // The scanner recurses: past this depth it would overflow the stack.
  let depth = 0;
  const sequence = (close: string, item: () => void, what: string) => {
    if (++depth > MAX_DEPTH) throw new Stop(i, `nested more than ${MAX_DEPTH} levels deep (no scenario needs that many)`);
    i++;
    space();
    if (s[i] === close) return void (i++, depth--);
    for (;;) {
      space();
      item();
      space();
      if (s[i] === ',') {
        const comma = i++;
        space();
        // JavaScript and many editors allow a comma after the last item; JSON does not.
        // Pointed at the comma, which is what to delete, rather than at the bracket after it.
        if (s[i] === close) throw new Stop(comma, `a comma after the last ${close === ']' ? 'array element' : 'property'}, before '${close}': JSON allows none there; delete it`);
      } else if (s[i] === close) return void (i++, depth--);
      else fail(`',' or '${close}' after ${what}`);
    }
  };
  const member = () => {
    if (s[i] !== '"') fail('a property name in double quotes');
    string();
    space();
    if (s[i] !== ':') fail("':' after the property name");
    i++;
    space();
    value();
  };
  const value = (): void => {
    const c = s[i];
    if (c === '{') return sequence('}', member, 'a property value');
    if (c === '[') return sequence(']', value, 'an array element');
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) if (s.startsWith(word, i)) return void (i += word.length);
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) return void (i = NUMBER.lastIndex);
    fail('a value (an object, array, string, number, true, false or null)');
  };
  try {
    space();
    value();
    space();
    if (i < s.length) fail('the end of the input after the JSON value');
  } catch (stop) {
    if (stop instanceof Stop) return stop;
    throw stop;
  }
  // The scanner accepted what JSON.parse refused: point at the start rather than guess.
  return new Stop(0, 'not valid JSON');
}
