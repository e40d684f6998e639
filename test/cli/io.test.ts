// Output written as it goes must read exactly as JSON.stringify prints it.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { firstInvalidUtf8, jsonLines, outLines } from '../../src/cli/io.ts';

describe('jsonLines', () => {
  it('should give JSON.stringify(value, null, 2) line for line, arrays item by item', () => {
    const value = {
      events: [{ a: 1, b: [1, 2, { c: 'x\ny' }], d: null }, { e: [], f: {} }],
      empty: [],
      task: { nested: { deep: [true, false] }, s: 'quote " and \\ backslash' },
      gone: undefined,
      n: 3,
    };
    expect([...jsonLines(value)].join('\n')).toBe(JSON.stringify(value, null, 2));
    expect([...jsonLines({})].join('\n')).toBe(JSON.stringify({}, null, 2));
    // a generator reads as the array it yields
    function* two() {
      yield { a: 1 };
      yield { b: [2] };
    }
    function* none() {}
    expect([...jsonLines({ xs: two(), ys: none(), z: 1 })].join('\n')).toBe(JSON.stringify({ xs: [...two()], ys: [], z: 1 }, null, 2));
  });
});

describe('firstInvalidUtf8', () => {
  const at = (bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
  it('should accept UTF-8 of every length, and point at the first byte of what is not', () => {
    expect(at([...Buffer.from('wé€😀', 'utf8')])).toBe(-1);
    // a Latin-1 ï (0xEF) followed by ASCII: a lead byte without its continuation
    expect(at([...Buffer.from('{"n":"ng'), 0xef, ...Buffer.from('nx"}')])).toBe(8);
    // cut short at the end of the input
    expect(at([0x41, 0xe2, 0x82])).toBe(1);
    // overlong (C0 80, E0 80 80), a surrogate (ED A0 80), past U+10FFFF (F4 90 80 80), a stray continuation
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]) expect(at([0x20, ...bad])).toBe(1);
  });
});

describe('outLines', () => {
  it('should write at the reader’s pace: a reader that has not taken a chunk holds the next lines back', async () => {
    // a reader that acknowledges a chunk only when the test says so (a slow `| jq`)
    const pending: (() => void)[] = [];
    let received = '';
    const sink = new Writable({
      highWaterMark: 1 << 20,
      write(chunk: Buffer, _enc, done) {
        received += chunk.toString();
        pending.push(done);
      },
    });
    let pulled = 0;
    function* lines() {
      for (let i = 0; i < 40; i++) {
        pulled++;
        yield `${i} ${'x'.repeat(200_000)}`;
      }
    }
    const writing = outLines(lines(), sink);
    // let the writer run until it waits for the reader
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    // about a megabyte (six lines) a chunk; it stops after the first chunk that fills the reader's buffer
    expect(pulled).toBeLessThan(14);
    expect(received.length).toBeLessThan(3 << 20);
    // as the reader takes chunks, the rest follows, all of it, in order
    while (pending.length) {
      pending.shift()!();
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    }
    await writing;
    expect(pulled).toBe(40);
    expect(received.split('\n').filter(Boolean).map((l) => Number(l.split(' ')[0]))).toEqual([...Array(40).keys()]);
  });
});
