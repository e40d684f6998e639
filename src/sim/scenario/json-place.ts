// Where in the text a field an error names is: "timeline[0].at (line 14)".
// The loader works on parsed values and names fields by their path; a person
// fixing a 40-line scenario (or a screen-reader user, who cannot glance at
// it) needs the line too. The text is valid JSON here (JSON.parse took it).

/** `a.b[2].c` as its steps: ['a', 'b', 2, 'c']. */
export function pathSteps(field: string): (string | number)[] {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

const space = (s: string, i: number) => {
  while (i < s.length && ' \t\n\r'.includes(s[i] as string)) i++;
  return i;
};

/** The offset just past the string starting at `i`. */
function endOfString(s: string, i: number): number {
  for (i++; s.charCodeAt(i) !== 34 /* " */; i++) if (s.charCodeAt(i) === 92 /* \ */) i++;
  return i + 1;
}

/** The offset just past the value starting at `i`. */
function endOfValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return endOfString(s, i);
  if (c !== '{' && c !== '[') {
    while (i < s.length && !',}] \t\n\r'.includes(s[i] as string)) i++;
    return i;
  }
  let depth = 0;
  for (; i < s.length; i++) {
    const d = s[i];
    if (d === '"') i = endOfString(s, i) - 1;
    else if (d === '{' || d === '[') depth++;
    else if ((d === '}' || d === ']') && --depth === 0) return i + 1;
  }
  return i;
}

/**
 * The offset of `field` in `source`, or of the nearest enclosing value that is
 * there (a field the loader missed, or defaulted: its object; at the top
 * level, the file's object); null when the text has no object or list.
 */
export function placeOf(source: string, field: string): number | null {
  return placesOf(source, [field]).get(field) ?? null;
}

/** Whether `text` has lines to count: one line and its line break (`echo '{…}' |`) has not. */
export const severalLines = (text: string) => text.trim().includes('\n');

/** "line 14" for `field` in a text of several lines; null for one line (a path says as much) or a field not in it. */
export function lineOf(source: string, field: string): number | null {
  if (!severalLines(source)) return null;
  const at = placeOf(source, field);
  if (at === null) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** `a.b` + step: the path of a child value, as fieldPath writes it. */
const stepPath = (path: string, step: string | number) => (typeof step === 'number' ? `${path}[${step}]` : path ? `${path}.${step}` : step);

/**
 * Where each of `fields` is (as placeOf), found in one pass over the text:
 * a file with ten thousand wrong fields is not read ten thousand times.
 * A top-level field not there is placed at the file's object (null if it has none).
 */
/** `enclosing`: a field not there gets its nearest enclosing value's place (false: null). */
export function placesOf(source: string, fields: readonly string[], enclosing = true): Map<string, number | null> {
  // each field and every value enclosing it: only these are walked into
  const wanted = new Set<string>();
  for (const f of fields) {
    let p = '';
    for (const step of pathSteps(f)) wanted.add((p = stepPath(p, step)));
  }
  const at = new Map<string, number>();
  const walk = (i: number, path: string): void => {
    const object = source[i] === '{';
    if (!object && source[i] !== '[') return;
    let index = 0;
    i = space(source, i + 1);
    while (i < source.length && source[i] !== '}' && source[i] !== ']') {
      let key: string | number = index++;
      if (object) {
        const end = endOfString(source, i);
        key = JSON.parse(source.slice(i, end)) as string;
        i = space(source, space(source, end) + 1); // past the ':'
      }
      const p = stepPath(path, key);
      // the last of a key given twice, as JSON.parse keeps it
      if (wanted.has(p)) (at.set(p, i), walk(i, p));
      i = space(source, endOfValue(source, i));
      if (source[i] === ',') i = space(source, i + 1);
    }
  };
  const root = space(source, 0);
  walk(root, '');
  const out = new Map<string, number | null>();
  for (const f of fields) {
    // the field, or the nearest value enclosing it that is there: a top-level
    // field left out is at the whole file's object (a bare task definition's `cpu`)
    let place: number | null = '{['.includes(source[root] ?? ' ') ? root : null;
    let p = '';
    let whole = true;
    for (const step of pathSteps(f)) {
      const found = at.get((p = stepPath(p, step)));
      if (found === undefined) {
        whole = false;
        break;
      }
      place = found;
    }
    out.set(f, whole || enclosing ? place : null);
  }
  return out;
}

/** The line of each offset in `source` (1 for the first), from one pass over it. */
export function linesAt(source: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) breaks.push(i);
  return (offset) => {
    // how many line breaks come before the offset
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}
