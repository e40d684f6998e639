// Text for a person: a terminal, or the page's messages. A control character
// that came from the input (a StopTask reason with a newline, an escape
// sequence in an image name, a direction override in a family) is shown
// escaped, as JSON writes it, so it can neither break a table's rows, nor
// drive the person's terminal, nor show a quoted value backwards. The events
// and json formats need nothing: JSON escapes.
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export const printable = (s: string): string =>
  // C0 and C1 controls, and the invisible codes that reorder or break text
  // (a direction override would show "evil" as "live"; U+2028/9 break lines)
  s.replace(/[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
