// The Scenario JSON box keeps its own Undo and Redo. The page rewrites the
// box itself (a preset, a setting, a shared link, a draft brought back),
// which the browser's own history of the box does not hold: its Ctrl+Z then
// took back an edit made in another field (the focus jumped there, the run no
// longer matched the JSON) or replayed an old edit into a text it no longer
// fitted, two documents glued together. Here every text the box held, typed
// or set, is one step.

/** Steps kept: nobody undoes a hundred steps. */
const MAX_STEPS = 100;
/** And at most this many characters in all: a pasted scenario may be 2 MB, and a hundred of them 400 MB. */
const MAX_CHARS = 20_000_000;
/** Keystrokes closer together than this are one step, as a browser groups typing. */
const TYPING_MS = 1000;
/** Edits that are a step of their own whatever came just before: a paste, a drop, a cut. */
const WHOLE_EDITS = new Set(['insertFromPaste', 'insertFromDrop', 'deleteByCut', 'insertReplacementText']);

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
  let pastChars = 0;

  const step = (text: string) => {
    if (text === current) return;
    // the empty box the page starts with is no step to go back to
    if (current !== '') (past.push(current), (pastChars += current.length));
    while (past.length > MAX_STEPS || (pastChars > MAX_CHARS && past.length > 1)) pastChars -= past.shift()!.length;
    current = text;
    future = [];
  };
  /** The box was written behind the history's back (a draft brought back): that text is a step too, before the next edit. */
  const catchUp = () => {
    if (area.value !== current) (step(area.value), (typedAt = Number.NEGATIVE_INFINITY));
  };
  const go = (from: string[], to: string[]) => {
    catchUp();
    const text = from.pop();
    if (text === undefined) return;
    if (from === past) pastChars -= text.length;
    else pastChars += current.length;
    to.push(current);
    current = text;
    typedAt = Number.NEGATIVE_INFINITY;
    restore(text);
  };
  const undo = () => go(past, future);
  const redo = () => go(future, past);

  area.addEventListener('beforeinput', (e) => {
    if (e.inputType === 'historyUndo') return void (e.preventDefault(), undo());
    if (e.inputType === 'historyRedo') return void (e.preventDefault(), redo());
    catchUp();
  });
  area.addEventListener('input', (e) => {
    // a word being composed (an input method) is no step until it is committed
    if ((e as InputEvent).isComposing) return;
    const whole = WHOLE_EDITS.has((e as InputEvent).inputType);
    const t = now();
    // a burst of typing is one step: the text before it is what Undo returns to
    if (whole || t - typedAt > TYPING_MS) step(area.value);
    else current = area.value;
    typedAt = whole ? Number.NEGATIVE_INFINITY : t;
  });
  area.addEventListener('compositionend', () => {
    step(area.value);
    typedAt = Number.NEGATIVE_INFINITY;
  });
  area.addEventListener('keydown', (e) => {
    if (e.isComposing || !(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key === 'z') (e.preventDefault(), e.shiftKey ? redo() : undo());
    else if (key === 'y' && !e.shiftKey) (e.preventDefault(), redo());
  });

  return {
    set(text) {
      catchUp();
      typedAt = Number.NEGATIVE_INFINITY;
      step(text);
    },
  };
}
