// What the browser keeps between visits: checked as it is read, and never
// written over by another tab of the page (each tab is its own module here).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PutAside } from '../../src/web/put-aside.ts';

const KEY = 'ecs-lifecycle:web:v1';
let store: Map<string, string>;
beforeEach(() => {
  store = new Map();
  Object.assign(globalThis, {
    localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
  });
});
afterEach(() => void delete (globalThis as Record<string, unknown>).localStorage);

/** a page opened in a tab of its own */
async function openTab() {
  vi.resetModules();
  const tab = await import('../../src/web/app.store.ts');
  tab.loadSaved();
  return tab;
}
const stored = () => JSON.parse(store.get(KEY)!) as { text?: string; preset?: string | null; putAside?: PutAside[] };
const texts = (l: PutAside[] | undefined) => (l ?? []).map((e) => e.text);
const entry = (text: string, at: number): PutAside => ({ text, at });

describe('saved state across tabs', () => {
  it('should put aside the scenario another tab typed before this one writes its own over it', async () => {
    const a = await openTab();
    const b = await openTab();
    a.save({ text: '{"family":"tabA"}', preset: null });
    // tab B picks a preset: its text replaces the one tab A typed
    b.save({ text: '{"family":"preset"}' });
    b.save({ preset: 'fargate-web' });
    expect(stored().text).toBe('{"family":"preset"}');
    expect(texts(stored().putAside)).toEqual(['{"family":"tabA"}']);
    // B's own later edits put nothing more aside, and a preset another tab shows is not its work
    b.save({ text: '{"family":"preset","x":1}' });
    const c = await openTab();
    b.save({ text: '{"family":"preset","x":2}', preset: 'fargate-web' });
    c.save({ text: '{"family":"tabC"}' });
    expect(texts(stored().putAside)).toEqual(['{"family":"tabA"}']);
  });

  it('should keep what another tab put aside beside this tab’s list, and not bring back what this tab took out', async () => {
    const a = await openTab();
    const b = await openTab();
    a.save({ putAside: [entry('a1', 1)] });
    b.save({ putAside: [entry('b1', 2)] });
    expect(texts(stored().putAside)).toEqual(['b1', 'a1']);
    // tab A brings its entry back (out of the list): it stays out, B's stays in
    a.save({ putAside: [] });
    expect(texts(stored().putAside)).toEqual(['b1']);
  });
});

describe('saved state read back', () => {
  it.each([
    ['null', {}],
    ['[1,2]', {}],
    ['{"putAside":"hello"}', {}],
    ['{"text":5,"speed":"fast","preset":7}', {}],
    ['{"putAside":[null,{"text":5,"at":"x"},{"text":"ok","at":1},{"text":"d","at":2,"valid":3}],"text":"t","speed":"max"}', { putAside: [{ text: 'ok', at: 1 }], text: 't', speed: 'max' }],
  ])('should drop what is malformed in %s, field by field, rather than break the page', async (raw, expected) => {
    store.set(KEY, raw);
    const tab = await import('../../src/web/app.store.ts');
    expect(tab.loadSaved()).toEqual(expected);
  });
});
