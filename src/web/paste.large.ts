// A paste of thousands of lines into the scenario's text area. Chromium's own
// paste inserts it line by line through its editing machinery, and with a
// closed <details> anywhere on the page (the timeline as text, each event)
// every line checks the whole document again: 50,000 lines (a timeline of
// 10,000 actions) froze the page for 25 s, against 2 s on a bare page. Such a
// paste goes in at once instead, as an edit of the value: fast, and the box's
// own Undo (json.history.ts) takes it back as one step. (style.css
// now hides a closed <details> without content-visibility, the cause, which
// also made Select All and Delete slow; the paste stays at once all the same.)

/** From this many lines on, a paste goes in at once. */
export const LARGE_PASTE_LINES = 2000;

/** The lines of `text`, counted up to `limit` (a 5 MB paste is not walked whole to compare with 2,000). */
export function linesUpTo(text: string, limit: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines < limit; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** `pasted`: told what to say once the text is in; it loads it (a paste is no typing to wait for) and says so. */
export function pasteLargeAtOnce(area: HTMLTextAreaElement, pasted: (note: string) => void): void {
  area.addEventListener('paste', (e) => {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (linesUpTo(text, LARGE_PASTE_LINES) < LARGE_PASTE_LINES) return;
    e.preventDefault();
    area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');
    // as a paste would: what listens for edits hears it (the draft is kept)
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    pasted(`Pasted ${linesUpTo(text, Infinity).toLocaleString('en-US')} lines at once, not line by line as the browser does (that takes many seconds).`);
  });
}
