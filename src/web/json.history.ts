// The Scenario JSON box keeps its own Undo and Redo. The page rewrites the
// box itself (a preset, a setting, a shared link), which the browser's own
// history of the box does not hold: its Ctrl+Z then took back an edit made in
// another field (the focus jumped there, the run no longer matched the JSON)
// or replayed an old edit into a text it no longer fitted, two documents glued
// together. Here every text the box held, typed or set, is one step.

/** Steps kept: a pasted definition can be large, and nobody undoes a hundred steps. */
const MAX_STEPS = 100;
/** Keystrokes closer together than this are one step, as a browser groups typing. */
const TYPING_MS = 1000;

export interface TextHistory {
  /** the page set the box to `text` (a preset, a setting, a link): one step */
  set(text: string): void;
}

/** `restore` puts an earlier (or later) text back in the box and loads it as if typed. */
export function keepTextHistory(area: HTMLTextAreaElement, restore: (text: string) => void, now: () => number = () => Date.now()): TextHistory {
  const past: string[] = [];
  let future: string[] = [];
  let current = area.value;
  let typedAt = Number.NEGATIVE_INFINITY;

  const step = (text: string) => {
    if (text === current) return;
    past.push(current);
    if (past.length > MAX_STEPS) past.shift();
    current = text;
    future = [];
  };
  const go = (from: string[], to: string[]) => {
    const text = from.pop();
    if (text === undefined) return;
    to.push(current);
    current = text;
    typedAt = Number.NEGATIVE_INFINITY;
    restore(text);
  };
  const undo = () => go(past, future);
  const redo = () => go(future, past);

  area.addEventListener('input', () => {
    const t = now();
    // a burst of typing is one step: the text before it is what Undo returns to
    if (t - typedAt > TYPING_MS) step(area.value);
    else current = area.value;
    typedAt = t;
  });
  area.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key === 'z') (e.preventDefault(), e.shiftKey ? redo() : undo());
    else if (key === 'y' && !e.shiftKey) (e.preventDefault(), redo());
  });
  // the context menu's Undo and Redo, and a keyboard's own keys
  area.addEventListener('beforeinput', (e) => {
    if (e.inputType === 'historyUndo') (e.preventDefault(), undo());
    else if (e.inputType === 'historyRedo') (e.preventDefault(), redo());
  });

  return {
    set(text) {
      typedAt = Number.NEGATIVE_INFINITY;
      step(text);
    },
  };
}
