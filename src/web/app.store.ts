// What survives a reload (localStorage) and what a shared link carries (the
// scenario in the URL hash, base64url of its UTF-8 JSON).
import type { Speed } from './sim.driver.ts';
import type { PutAside } from './put-aside.ts';

const KEY = 'ecs-lifecycle:web:v1';
const HASH_PARAM = 'scenario';
const PRESET_PARAM = 'preset';

export interface Saved {
  text: string;
  /** while `text` is a draft that does not parse: the last valid text (a reload still has a task to show) */
  valid: string | undefined;
  speed: Speed;
  hostedInspector: boolean;
  preset: string | null;
  /** the preset the scenario is an edit of: its story shows, marked as edited */
  editedFrom: string | null;
  /** the person's own scenarios (typed, pasted, edited) that a preset replaced, most recent first (put-aside.ts) */
  putAside: PutAside[];
}

export function loadSaved(): Partial<Saved> {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Partial<Saved>) : {};
  } catch {
    return {}; // private mode or a corrupt entry: start fresh rather than fail
  }
}

/** false when the browser would not keep it (storage full or disabled): the page still works, it just forgets. */
export function save(patch: Partial<Saved>): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...loadSaved(), ...patch }));
    return true;
  } catch {
    return false;
  }
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
 * unedited preset, its id: the narrative comes along). `text` must parse as
 * JSON: a link whose text does not is taken for one cut short.
 */
export function shareUrl(text: string, preset: string | null = null): string {
  const compact = JSON.stringify(JSON.parse(text));
  const url = new URL(location.href);
  url.hash = `${HASH_PARAM}=${toBase64Url(compact)}${preset ? `&${PRESET_PARAM}=${encodeURIComponent(preset)}` : ''}`;
  return url.href;
}

/**
 * The scenario carried by the URL, if any (`broken`: a link was there but
 * cannot be decoded, or its text is not JSON: cut short by a chat client, say;
 * shareUrl only makes links to JSON, so nothing is lost). The hash is removed
 * afterwards so that later edits, saved locally, win over the link on the
 * next reload.
 */
export function takeSharedScenario(): { text: string | null; broken: boolean; preset: string | null } {
  const params = new URLSearchParams(location.hash.slice(1));
  const code = params.get(HASH_PARAM);
  const preset = params.get(PRESET_PARAM);
  if (!code) return { text: null, broken: false, preset: null };
  history.replaceState(null, '', location.pathname + location.search);
  try {
    return { text: JSON.stringify(JSON.parse(fromBase64Url(code)), null, 2), broken: false, preset };
  } catch {
    return { text: null, broken: true, preset: null };
  }
}
