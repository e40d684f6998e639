// The preset picker: guided scenarios (with a narrative), services, and the
// real task definitions from aws-samples, listed in public/scenarios/index.json.
import { byId, h } from './dom.ts';

export interface Preset {
  id: string;
  title: string;
  file: string;
  group: 'guided' | 'service' | 'realworld';
  narrative?: string;
}

const base = import.meta.env.BASE_URL;

export async function loadManifest(): Promise<Preset[]> {
  const res = await fetch(`${base}scenarios/index.json`);
  if (!res.ok) throw new Error(`scenarios/index.json: HTTP ${res.status}`);
  return ((await res.json()) as { presets: Preset[] }).presets;
}

export async function loadPresetText(p: Preset): Promise<string> {
  const res = await fetch(`${base}scenarios/${p.file}`);
  if (!res.ok) throw new Error(`scenarios/${p.file}: HTTP ${res.status}`);
  return res.text();
}

export function fillPresetSelect(presets: Preset[], selected: string | null): HTMLSelectElement {
  const sel = byId<HTMLSelectElement>('preset');
  const group = (label: string, g: Preset['group']) =>
    h('optgroup', { label }, ...presets.filter((p) => p.group === g).map((p) => h('option', { value: p.id }, p.title)));
  sel.replaceChildren(
    h('option', { value: '' }, 'Custom (the JSON below)'),
    group('Guided scenarios', 'guided'),
    group('Services', 'service'),
    group('Real task definitions (aws-samples)', 'realworld'),
  );
  titleFollowsChoice(sel);
  sel.value = selected ?? '';
  return sel;
}

/**
 * The closed list is as wide as the bar allows, so a long title is cut: the
 * chosen one is whole on hover. The page sets the value from several places
 * (a link, an edit that leaves the preset, a put-aside draft), so the title
 * follows the value itself, not each of them.
 */
function titleFollowsChoice(sel: HTMLSelectElement): void {
  const own = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!;
  const show = () => (sel.title = sel.selectedOptions[0]?.textContent ?? '');
  if (Object.hasOwn(sel, 'value')) return void show(); // filled again: already followed
  Object.defineProperty(sel, 'value', {
    configurable: true,
    get: () => own.get!.call(sel) as string,
    set: (v: string) => (own.set!.call(sel, v), show()),
  });
  sel.addEventListener('change', show);
  show();
}
