// Where the scenario comes from: a shared link, the last session
// (localStorage), a preset, a scenario put aside; where it goes is
// share.buttons.ts (Save JSON, Copy link). What is typed is kept as it is
// typed (sharing.typing.ts); what is replaced is put aside (sharing.aside.ts).
import { loadSaved, save, takeSharedScenario, textKeeper } from './app.store.ts';
import { busyMarker } from './busy.ts';
import { byId, onChosen } from './dom.ts';
import type { PageAction } from './page-actions.ts';
import { wireShareButtons } from './share.buttons.ts';
import { parseScenario } from '../sim/scenario/load.ts';
import { fillPresetSelect, loadManifest, loadPresetText, type Preset } from './presets.ts';
import { parsedJson, SAME_SCENARIO, sameScenario, similarity } from './similarity.ts';
import { createAsideShelf } from './sharing.aside.ts';
import { createEditNarrative } from './sharing.narrative.ts';
import { keepWhileTyping } from './sharing.typing.ts';
import { wireInspectorButton } from './inspector.button.ts';
import type { ScenarioEditor } from './scenario.editor.ts';
import { SPEEDS, type Speed } from './sim.driver.ts';
import { asideIndex } from './put-aside.ts';


const DEFAULT_PRESET = 'fargate-web';

interface Deps {
  editor: ScenarioEditor;
  inspector: { open(hosted: boolean): boolean };
  teaching: { narrate(text: string | null): void };
  controls: { setSpeed(s: Speed): void };
  /** what the person did to the run on screen (a run of the scenario loaded last) */
  pageActions(): readonly PageAction[];
}

export function startSharing({ editor, inspector, teaching, controls, pageActions }: Deps): { putAside(text: string): string } {
  const saved = loadSaved();
  const link = takeSharedScenario();
  // A link pasted into this tab changes only the hash: the page does not
  // load again by itself, so it would be ignored. Load it as a new page does
  // (what was typed is saved as it is typed, so it is put aside, not lost).
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(location.hash.slice(1)).has('scenario')) location.reload();
  });
  const shared = link.text;
  const notice = byId('notice');
  if (link.broken)
    notice.textContent = `The shared link is damaged (cut short?) and could not be read: showing ${saved.text ? 'your last scenario' : 'a preset'} instead.`;
  const shareBox = byId<HTMLInputElement>('share-link');
  let presets: Preset[] = [];
  /** the text the chosen preset loaded: a link names the preset only while the text is still that */
  let presetText: string | null = null;
  /** the preset whose text that is: the picker goes back to it when another preset's file cannot be loaded */
  let presetId: string | null = null;

  if (saved.speed && SPEEDS.includes(saved.speed)) controls.setSpeed(saved.speed);
  wireInspectorButton(inspector, notice, saved.hostedInspector === true);
  // A valid text is all there is to keep; a draft that does not parse keeps
  // the last valid text beside it (one copy only while there is a draft).
  editor.onLoad((_sc, text) => {
    keepText(text, undefined);
    shareBox.hidden = true;
  });
  const area = byId<HTMLTextAreaElement>('scenario-json');
  // aria-busy while a preset's file or the presets' list is on its way: the
  // text area where it will replace the text, the picker where it will pick
  // a preset (and tell its story) for the text as it is
  const textBusy = busyMarker(area);
  const pickerBusy = busyMarker(byId('preset'));
  const busy = <T>(work: Promise<T>) => textBusy(pickerBusy(work));
  const keepText = textKeeper(notice);
  keepWhileTyping(area, editor, shareBox, keepText);

  const narrate = (id: string | null) => teaching.narrate(presets.find((p) => p.id === id)?.narrative ?? null);
  /** the presets' JSON, fetched once, to tell an edit from another preset pasted over this one */
  const presetJson = new Map<string, Promise<unknown>>();
  const jsonOf = (p: Preset) => {
    if (!presetJson.has(p.id)) presetJson.set(p.id, loadPresetText(p).then((t) => JSON.parse(t) as unknown, () => null));
    return presetJson.get(p.id)!;
  };

  const shelf = createAsideShelf(area, editor, saved.putAside ?? [], () => presetText);
  const keepOwn = shelf.keepOwn;
  const edits = createEditNarrative({
    teaching,
    currentText: () => editor.text,
    othersJson: (id) => Promise.all(presets.filter((p) => p.id !== id).map((p) => jsonOf(p))),
    busy: pickerBusy,
  });
  const setEditedFrom = edits.set;

  /** Replace the text area, then tell the person what became of theirs (after the page's own notice of a reset run); the first preset keeps what the page said of a damaged link. */
  function replaceText(load: () => void, told: string, keepNotice = false): void {
    if (!keepNotice) notice.textContent = '';
    // another scenario chosen, not an edit of this one: a run it resets is not "with the change" (main.ts)
    area.dataset.replacing = '';
    try {
      load();
    } finally {
      delete area.dataset.replacing;
    }
    if (told) notice.textContent = [notice.textContent, told].filter(Boolean).join(' ');
  }

  /** Bring back a scenario put aside, as it was (a draft over its valid scenario); what the text area held is put aside in turn. */
  function restore(index: number, select: HTMLSelectElement): void {
    const entry = shelf.take(index);
    if (!entry) return;
    // what it replaces (perhaps a link's scenario, not the person's) is put aside in its turn
    const told = keepOwn().replace('Your own scenario', 'The scenario it replaces');
    save({ preset: null });
    presetText = null;
    setEditedFrom(null);
    select.value = '';
    narrate(null);
    replaceText(() => {
      if (entry.valid === undefined) return void editor.setText(entry.text);
      // as a reload restores a draft: the valid scenario loaded, the draft over it, with its alert
      editor.setText(entry.valid);
      area.value = entry.text;
      save({ text: entry.text, valid: entry.valid });
      editor.applyNow();
    }, `Your scenario is back.${told ? ` ${told}` : ''}`);
  }

  /** Load a preset; `unlessTyped`: give up if the text area got content meanwhile (the default preset arrives late). */
  let presetAsked = 0;
  async function choosePreset(id: string, unlessTyped = false): Promise<void> {
    const p = presets.find((x) => x.id === id);
    if (!p || (unlessTyped && area.value !== '')) return;
    // Run waits for a preset that is still on its way (controls.ts).
    area.dataset.loading = id;
    const asked = ++presetAsked;
    const text = await loadPresetText(p).finally(() => asked === presetAsked && delete area.dataset.loading);
    // picked again meanwhile: the last pick wins, whichever file arrives last
    if (asked !== presetAsked) return;
    if (unlessTyped && area.value !== '') return;
    const told = keepOwn();
    // set first: loading it is not an edit that leaves the preset
    (presetText = text), (presetId = id);
    setEditedFrom(null);
    replaceText(() => editor.setText(text), told, unlessTyped);
    save({ preset: id });
    narrate(id);
  }

  // Load synchronously what we already have, so the page is usable at once.
  const startText = shared ?? saved.text ?? null;
  // A draft that does not parse reloads as it was, with its alert, over the
  // last valid scenario (so the controls and side steps have a task to show).
  const draftOver = !shared && startText !== null && saved.valid && saved.valid !== startText ? saved.valid : null;
  if (draftOver !== null && startText !== null) {
    editor.setText(draftOver);
    area.value = startText;
    // loading the valid text saved it as the text: the draft is what was being edited
    save({ text: startText, valid: draftOver });
    editor.applyNow();
  } else if (startText !== null) {
    editor.setText(startText);
  }
  // The scenario the page shows: a draft that parses after all (an edit saved
  // before the page applied it) is loaded over the valid text it was typed on.
  const shownAtStart = editor.text;
  // A shared link replaces what this browser was editing: the person's own
  // text is put aside, as a preset pick does. With no preset saved under it,
  // it is the person's: now, before anything else can be lost. Under a
  // preset, once the preset's own text is known (below), or at once if the
  // presets cannot be loaded.
  const tellLink = (told: string) => {
    if (told) notice.textContent = [notice.textContent, told.replace('Your own scenario', 'The link’s scenario is shown; yours')].filter(Boolean).join(' ');
  };
  // (a scenario kept while still unapplied, the page left at once, was saved over the one before: it runs)
  const runs = (t: string) => {
    try {
      return parseScenario(t) !== null;
    } catch {
      return false;
    }
  };
  let replacedByLink = shared !== null && saved.text && saved.text !== shared ? { text: saved.text, valid: saved.valid !== undefined && !runs(saved.text) ? saved.valid : '' } : null;
  if (replacedByLink && !saved.preset) (tellLink(keepOwn(replacedByLink.text, replacedByLink.valid)), (replacedByLink = null));

  void busy(loadManifest()
    .then(async (list) => {
      presets = list;
      // a shared, unedited preset keeps its narrative, once its file confirms it (below)
      const sharedPreset = link.preset && list.some((p) => p.id === link.preset) ? link.preset : '';
      // The saved preset's own text, as its file has it. What was saved under
      // its name may be the person's: a draft typed over it, or an edit made
      // just before a reload, before the page took it as leaving the preset.
      const savedPreset = saved.preset ? list.find((p) => p.id === saved.preset) : undefined;
      const ownText = savedPreset ? await loadPresetText(savedPreset).catch(() => null) : null;
      // A preset file that could not be fetched tells nothing: the saved choice
      // stands (its narrative shows), but the text is not known to be the
      // preset's, so it counts as the person's (a preset picked puts it aside).
      const unknown = savedPreset !== undefined && ownText === null;
      const isOwnText = (t: string) => unknown || (ownText !== null && sameScenario(t, ownText));
      if (replacedByLink) {
        presetText = ownText;
        tellLink(keepOwn(replacedByLink.text, replacedByLink.valid));
        replacedByLink = null;
      }
      let current = shared ? '' : (saved.preset ?? (startText === null ? DEFAULT_PRESET : ''));
      // edited before the reload, or a preset no longer listed: no longer the preset
      if (!shared && current && startText !== null && !isOwnText(shownAtStart)) (current = ''), save({ preset: null });
      // the preset's text as loaded: under a draft, the valid text (the draft is the person's)
      presetText = current && startText !== null && !unknown ? shownAtStart : null;
      presetId = current;
      if (shared) save({ preset: null });
      const select = fillPresetSelect(presets, current);
      shelf.show();
      // A link naming a preset is that preset only when its file has the same
      // scenario: one made by hand over another scenario would tell the wrong
      // story (and Copy link would pass it on). Confirmed while the text is
      // untouched and nothing else was picked; a file that cannot be fetched
      // confirms nothing.
      if (shared && sharedPreset)
        void pickerBusy(loadPresetText(presets.find((p) => p.id === sharedPreset)!)
          .then((text) => {
            if (select.value !== '' || editor.text !== shownAtStart || !sameScenario(shownAtStart, text)) return;
            select.value = sharedPreset;
            (presetText = shownAtStart), (presetId = sharedPreset);
            setEditedFrom(null);
            save({ preset: sharedPreset });
            narrate(sharedPreset);
          })
          .catch(() => {}));
      onChosen(select, () => {
        const aside = asideIndex(select.value);
        if (aside !== null) restore(aside, select);
        else if (select.value) {
          const id = select.value;
          void busy(choosePreset(id)).catch((err: unknown) => {
            // picked again meanwhile: that pick speaks for itself
            if (select.value !== id) return;
            // nothing changed but the picker: it shows the scenario's preset again
            select.value = presetText !== null && sameScenario(area.value, presetText) ? (presetId ?? '') : '';
            const title = presets.find((p) => p.id === id)?.title ?? id;
            notice.textContent = `The preset “${title}” could not be loaded (${err instanceof Error ? err.message : String(err)}): the scenario shown is the one you had. Pick it again to retry.`;
          });
        }
        else {
          save({ preset: null });
          setEditedFrom(null);
          narrate(null);
        }
      });
      // A draft typed over a preset that does not parse is already not the
      // preset: the picker says Custom (and picking the preset again then
      // brings it back, where picking the option already shown did nothing).
      // Typed back to the preset's scenario, it is the preset again.
      let leftByDraft: string | null = null;
      editor.onValidity((valid) => {
        if (!valid && editor.typed && select.value && presetText !== null && area.value !== presetText) {
          const was = presets.find((p) => p.id === select.value);
          leftByDraft = select.value;
          select.value = '';
          save({ preset: null });
          setEditedFrom(was?.narrative ? { preset: was, json: parsedJson(presetText) } : null);
        } else if (valid && leftByDraft !== null) {
          // (a scenario of another meaning is an edit: onLoad, next, takes it as one)
          if (!select.value && presetText !== null && sameScenario(editor.text, presetText)) {
            select.value = leftByDraft;
            save({ preset: leftByDraft });
            setEditedFrom(null);
          }
          leftByDraft = null;
        }
      });
      // A change of meaning (typed, or made by a setting) leaves the preset
      // behind. Its narrative stays, marked as edited, since it often asks for
      // the very edits that leave it; but not for another task pasted over it
      // (a reload forgets it).
      editor.onLoad((_scenario, text) => {
        if (select.value && text !== presetText) {
          const was = presets.find((p) => p.id === select.value);
          select.value = '';
          save({ preset: null });
          setEditedFrom(was?.narrative ? { preset: was, json: parsedJson(presetText ?? '') } : null);
        }
        // A setting undone (a fault ticked, then unticked; EC2 and back): the
        // preset's own scenario again, however the page has spaced it.
        if (!editor.typed && !select.value && presetId && presetText !== null && sameScenario(text, presetText)) {
          select.value = presetId;
          setEditedFrom(null);
          save({ preset: presetId });
          narrate(presetId);
        }
        // A preset's JSON pasted as it is: that preset, narrative and all.
        else if (editor.typed && !select.value) {
          const now = parsedJson(text);
          void pickerBusy(Promise.all(presets.map(async (p) => [p, await jsonOf(p)] as const)).then((all) => {
            const same = all.find(([, json]) => json !== null && similarity(now, json) === 1)?.[0];
            if (!same || editor.text !== text || select.value) return;
            select.value = same.id;
            (presetText = text), (presetId = same.id);
            setEditedFrom(null);
            save({ preset: same.id });
            narrate(same.id);
          }));
        }
        edits.changed(text, editor.typed);
      });
      // An edit of a preset reloads with that preset's story, while it is still
      // an edit of it; so does a link to one (the sender saw it, marked as edited).
      const editedId = shared ? link.editedFrom : !current && startText !== null ? saved.editedFrom : null;
      const edited = editedId ? presets.find((p) => p.id === editedId && p.narrative) : undefined;
      const editedJson = edited ? await jsonOf(edited) : null;
      if (edited && editedJson !== null && editor.text === shownAtStart && similarity(parsedJson(shownAtStart), editedJson) >= SAME_SCENARIO) {
        edits.resume({ preset: edited, json: editedJson });
      } else if (startText === null) {
        await choosePreset(DEFAULT_PRESET, true);
        if (area.value !== editor.text) select.value = '';
      } else {
        if (editedId) setEditedFrom(null);
        narrate(current);
      }
    })
    .catch((err: unknown) => {
      // before what was already said (a shared link's text put aside)
      notice.textContent = [`Presets unavailable (${err instanceof Error ? err.message : String(err)}).`, notice.textContent].filter(Boolean).join(' ');
      // nothing to compare the replaced text with: keep it
      if (replacedByLink) (presetText = null), tellLink(keepOwn(replacedByLink.text, replacedByLink.valid)), (replacedByLink = null);
    }));

  wireShareButtons({ editor, area, notice, shareBox, pageActions, presetText: () => presetText, editedFrom: edits.id });
  // a valid scenario a setting rewrote (not a draft: the settings are locked while one is typed)
  return { putAside: (text) => keepOwn(text, '') };
}
