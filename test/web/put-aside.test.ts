// What the page keeps of the person's own scenarios when a preset replaces them.
import { describe, expect, it } from 'vitest';
import { asideIndex, asideLabel, KEPT_ASIDE, storeNewest, withPutAside, type PutAside } from '../../src/web/put-aside.ts';

const entry = (family: string, at = Date.UTC(2026, 10, 29, 4, 5, 6)): PutAside => ({ text: JSON.stringify({ family, containerDefinitions: [] }), at });

describe('scenarios put aside', () => {
  it('should keep the most recent first, each text once, and no more than five', () => {
    let list: PutAside[] = [];
    for (const f of ['a', 'b', 'c']) list = withPutAside(list, entry(f));
    expect(list.map((e) => JSON.parse(e.text).family)).toEqual(['c', 'b', 'a']);
    // the same text again moves to the front, not twice
    list = withPutAside(list, entry('a'));
    expect(list.map((e) => JSON.parse(e.text).family)).toEqual(['a', 'c', 'b']);
    for (const f of ['d', 'e', 'f', 'g']) list = withPutAside(list, entry(f));
    expect(list).toHaveLength(KEPT_ASIDE);
    expect(list.map((e) => JSON.parse(e.text).family)).toEqual(['g', 'f', 'e', 'd', 'a']);
  });

  it('should name an entry by its family, a draft as a draft, and tell presets and Custom from entries', () => {
    const time = new Date(Date.UTC(2026, 10, 29, 4, 5, 6)).toTimeString().slice(0, 8);
    expect(asideLabel(entry('web'))).toBe(`“web”, put aside at ${time}`);
    // describe-task-definition output names its family one level down
    expect(asideLabel({ text: JSON.stringify({ taskDefinition: { family: 'api' } }), at: Date.UTC(2026, 10, 29, 4, 5, 6) })).toBe(`“api”, put aside at ${time}`);
    expect(asideLabel({ text: '{"family": "web",', valid: entry('x').text, at: Date.UTC(2026, 10, 29, 4, 5, 6) })).toBe(`a draft that does not parse yet, put aside at ${time}`);
    // JSON that fails a check (a fault naming no container) is a draft with a family
    expect(asideLabel({ ...entry('mylegacy'), valid: entry('x').text })).toBe(`“mylegacy”, a draft that does not run yet, put aside at ${time}`);
    expect(asideLabel({ text: '[1, 2]', at: Date.UTC(2026, 10, 29, 4, 5, 6) })).toBe(`a scenario, put aside at ${time}`);
    expect(asideIndex('aside:3')).toBe(3);
    expect(asideIndex('fargate-web')).toBeNull();
    expect(asideIndex('')).toBeNull();
  });
});

describe('scenarios put aside, stored', () => {
  it('should store the newest that fit the browser storage, never leave an older list a reload would bring back', () => {
    const list = ['f', 'e', 'd', 'c', 'b'].map((f) => entry(f));
    // storage that holds two entries at most: what it last held is what a reload brings back
    let stored: PutAside[] = [entry('old')];
    const quota = (max: number) => (l: PutAside[]) => (l.length <= max ? ((stored = l), true) : false);
    expect(storeNewest(list, quota(2))).toBe(2);
    expect(stored.map((e) => JSON.parse(e.text).family)).toEqual(['f', 'e']);
    expect(storeNewest(list, quota(5))).toBe(5);
    expect(stored).toHaveLength(5);
    // none fits: nothing stored, rather than the old list left in place
    expect(storeNewest(list, quota(0))).toBe(0);
    expect(stored).toEqual([]);
  });
});
