// The Scenario JSON box's own Undo and Redo (json.history.ts): every text the
// box held is a step, the page's rewrites included, typing grouped in bursts,
// a paste a step of its own, a word being composed none until committed.
import { describe, expect, it } from 'vitest';
import { keepTextHistory } from '../../src/web/json.history.ts';

/** The text area as the history sees it: a value and the events of an edit (Node has no DOM). */
class Box extends EventTarget {
  value = '';
  restored: string[] = [];
}
const ev = (type: string, props: Record<string, unknown> = {}) => Object.assign(new Event(type, { cancelable: true }), props);

function setup(initial = '') {
  const box = new Box();
  box.value = initial;
  let t = 0;
  const history = keepTextHistory(box as unknown as HTMLTextAreaElement, (text) => ((box.value = text), box.restored.push(text)), () => t);
  const type = (text: string, after = 100, inputType = 'insertText') => {
    t += after;
    box.dispatchEvent(ev('beforeinput', { inputType }));
    box.value = text;
    box.dispatchEvent(ev('input', { inputType, isComposing: false }));
  };
  const key = (k: string, mods: Record<string, boolean> = { ctrlKey: true }) => box.dispatchEvent(ev('keydown', { key: k, isComposing: false, altKey: false, metaKey: false, shiftKey: false, ...mods }));
  return { box, history, type, undo: () => key('z'), redo: () => key('z', { ctrlKey: true, shiftKey: true }), redoY: () => key('y') };
}

describe('the Scenario JSON box’s Undo and Redo', () => {
  it('should step back through the page’s rewrites and typed bursts alike, and forward again', () => {
    const { box, history, type, undo, redo, redoY } = setup();
    history.set('preset');
    box.value = 'preset';
    type('preset!', 5000);
    type('preset!!', 100); // same burst
    history.set('setting');
    box.value = 'setting';
    undo();
    expect(box.value).toBe('preset!!');
    undo();
    expect(box.value).toBe('preset');
    // the empty box the page started with is no step: nothing to go back to
    undo();
    expect(box.value).toBe('preset');
    redo();
    expect(box.value).toBe('preset!!');
    redoY();
    expect(box.value).toBe('setting');
    // typing anew drops what Redo would have brought back
    undo();
    type('mine', 5000);
    redo();
    expect(box.value).toBe('mine');
  });

  it('should take a paste back alone, even right after typing', () => {
    const { box, history, type, undo } = setup();
    history.set('a');
    box.value = 'a';
    type('ab', 5000);
    type('ab<pasted>', 10, 'insertFromPaste');
    undo();
    expect(box.value).toBe('ab');
  });

  it('should keep a text the page wrote behind its back (a draft brought back) as a step before the next edit', () => {
    const { box, history, type, undo } = setup();
    history.set('preset');
    box.value = 'draft';
    type('draft+', 5000);
    undo();
    expect(box.value).toBe('draft');
    undo();
    expect(box.value).toBe('preset');
  });

  it('should make no step of a word still being composed, and leave Ctrl+Z to the input method meanwhile', () => {
    const { box, history, undo } = setup();
    history.set('x');
    box.value = 'xかな';
    box.dispatchEvent(ev('input', { inputType: 'insertCompositionText', isComposing: true }));
    const key = ev('keydown', { key: 'z', ctrlKey: true, isComposing: true, altKey: false, metaKey: false, shiftKey: false });
    box.dispatchEvent(key);
    expect(key.defaultPrevented).toBe(false);
    box.value = 'x仮名';
    box.dispatchEvent(ev('compositionend'));
    undo();
    expect(box.value).toBe('x');
  });
});
