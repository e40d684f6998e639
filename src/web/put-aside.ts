// The person's own scenarios that a preset (or another of theirs) replaced in
// the text area: kept, the five most recent, listed under Preset as "Put
// aside", and brought back by picking them. Picking a preset never loses work.
import { h } from './dom.ts';

export interface PutAside {
  /** what the text area held */
  text: string;
  /** while `text` was a draft that did not parse: the last valid scenario shown under it */
  valid?: string;
  /** when it was put aside (ms since the epoch), to tell entries apart */
  at: number;
  /** the tab whose text another tab put aside (its later text replaces this entry) */
  by?: string;
}

export const KEPT_ASIDE = 5;
const PREFIX = 'aside:';

/** The list with `entry` first: the same text is kept once, and at most five. */
/**
 * Store the list (newest first) with `store`, or, too large for the browser's
 * storage, the newest entries that fit (none, if none does): a reload then
 * brings back the latest, never an older list the page has since said it
 * dropped. How many are stored.
 */
export function storeNewest(list: readonly PutAside[], store: (list: PutAside[]) => boolean): number {
  for (let n = list.length; n > 0; n--) if (store(list.slice(0, n))) return n;
  store([]);
  return 0;
}

export function withPutAside(list: readonly PutAside[], entry: PutAside): PutAside[] {
  return [entry, ...list.filter((e) => e.text !== entry.text)].slice(0, KEPT_ASIDE);
}

/**
 * Another tab's text, put aside before this tab writes its own over it: in
 * place of that tab's text put aside before (two tabs typed in turn would
 * otherwise push out older entries with drafts of one another).
 */
export function withRescued(list: readonly PutAside[], entry: PutAside): PutAside[] {
  return withPutAside(entry.by === undefined ? list : list.filter((e) => e.by !== entry.by), entry);
}

/**
 * The stored list, another tab having changed it, followed by this tab's
 * entries that were never stored (too large for the browser's storage).
 */
export function adoptStored(stored: readonly PutAside[], mine: readonly PutAside[], storedCount: number): PutAside[] {
  const unstored = mine.slice(storedCount).filter((e) => !stored.some((s) => s.text === e.text));
  return [...stored, ...unstored];
}

/** The index of the entry an option of the picker stands for, or null for a preset or Custom. */
export function asideIndex(value: string): number | null {
  return value.startsWith(PREFIX) ? Number(value.slice(PREFIX.length)) : null;
}

/**
 * What the picker calls an entry: its family, and when, to the second. A
 * draft (one the page could not run) says so: one that is not JSON yet has
 * no family to show; one that is JSON but fails a check has.
 */
export function asideLabel(e: PutAside): string {
  const family = familyOf(e.text);
  const time = new Date(e.at).toTimeString().slice(0, 8);
  const what = e.valid === undefined ? (family ? `“${family}”` : 'a scenario') : family ? `“${family}”, a draft that does not run yet` : 'a draft that does not parse yet';
  return `${what}, put aside at ${time}`;
}

/** The task definition's family, when the text parses and names one. */
export function familyOf(text: string): string | null {
  try {
    const o = JSON.parse(text) as { family?: unknown; taskDefinition?: { family?: unknown } } | null;
    const f = o?.taskDefinition?.family ?? o?.family;
    return typeof f === 'string' ? f : null;
  } catch {
    return null;
  }
}

/** Show the entries as an option group at the end of the picker (none: no group). */
export function showPutAside(select: HTMLSelectElement, list: readonly PutAside[]): void {
  const value = select.value;
  select.querySelector('optgroup[data-put-aside]')?.remove();
  if (list.length) select.append(h('optgroup', { label: 'Put aside (yours)', 'data-put-aside': '' }, ...list.map((e, i) => h('option', { value: `${PREFIX}${i}` }, asideLabel(e)))));
  select.value = asideIndex(value) === null ? value : '';
}
