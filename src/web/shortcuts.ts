// Keys for the controls used most while watching a run, as video players
// have them: k plays or pauses, "." steps, "," steps back. They press the
// button itself (a disabled one does nothing, and says nothing), and only
// when the focus is not where the key types or picks something. One key,
// no modifier: a speech-input user's words could press them, so they can be
// turned off (WCAG 2.1.4), and the choice is kept for the next visit.
import { loadSaved, save } from './app.store.ts';
import { byId } from './dom.ts';

const KEYS: Record<string, string> = { k: 'play', '.': 'step', ',': 'step-back' };

/** Focus where a key types, picks or moves: the key is its own there. */
function keyIsTheirs(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  // a checkbox or a button takes Space and Enter, not these keys
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
}

/** `sayPlaying`: says aloud whether the clock runs, after k. */
export function listenForShortcuts(sayPlaying: () => void): void {
  const on = byId<HTMLInputElement>('shortcuts');
  on.checked = loadSaved().shortcuts !== false;
  const announce = () => {
    for (const [key, id] of Object.entries(KEYS))
      if (on.checked) byId(id).setAttribute('aria-keyshortcuts', key === 'k' ? 'K' : key);
      else byId(id).removeAttribute('aria-keyshortcuts');
  };
  announce();
  on.addEventListener('change', () => {
    announce();
    save({ shortcuts: on.checked });
  });
  document.addEventListener('keydown', (e) => {
    // holding k would toggle on and off; holding . steps on, as a held arrow key moves on
    if (!on.checked || e.ctrlKey || e.metaKey || e.altKey || (e.repeat && e.key === 'k')) return;
    const id = KEYS[e.key.length === 1 ? e.key.toLowerCase() : ''];
    if (!id || keyIsTheirs(document.activeElement)) return;
    e.preventDefault();
    byId<HTMLButtonElement>(id).click();
    // a Step says what it changed; play and pause, pressed out of sight of the button, are said here
    if (id === 'play') sayPlaying();
  });
}
