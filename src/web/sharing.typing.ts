// Keep what is typed even while it does not parse yet: a reload must not lose it.
// Kept after a pause in typing (storing rewrites everything kept, put-aside
// scenarios too: on every key of a large scenario the typing would lag), and
// at once when the page goes away or out of sight.
import type { ScenarioEditor } from './scenario.editor.ts';

/** (what is kept: the text as typed, and the valid scenario under a draft) */
type KeepText = (text: string, valid: string | undefined) => void;

export function keepWhileTyping(area: HTMLTextAreaElement, editor: ScenarioEditor, shareBox: HTMLElement, keepText: KeepText): void {
  let typedUnkept: number | undefined;
  const keepTyped = () => {
    if (typedUnkept === undefined) return;
    window.clearTimeout(typedUnkept);
    typedUnkept = undefined;
    keepText(area.value, area.value === editor.text || !editor.text ? undefined : editor.text);
  };
  area.addEventListener('input', () => {
    window.clearTimeout(typedUnkept);
    typedUnkept = window.setTimeout(keepTyped, 200);
    // A link shows one moment of the text: any edit makes it stale, so hide it.
    shareBox.hidden = true;
  });
  window.addEventListener('pagehide', keepTyped);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && keepTyped());
}
