// The "Scenario JSON" text area. Input is parsed as the user types (and at
// once before a run); a bad input shows an alert naming the field while the
// last valid scenario stays loaded. Likely typos only earn a warning. The
// alert is said aloud only when something meets it (Run, a preset, a link),
// not at every pause in typing: a screen reader would cut into the key echo.
import { parseScenario } from '../sim/scenario/load.ts';
import { ScenarioError, type Scenario } from '../sim/scenario/types.ts';
import { printable } from '../sim/printable.ts';
import { byId, h, sayAloud, scrollBehavior } from './dom.ts';
import { keepTextHistory } from './json.history.ts';

export interface ScenarioEditor {
  /** the last valid text and its scenario */
  readonly text: string;
  readonly scenario: Scenario | null;
  /** false while the text area holds a draft that is not a valid scenario */
  readonly valid: boolean;
  /** the last load came from the text area (typed or pasted), not from setText (a preset, a setting, a link) */
  readonly typed: boolean;
  /** replace the text (a preset, a setting, a shared link) and load it */
  setText(text: string): boolean;
  /** load what the text area holds now; false (and an alert) when it is invalid */
  applyNow(): boolean;
  /** Bring the alert into view when it is off screen (a Run pressed in the top bar meets an error a screen further down). */
  revealAlert(): void;
  /** a valid text that means something else than the last one (whitespace, key order or a default spelled out change nothing) */
  onLoad(listener: (scenario: Scenario, text: string) => void): void;
  /** after every attempt to load the text area: whether it held a valid scenario */
  onValidity(listener: (valid: boolean) => void): void;
}

const DEBOUNCE_MS = 250;

/**
 * What is wrong, in the CLI's words (a value quoted from the input escaped as
 * the CLI escapes it): the field, then the problem; several problems a line
 * each, under how many there are.
 */
export function describeError(err: unknown): string {
  if (err instanceof ScenarioError) {
    const lines = err.lines().map((line) => printable(line));
    const items = err.hint ? lines.slice(1) : lines;
    const hint = err.hint ? [lines[0]!] : [];
    if (err.problems.length === 1) return [...hint, err.field ? items[0]! : `Scenario JSON: ${items[0]}`].join('\n');
    return [...hint, `${err.problems.length.toLocaleString('en-US')} problems:`, ...items.map((line) => `• ${line}`)].join('\n');
  }
  return printable(`Scenario JSON: ${err instanceof Error ? err.message : String(err)}`);
}

/** The first place a message names: "line 4, column 5", or "(line 12)" of a field (column 1). */
export function firstPlace(message: string): { line: number; column: number } | null {
  const m = /\bline (\d+)(?:, column (\d+))?/.exec(message);
  return m ? { line: Number(m[1]), column: m[2] ? Number(m[2]) : 1 } : null;
}

/** Put the caret at `line`, `column` of the text area and scroll it there, a third of the way down. */
function showPlace(area: HTMLTextAreaElement, line: number, column: number): void {
  const lines = area.value.split('\n');
  const l = Math.min(Math.max(line, 1), lines.length);
  const offset = lines.slice(0, l - 1).reduce((n, x) => n + x.length + 1, 0) + Math.min(Math.max(column - 1, 0), lines[l - 1]!.length);
  area.focus();
  area.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 16;
  area.scrollTop = Math.max(0, textHeight(area, area.value.slice(0, offset)) - lineHeight - area.clientHeight / 3);
}

/**
 * How tall `text` stands in `area`, its long lines wrapped as the area wraps
 * them (a minified definition is one line of many rows): measured on a hidden
 * copy of the area, as wide as its text and styled alike.
 */
function textHeight(area: HTMLTextAreaElement, text: string): number {
  const style = getComputedStyle(area);
  const probe = document.createElement('textarea');
  for (const p of ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'letterSpacing', 'whiteSpace', 'wordBreak', 'overflowWrap', 'tabSize'] as const) probe.style[p] = style[p];
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  Object.assign(probe.style, { position: 'absolute', visibility: 'hidden', overflow: 'hidden', boxSizing: 'content-box', padding: '0', border: '0', height: '0', width: `${area.clientWidth - padding}px` });
  probe.value = text;
  document.body.append(probe);
  const height = probe.scrollHeight;
  probe.remove();
  return height;
}

export function createScenarioEditor(): ScenarioEditor {
  const area = byId<HTMLTextAreaElement>('scenario-json');
  const alert = byId('scenario-alert');
  const said = byId('scenario-said');
  const warning = byId('scenario-warning');
  const listeners: ((s: Scenario, t: string) => void)[] = [];
  const validityListeners: ((valid: boolean) => void)[] = [];
  let text = '';
  let scenario: Scenario | null = null;
  /** the loaded scenario as JSON: two texts that load the same are the same scenario */
  let meaning = '';
  let valid = true;
  let typed = false;
  let timer = 0;

  function setValid(v: boolean): void {
    valid = v;
    if (v) area.removeAttribute('aria-invalid');
    else area.setAttribute('aria-invalid', 'true');
    for (const l of validityListeners) l(v);
  }

  function load(candidate: string): boolean {
    try {
      const next = parseScenario(candidate);
      // (warnings left out: they name lines, which a blank line above moves)
      const nextMeaning = JSON.stringify({ ...next, warnings: undefined });
      // An edit that changes nothing (a space, a line break) must not reset the run.
      const same = scenario !== null && nextMeaning === meaning;
      text = candidate;
      if (!same) scenario = next;
      meaning = nextMeaning;
      alert.hidden = true;
      alert.textContent = '';
      // nothing stale for a screen reader's cursor to find
      said.textContent = '';
      // Likely typos do not stop the run: a warning, not an error.
      // one a line, as the CLI prints them: several in one paragraph read as one long sentence
      const notes = (next.warnings ?? []).map(printable);
      warning.hidden = notes.length === 0;
      warning.replaceChildren(...(notes.length === 1 ? [`Note: ${notes[0]}`] : notes.length > 1 ? ['Notes:', h('ul', {}, ...notes.map((n) => h('li', {}, n)))] : []));
      setValid(true);
      if (!same) for (const l of listeners) l(next, candidate);
      return true;
    } catch (err) {
      const message = `${scenario ? 'Invalid scenario: fix it to run (the page still shows the last valid one).' : 'Invalid scenario: fix it to run.'} ${describeError(err)}`;
      const at = firstPlace(message);
      // a long file scrolled to its end: the line named is out of sight, so one click brings it
      // the text area's description is the message alone (scenario-alert-text), not the button's words
      alert.replaceChildren(h('span', { id: 'scenario-alert-text' }, message), ...(at ? [' ', h('button', { type: 'button', class: 'show-line', 'data-line': String(at.line), 'data-column': String(at.column) }, `Show line ${at.line}`)] : []));
      alert.hidden = false;
      // the notes were on the text now replaced: the area's description must not read them
      warning.hidden = true;
      warning.textContent = '';
      setValid(false);
      return false;
    }
  }

  /** Say the alert aloud (emptied first, so the same alert twice is said twice). */
  function sayAlert(): void {
    if (!alert.hidden) sayAloud(said, alert.firstChild?.textContent ?? '');
  }

  alert.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button.show-line');
    if (button) showPlace(area, Number(button.dataset.line), Number(button.dataset.column));
  });

  area.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => ((typed = true), load(area.value)), DEBOUNCE_MS);
  });
  // Undo and Redo step through every text the box held, the page's rewrites included; what they bring back loads as typed
  const history = keepTextHistory(area, (t) => {
    window.clearTimeout(timer);
    area.value = t;
    typed = true;
    if (!load(t)) sayAlert();
  });

  return {
    get text() {
      return text;
    },
    get scenario() {
      return scenario;
    },
    get valid() {
      return valid;
    },
    get typed() {
      return typed;
    },
    setText(t) {
      window.clearTimeout(timer);
      history.set(t);
      area.value = t;
      typed = false;
      const ok = load(t);
      if (!ok) sayAlert();
      return ok;
    },
    applyNow() {
      window.clearTimeout(timer);
      if (area.value === text && scenario) return true;
      typed = true;
      const ok = load(area.value);
      if (!ok) sayAlert();
      return ok;
    },
    revealAlert() {
      if (alert.hidden) return;
      const r = alert.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) alert.scrollIntoView({ block: 'center', behavior: scrollBehavior() });
    },
    onLoad(l) {
      listeners.push(l);
    },
    onValidity(l) {
      validityListeners.push(l);
    },
  };
}
