// Keys for the controls used most while watching a run, as video players
// have them: k plays or pauses, "." steps, "," steps back. They press the
// button itself (a disabled one does nothing, and says nothing), and only
// when the focus is not where the key types or picks something.
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

export function listenForShortcuts(): void {
  for (const [key, id] of Object.entries(KEYS)) byId(id).setAttribute('aria-keyshortcuts', key === 'k' ? 'K' : key);
  document.addEventListener('keydown', (e) => {
    // holding k would toggle on and off; holding . steps on, as a held arrow key moves on
    if (e.ctrlKey || e.metaKey || e.altKey || (e.repeat && e.key === 'k')) return;
    const id = KEYS[e.key.length === 1 ? e.key.toLowerCase() : ''];
    if (!id || keyIsTheirs(document.activeElement)) return;
    e.preventDefault();
    byId<HTMLButtonElement>(id).click();
  });
}
