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
  sel.value = selected ?? '';
  return sel;
}
