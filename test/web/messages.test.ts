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
  it('should list every wrong field a line each, under how many there are, as the CLI does', () => {
    const text = JSON.stringify({ family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128, stopTimeout: -1 }], timeline: [{ at: 'soon', action: 'StopTask' }] }, null, 2);
    expect(refusal(text).split('\n')).toEqual([
      '2 problems:',
      '• containerDefinitions[0].stopTimeout (line 8): must be an integer from 0 to 3600 seconds (2 to 120 on Fargate), got -1',
      '• timeline[0].at (line 13): must be a number of seconds ≥ 0, got "soon"',
    ]);
  });

  it('should escape a direction override or a line break in a quoted value, as the CLI does', () => {
    const rlo = refusal(JSON.stringify({ family: 'abc\u202edef-ghi', containerDefinitions: [{ name: 'a', image: 'b', memory: 128 }] }));
    expect(rlo).toBe('family: must be a name of up to 255 ASCII letters, numbers, hyphens and underscores, got "abc\\u202edef-ghi"');
    const name = refusal(JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'a\nb', image: 'b', memory: 128 }] }));
    expect(name).toContain('"a\\nb"');
    expect(name).not.toMatch(/[\n\u202e]/);
  });
});
