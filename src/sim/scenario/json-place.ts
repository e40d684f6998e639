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

/** Where the value of `step` in the object or array starting at `i` starts, or null (the last one, as JSON.parse keeps the last of a key given twice). */
function child(s: string, i: number, step: string | number): number | null {
  const object = s[i] === '{';
  if (!object && s[i] !== '[') return null;
  let found: number | null = null;
  let index = 0;
  i = space(s, i + 1);
  while (i < s.length && s[i] !== '}' && s[i] !== ']') {
    let key: string | number = index++;
    if (object) {
      const end = endOfString(s, i);
      key = JSON.parse(s.slice(i, end)) as string;
      i = space(s, space(s, end) + 1); // past the ':'
    }
    if (key === step) found = i;
    i = space(s, endOfValue(s, i));
    if (s[i] === ',') i = space(s, i + 1);
  }
  return found;
}

/**
 * The offset of `field` in `source`, or of the nearest enclosing value that is
 * there (a field the loader missed, or defaulted: its object); null when the
 * path leaves the text at once.
 */
export function placeOf(source: string, field: string): number | null {
  let at = space(source, 0);
  let found = false;
  for (const step of pathSteps(field)) {
    const next = child(source, at, step);
    if (next === null) break;
    at = next;
    found = true;
  }
  return found ? at : null;
}

/** "line 14" for `field` in a text of several lines; null for one line (a path says as much) or a field not in it. */
export function lineOf(source: string, field: string): number | null {
  if (!source.includes('\n')) return null;
  const at = placeOf(source, field);
  if (at === null) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
