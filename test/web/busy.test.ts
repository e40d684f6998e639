// The text area says aria-busy while a preset's file or the presets' list is
// on its way: a screen reader waits for it, and the browser tests wait for it
// instead of sleeping. It must hold until the last piece of work settles.
import { describe, expect, it } from 'vitest';
import { busyMarker } from '../../src/web/busy.ts';

function element() {
  const attrs = new Map<string, string>();
  return { attrs, setAttribute: (k: string, v: string) => void attrs.set(k, v), removeAttribute: (k: string) => void attrs.delete(k) };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('busyMarker', () => {
  it('should keep the element busy until every piece of work has settled, in whatever order, and pass a failure on', async () => {
    const el = element();
    const busy = busyMarker(el as unknown as HTMLElement);
    const first = deferred();
    const second = deferred();
    const firstMarked = busy(first.promise);
    expect(el.attrs.get('aria-busy')).toBe('true');
    const secondMarked = busy(second.promise);
    second.reject(new Error('a preset file that could not be fetched'));
    // the failure is not swallowed: whoever awaits it (or the console) still hears of it
    await expect(secondMarked).rejects.toThrow('a preset file that could not be fetched');
    expect(el.attrs.get('aria-busy')).toBe('true');
    first.resolve();
    await firstMarked;
    expect(el.attrs.has('aria-busy')).toBe(false);
    // and busy again with the next piece of work
    const third = deferred();
    const thirdMarked = busy(third.promise);
    expect(el.attrs.get('aria-busy')).toBe('true');
    third.resolve();
    await thirdMarked;
    expect(el.attrs.has('aria-busy')).toBe(false);
  });
});
