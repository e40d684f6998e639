// The page keeps a preset's narrative through edits of it, not through another scenario pasted over it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAME_SCENARIO, similarity } from '../../src/web/similarity.ts';
import { repoRoot } from '../support/scenarios.ts';

const preset = (file: string) => JSON.parse(readFileSync(join(repoRoot, 'public/scenarios', file), 'utf8')) as Record<string, any>;

describe('how alike two scenarios are', () => {
  it('should find an edit of a preset alike, whatever its formatting, and another task not', () => {
    const stuck = preset('stuck-deprovisioning.json');
    const edited = structuredClone(stuck);
    delete edited.faults[0].restoredAfterSeconds;
    expect(similarity(JSON.parse(JSON.stringify(stuck, null, 7)), stuck)).toBe(1);
    expect(similarity(edited, stuck)).toBeGreaterThan(0.8);
    expect(similarity({ family: 'other', containerDefinitions: [{ name: 'app', image: 'app:1' }] }, stuck)).toBeLessThan(SAME_SCENARIO);
    // two presets of one family (orders-api) are other scenarios to each other
    expect(similarity(preset('dependency-timeout.json'), stuck)).toBeLessThan(SAME_SCENARIO);
  });

});
