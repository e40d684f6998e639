// The person's scenarios put aside when something replaces the text area (a
// preset picked, a link opened, a scenario brought back): never lost, listed
// in the preset picker under "Put aside (yours)". This tab's list is the
// truth (another tab's changes do not reorder what its picker shows); the
// browser keeps a copy for the next visit when it has room.
import { followPutAside, save } from './app.store.ts';
import { byId } from './dom.ts';
import { adoptStored, asideLabel, KEPT_ASIDE, showPutAside, storeNewest, withPutAside, type PutAside } from './put-aside.ts';
import type { ScenarioEditor } from './scenario.editor.ts';
import { sameScenario } from './similarity.ts';

export interface AsideShelf {
  /**
   * The text area is about to be replaced: the person's own text (not a
   * preset as it was loaded, however it is spaced) is put aside. A draft
   * keeps the valid scenario shown under it. What to tell the person, or ''
   * when nothing was theirs.
   */
  keepOwn(own?: string, valid?: string): string;
  /** Take a scenario out of the list, to bring it back (null: no such entry). */
  take(index: number): PutAside | null;
  /** Show the list in the picker (after the picker was filled anew). */
  show(): void;
}

export function createAsideShelf(
  area: HTMLTextAreaElement,
  editor: ScenarioEditor,
  initial: PutAside[],
  /** the text the chosen preset loaded: that text is not the person's */
  presetText: () => string | null,
): AsideShelf {
  const picker = () => byId<HTMLSelectElement>('preset');
  let aside = initial;
  /** how many of them the browser's storage holds (the rest are this visit's only) */
  let stored = aside.length;
  // another tab changed the list, or another tab's text was put aside here: it is the list now
  followPutAside((list) => {
    const next = adoptStored(list, aside, stored);
    stored = list.length;
    // (another tab's typing fires this too: redraw the picker only for a new list)
    if (next.length !== aside.length || next.some((e, i) => e.text !== aside[i]!.text || e.at !== aside[i]!.at)) showPutAside(picker(), (aside = next));
  });
  /** Keep the list; say so when the browser's storage could not keep it too. */
  function storeAside(list: PutAside[]): string {
    aside = list;
    showPutAside(picker(), aside);
    const n = (stored = storeNewest(aside, (putAside) => save({ putAside })));
    if (n === aside.length) return '';
    return n === 0
      ? ' (for this visit only: it is too large for the browser’s storage)'
      : ` (for this visit only, with the ${aside.length - n} oldest put aside: together they are too large for the browser’s storage, which keeps the ${n} newest)`;
  }
  return {
    keepOwn(own = area.value, valid = own !== editor.text || !editor.valid ? editor.text : '') {
      const preset = presetText();
      if (own.trim() === '' || own === preset || (preset !== null && sameScenario(own, preset))) return '';
      const next = withPutAside(aside, { text: own, ...(valid ? { valid } : {}), at: Date.now() });
      const gone = aside.filter((e) => !next.includes(e) && e.text !== own);
      const kept = storeAside(next);
      const dropped = gone.length ? ` The oldest put aside, ${gone.map(asideLabel).join('; ')}, is dropped: ${KEPT_ASIDE} are kept.` : '';
      return `Your own scenario is put aside, not lost${kept}: pick it under Preset, “Put aside (yours)”, to bring it back.${dropped}`;
    },
    take(index) {
      const entry = aside[index];
      if (!entry) return null;
      // out of the list first: putting the current text aside must not push out another
      storeAside(aside.filter((e) => e !== entry));
      return entry;
    },
    show: () => showPutAside(picker(), aside),
  };
}
