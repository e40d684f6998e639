// The story of the preset an edited scenario came from. It often asks for the
// very edits that leave the preset (tick a fault, change a setting), so it
// stays, marked as edited, while the scenario is still an edit of that preset;
// not for another task typed or pasted over it. Kept for the next visit.
import { save } from './app.store.ts';
import type { Preset } from './presets.ts';
import { parsedJson, SAME_SCENARIO, similarity } from './similarity.ts';

export interface EditedFrom {
  preset: Preset;
  /** the preset's JSON, to tell an edit of it from another scenario */
  json: unknown;
}

export interface EditNarrative {
  /** the preset the scenario is now an edit of (null: none) */
  set(from: EditedFrom | null): void;
  /** that preset's id (a link passes it on) */
  id(): string | null;
  /** set it and tell its story */
  resume(from: EditedFrom): void;
  /** the scenario changed (typed, or by a setting): tell the story, or drop it when the text is another scenario */
  changed(text: string, typed: boolean): void;
}

interface Deps {
  teaching: { narrate(text: string | null): void };
  /** the scenario's text now (a comparison that arrives late is for that text only) */
  currentText(): string;
  /** the JSON of every preset but this one (null for a file that could not be read) */
  othersJson(id: string): Promise<unknown[]>;
  /** marks the picker busy while presets' files are on their way */
  busy<T>(work: Promise<T>): Promise<T>;
}

export function createEditNarrative({ teaching, currentText, othersJson, busy }: Deps): EditNarrative {
  let editedFrom: EditedFrom | null = null;
  const set = (from: EditedFrom | null) => {
    editedFrom = from;
    save({ editedFrom: from?.preset.id ?? null });
  };
  const tell = (from: EditedFrom) =>
    // the story is the preset's: an edit (a fault ticked) may well change how it ends
    teaching.narrate(`Edited from the preset “${from.preset.title}”: its story, which your edits may change: ${from.preset.narrative}`);
  return {
    set,
    id: () => editedFrom?.preset.id ?? null,
    resume(from) {
      set(from);
      tell(from);
    },
    changed(text, typed) {
      if (!editedFrom) return;
      const from = editedFrom;
      const now = parsedJson(text);
      const drop = () => {
        if (editedFrom !== from) return;
        set(null);
        teaching.narrate(null);
      };
      tell(from);
      // The settings edit the scenario the narrative is about (it often asks
      // for that); typed or pasted text may be another scenario altogether.
      if (!typed) return;
      const close = similarity(now, from.json);
      if (close < SAME_SCENARIO) return drop();
      // another preset pasted over this one is closer to itself than to this one
      void busy(othersJson(from.preset.id).then((others) => {
        if (text === currentText() && others.some((o) => o !== null && similarity(now, o) > close)) drop();
      }));
    },
  };
}
