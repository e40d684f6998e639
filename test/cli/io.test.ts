// Output written as it goes must read exactly as JSON.stringify prints it.
import { describe, expect, it } from 'vitest';
import { jsonLines } from '../../src/cli/io.ts';

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
