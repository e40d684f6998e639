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

  it('should keep one entry per other tab when two tabs type in turn, its latest, not push out older work', async () => {
    const a = await openTab();
    const b = await openTab();
    a.save({ putAside: [entry('older work', 1)] });
    for (const n of [1, 2, 3]) {
      a.save({ text: `a${n}` });
      b.save({ text: `b${n}` });
    }
    a.save({ text: 'a4' });
    // each tab's latest text put aside by the other, and the older work still there
    expect(texts(stored().putAside)).toEqual(['b3', 'a3', 'older work']);
  });

  it('should tell a tab following the list what another tab stored, and what a rescue here put aside', async () => {
    const listeners: ((e: { key: string }) => void)[] = [];
    Object.assign(globalThis, { window: { addEventListener: (_: string, fn: (e: { key: string }) => void) => listeners.push(fn) } });
    try {
      const a = await openTab();
      const b = await openTab();
      const told: string[][] = [];
      b.followPutAside((list) => told.push(texts(list)));
      a.save({ text: 'a typed' });
      // the browser tells B of A's write (a storage event)
      a.save({ putAside: [entry('a1', 1)] });
      for (const fn of listeners) fn({ key: KEY });
      expect(told.at(-1)).toEqual(['a1']);
      // B writes over A's text: A's text is put aside, and B's list follows
      b.save({ text: 'b typed' });
      expect(told.at(-1)).toEqual(['a typed', 'a1']);
      expect(texts(stored().putAside)).toEqual(['a typed', 'a1']);
    } finally {
      delete (globalThis as Record<string, unknown>).window;
    }
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
