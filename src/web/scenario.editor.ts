// The "Scenario JSON" text area. Input is parsed as the user types (and at
// once before a run); a bad input shows an alert naming the field while the
// last valid scenario stays loaded.
import { parseScenario } from '../sim/scenario/load.ts';
import { ScenarioError, type Scenario } from '../sim/scenario/types.ts';
import { byId } from './dom.ts';

export interface ScenarioEditor {
  /** the last valid text and its scenario */
  readonly text: string;
  readonly scenario: Scenario | null;
  /** replace the text (a preset, a setting, a shared link) and load it */
  setText(text: string): boolean;
  /** load what the text area holds now; false (and an alert) when it is invalid */
  applyNow(): boolean;
  onLoad(listener: (scenario: Scenario, text: string) => void): void;
}

const DEBOUNCE_MS = 250;

function describeError(err: unknown): string {
  if (err instanceof ScenarioError) return err.field ? `${err.field}: ${err.problem}` : `Scenario JSON: ${err.problem}`;
  return `Scenario JSON: ${err instanceof Error ? err.message : String(err)}`;
}

export function createScenarioEditor(): ScenarioEditor {
  const area = byId<HTMLTextAreaElement>('scenario-json');
  const alert = byId('scenario-alert');
  const listeners: ((s: Scenario, t: string) => void)[] = [];
  let text = '';
  let scenario: Scenario | null = null;
  let timer = 0;

  function load(candidate: string): boolean {
    try {
      const next = parseScenario(candidate);
      text = candidate;
      scenario = next;
      // Likely typos do not stop the run, but they are said where errors would be.
      const notes = next.warnings ?? [];
      alert.hidden = notes.length === 0;
      alert.textContent = notes.length ? `Note: ${notes.join(' ')}` : '';
      area.removeAttribute('aria-invalid');
      for (const l of listeners) l(next, candidate);
      return true;
    } catch (err) {
      alert.textContent = `${scenario ? 'Invalid scenario, still using the last valid one.' : 'Invalid scenario.'} ${describeError(err)}`;
      alert.hidden = false;
      area.setAttribute('aria-invalid', 'true');
      area.setAttribute('aria-describedby', 'scenario-alert');
      return false;
    }
  }

  area.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => load(area.value), DEBOUNCE_MS);
  });

  return {
    get text() {
      return text;
    },
    get scenario() {
      return scenario;
    },
    setText(t) {
      area.value = t;
      return load(t);
    },
    applyNow() {
      window.clearTimeout(timer);
      if (area.value === text && scenario) return true;
      return load(area.value);
    },
    onLoad(l) {
      listeners.push(l);
    },
  };
}
