// A paste of thousands of lines goes into the text area at once: the count
// that decides it stops at the threshold (a 5 MB paste is not walked whole).
import { describe, expect, it } from 'vitest';
import { LARGE_PASTE_LINES, linesUpTo } from '../../src/web/paste.large.ts';

describe('linesUpTo', () => {
  it('should count the lines of a text, stopping at the limit', () => {
    expect(linesUpTo('', 10)).toBe(1);
    expect(linesUpTo('{}', 10)).toBe(1);
    expect(linesUpTo('{\n}\n', 10)).toBe(3);
    expect(linesUpTo('a\n'.repeat(5000), Infinity)).toBe(5001);
    expect(linesUpTo('a\n'.repeat(5000), LARGE_PASTE_LINES)).toBe(LARGE_PASTE_LINES);
    expect(linesUpTo('a\n'.repeat(LARGE_PASTE_LINES - 2), LARGE_PASTE_LINES)).toBe(LARGE_PASTE_LINES - 1);
  });
});
