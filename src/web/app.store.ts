// What survives a reload (localStorage) and what a shared link carries (the
// scenario in the URL hash, base64url of its UTF-8 JSON).
import type { Speed } from './sim.driver.ts';
import { withRescued, type PutAside } from './put-aside.ts';
import { nestedTooDeep } from '../sim/scenario/json.ts';

const KEY = 'ecs-lifecycle:web:v1';
const HASH_PARAM = 'scenario';
const PRESET_PARAM = 'preset';
/** the preset an edited scenario came from: the page it opens tells that story, marked as edited */
const EDITED_FROM_PARAM = 'editedFrom';

export interface Saved {
  text: string;
  /** while `text` is a draft that does not parse: the last valid text (a reload still has a task to show) */
  valid: string | undefined;
  speed: Speed;
  hostedInspector: boolean;
  /** the single-key shortcuts (k, ".", ","): on unless turned off */
  shortcuts: boolean;
  preset: string | null;
  /** the preset the scenario is an edit of: its story shows, marked as edited */
  editedFrom: string | null;
  /** the person's own scenarios (typed, pasted, edited) that a preset replaced, most recent first (put-aside.ts) */
  putAside: PutAside[];
}

/**
 * What storage holds, each field checked: an entry edited by hand, or written
 * by another version of the page, loses the fields it got wrong rather than
 * break the page on every load.
 */
function read(): Partial<Saved> & { textBy?: string } {
  let o: unknown;
  try {
    o = JSON.parse(localStorage.getItem(KEY) ?? '{}');
  } catch {
    return {}; // private mode or a corrupt entry: start fresh rather than fail
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return {};
  const r = o as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const strOrNull = (v: unknown) => (v === null ? null : str(v));
  const out: Partial<Saved> & { textBy?: string } = {};
  if (str(r.text) !== undefined) out.text = r.text as string;
  if (str(r.valid) !== undefined) out.valid = r.valid as string;
  if (r.speed === 'max' || typeof r.speed === 'number') out.speed = r.speed as Speed;
  if (typeof r.hostedInspector === 'boolean') out.hostedInspector = r.hostedInspector;
  if (typeof r.shortcuts === 'boolean') out.shortcuts = r.shortcuts;
  if (strOrNull(r.preset) !== undefined) out.preset = r.preset as string | null;
  if (strOrNull(r.editedFrom) !== undefined) out.editedFrom = r.editedFrom as string | null;
  if (Array.isArray(r.putAside)) out.putAside = r.putAside.filter(isPutAside);
  if (str(r.textBy) !== undefined) out.textBy = r.textBy as string;
  return out;
}

const isPutAside = (e: unknown): e is PutAside => {
  const x = e as Partial<PutAside> | null;
  return typeof x === 'object' && x !== null && typeof x.text === 'string' && Number.isFinite(x.at) && (x.valid === undefined || typeof x.valid === 'string');
};

/** This tab, as the writer of the text it keeps (another tab's text, put aside, is told apart by it). */
const TAB = Math.random().toString(36).slice(2, 10);
/** The text this tab last read or wrote: a stored text unlike it was written by another tab. */
let textSeen: string | undefined;
/** Told the stored put-aside list when another tab, or a rescue here, changed it. */
let asideChanged: ((list: PutAside[]) => void) | null = null;

/** What the last visit left (once, as the page loads). */
export function loadSaved(): Partial<Saved> {
  const saved = read();
  textSeen = saved.text;
  return saved;
}

/**
 * Follow the stored put-aside list: another tab's changes (the browser's
 * storage event) and another tab's text put aside here. Each tab then writes
 * back a list that holds the others' entries, and removes only its own picks.
 */
export function followPutAside(fn: (list: PutAside[]) => void): void {
  asideChanged = fn;
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) fn(read().putAside ?? []);
  });
}

/**
 * false when the browser would not keep it (storage full or disabled): the
 * page still works, it just forgets. Another tab's work is never written
 * over: its own text (no preset saved, or a draft over one) that this tab's
 * text replaces is put aside first, in place of that tab's earlier one.
 */
export function save(patch: Partial<Saved>): boolean {
  try {
    const stored = read();
    const next = { ...stored, ...patch };
    const other = stored.text;
    let rescued = false;
    if (patch.text !== undefined && other !== undefined && other !== textSeen && other !== patch.text && (stored.preset == null || stored.valid !== undefined)) {
      const by = stored.textBy;
      next.putAside = withRescued(next.putAside ?? [], { text: other, ...(stored.valid !== undefined ? { valid: stored.valid } : {}), at: Date.now(), ...(by !== undefined ? { by } : {}) });
      rescued = true;
    }
    if (patch.text !== undefined) next.textBy = TAB;
    localStorage.setItem(KEY, JSON.stringify(next));
    if (patch.text !== undefined) textSeen = patch.text;
    if (rescued) asideChanged?.(next.putAside!);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keep the text area for the next visit. A draft and the valid text under it
 * may be too much for the browser's storage together: the draft alone is what
 * a reload must bring back. When even that does not fit, say so in `notice`
 * (a reload would bring back an older text), once, and take it back once it
 * fits, rather than lose the typing quietly.
 */
export function textKeeper(notice: HTMLElement): (text: string, valid: string | undefined) => void {
  let tooLarge: string | null = null;
  return (text, valid) => {
    const kept = save({ text, valid }) || (valid !== undefined && save({ text, valid: undefined }));
    if (kept) {
      if (tooLarge !== null && notice.textContent === tooLarge) notice.textContent = '';
      tooLarge = null;
      return;
    }
    if (tooLarge !== null) return;
    const mb = (text.length / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 });
    tooLarge = `This scenario (${mb} million characters) is too large for the browser's storage: a reload would not bring back what you type now. Save JSON keeps it in a file.`;
    notice.textContent = tooLarge;
  };
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(code: string): string {
  const bin = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
  // fatal: a link cut inside a multi-byte character is damaged, not text with a \uFFFD in it
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * A link to this page that opens with `text` as the scenario (and, for an
 * unedited preset, its id: the narrative comes along; for an edit of one,
 * that preset's id as `editedFrom`: its story comes along, marked as edited).
 * `text` must parse as JSON: a link whose text does not is taken for one cut short.
 */
export function shareUrl(text: string, preset: string | null = null, editedFrom: string | null = null): string {
  const compact = JSON.stringify(JSON.parse(text));
  const url = new URL(location.href);
  const named = preset ? `&${PRESET_PARAM}=${encodeURIComponent(preset)}` : editedFrom ? `&${EDITED_FROM_PARAM}=${encodeURIComponent(editedFrom)}` : '';
  url.hash = `${HASH_PARAM}=${toBase64Url(compact)}${named}`;
  return url.href;
}

/**
 * The scenario carried by the URL, if any (`broken`: a link was there but
 * cannot be decoded, or its text is not JSON: cut short by a chat client, say;
 * shareUrl only makes links to JSON, so nothing is lost). The hash is removed
 * afterwards so that later edits, saved locally, win over the link on the
 * next reload.
 */
export interface SharedScenario {
  text: string | null;
  broken: boolean;
  preset: string | null;
  editedFrom: string | null;
}

export function takeSharedScenario(): SharedScenario {
  const params = new URLSearchParams(location.hash.slice(1));
  const code = params.get(HASH_PARAM);
  const preset = params.get(PRESET_PARAM);
  const editedFrom = params.get(EDITED_FROM_PARAM);
  if (!code) return { text: null, broken: false, preset: null, editedFrom: null };
  history.replaceState(null, '', location.pathname + location.search);
  try {
    const json = fromBase64Url(code);
    const value: unknown = JSON.parse(json);
    // Spaced out, text nested thousands deep grows with the square of its depth (a 10 KB link, 32 MB of
    // text): kept as it came, the editor refuses it at once, naming where.
    if (nestedTooDeep(json)) return { text: json, broken: false, preset, editedFrom };
    return { text: JSON.stringify(value, null, 2), broken: false, preset, editedFrom };
  } catch {
    return { text: null, broken: true, preset: null, editedFrom: null };
  }
}
