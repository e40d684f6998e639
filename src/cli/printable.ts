// Text for a terminal. A control character that came from the input (a StopTask
// reason with a newline, an escape sequence in an image name) is shown escaped,
// as JSON writes it, so it can neither break a table's rows nor drive the
// person's terminal. The events and json formats need nothing: JSON escapes.
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export const printable = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The same for text of several lines: its own line breaks stay. */
export const printableLines = (s: string): string => s.split('\n').map(printable).join('\n');
