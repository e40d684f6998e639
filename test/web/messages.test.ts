// The page's alert says what the CLI says, escaped alike: a value quoted from
// the input cannot show backwards (a direction override) or break the line.
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/web/scenario.editor.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';

const refusal = (text: string) => {
  try {
    parseScenario(text);
  } catch (err) {
    return describeError(err);
  }
  throw new Error('accepted');
};

describe('the page’s message for a refused scenario', () => {
  it('should escape a direction override or a line break in a quoted value, as the CLI does', () => {
    const rlo = refusal(JSON.stringify({ family: 'abc\u202edef-ghi', containerDefinitions: [{ name: 'a', image: 'b', memory: 128 }] }));
    expect(rlo).toBe('family: must be up to 255 ASCII letters, numbers, hyphens and underscores, got "abc\\u202edef-ghi"');
    const name = refusal(JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'a\nb', image: 'b', memory: 128 }] }));
    expect(name).toContain('"a\\nb"');
    expect(name).not.toMatch(/[\n\u202e]/);
  });
});
