// Where the scenario goes: Save JSON (a file for the CLI, a draft as typed)
// and Copy link (the scenario in the URL), each with what the person did to
// the run on screen added to its timeline, so the file replays what was seen.
import { shareUrl } from './app.store.ts';
import { byId } from './dom.ts';
import { saveFile } from './download.ts';
import { pageActionLabel, pageActionLabels, withPageActions, type PageAction } from './page-actions.ts';
import { familyOf } from './put-aside.ts';
import type { ScenarioEditor } from './scenario.editor.ts';
import { sameScenario } from './similarity.ts';
import { nestedTooDeep } from '../sim/scenario/json.ts';
import { parseScenario } from '../sim/scenario/load.ts';

/** The longest link Chromium opens is 2 MB (2,097,152 characters); leave room for the page's own address. */
const MAX_LINK_CHARS = 2_000_000;

/** Why the text does not run, or null when it does. */
function problemOf(text: string): string | null {
  try {
    parseScenario(text);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** "your Stop task at 39.8 s added to its timeline", or '' when the person did nothing to the run */
function addedSaid(performed: readonly PageAction[]): string {
  if (performed.length === 0) return '';
  return `, with your ${pageActionLabels(performed).join(', ')} added to its timeline`;
}

/** what the person did that the file does not hold, named, and why */
function leftSaid(left: readonly PageAction[], why: string | null): string {
  if (left.length === 0) return '';
  return ` Not in it: your ${left.map(pageActionLabel).join(', ')}${why ? `: ${why}` : ''}.`;
}

/**
 * The text with the page's actions, those it leaves out, and why. `before`:
 * the actions before the text was applied (an edit not yet loaded resets the
 * run when it is, and they go with it).
 */
function written(text: string, before: readonly PageAction[], now: readonly PageAction[], problem: string | null) {
  if (problem !== null) return { text, added: [], left: [...before], why: 'a draft is saved as typed' };
  if (now.length < before.length) return { text, added: [], left: [...before], why: 'the scenario changed, so the run they were done to was reset' };
  return withPageActions(text, now);
}

interface Deps {
  editor: ScenarioEditor;
  area: HTMLTextAreaElement;
  notice: HTMLElement;
  shareBox: HTMLInputElement;
  /** what the person did to the run on screen (a run of the scenario loaded last) */
  pageActions(): readonly PageAction[];
  /** the text the chosen preset loaded: a link names the preset only while the text is still that */
  presetText(): string | null;
  /** the preset the scenario is an edit of, if any */
  editedFrom(): string | null;
}

export function wireShareButtons({ editor, area, notice, shareBox, pageActions, presetText, editedFrom }: Deps): void {
  // the text as it stands, a draft included: nothing typed is lost
  byId('save-scenario').addEventListener('click', () => {
    const before = pageActions();
    // a valid edit not loaded yet is loaded now: the run on screen (reset if it changed) is of this text
    editor.applyNow();
    // a draft's family may hold anything: keep a file name any system takes
    const name = `${(familyOf(area.value) ?? 'scenario').replace(/[^\w.-]/g, '_').slice(0, 100)}.json`;
    // only a scenario that runs is said to run: a draft is saved as typed, to finish later
    const problem = problemOf(area.value);
    const { text, added, left, why } = written(area.value, before, pageActions(), problem);
    saveFile(name, [text.endsWith('\n') ? text : `${text}\n`], 'application/json');
    notice.textContent =
      problem !== null
        ? `Saved as ${name}, a draft that does not run yet (${problem}).${leftSaid(left, why)}`
        : `Saved as ${name}${addedSaid(added)}: ecs-lifecycle run ${name} runs it from the command line${added.length && !left.length ? ', as you saw it' : ''}.${leftSaid(left, why)}`;
  });

  byId('copy-link').addEventListener('click', () => {
    const before = pageActions();
    // share what the text area holds now (if valid it is also loaded; if not, the alert says why)
    editor.applyNow();
    const noLink = (why: string) => ((shareBox.hidden = true), (notice.textContent = why));
    try {
      JSON.parse(area.value);
    } catch {
      // a link to text that does not parse would open as a damaged link
      return void noLink('The scenario JSON does not parse, so there is no link to copy: fix it first (the alert says where).');
    }
    if (nestedTooDeep(area.value)) return void noLink('The scenario JSON is nested deeper than any scenario, so there is no link to copy: fix it first (the alert says where).');
    // what was done to the run travels in its timeline: the link opens on the same story
    // (a draft, even one that parses, is not what the run on screen ran)
    const withActions = written(area.value, before, pageActions(), problemOf(area.value));
    // the preset travels only while the text is still its own, the actions added
    // included (typing clears the choice; a page opened on the link would not take it)
    const preset = byId<HTMLSelectElement>('preset').value;
    // (the same scenario, however it is spaced)
    const chosenText = presetText();
    const unedited = chosenText !== null && sameScenario(withActions.text, chosenText);
    // a preset with a Stop task of yours added is an edit of it: its story travels, marked as edited
    const url = shareUrl(withActions.text, preset && unedited ? preset : null, preset && !unedited ? preset : editedFrom());
    // Chromium opens no address longer than 2 MB (others less): such a link would not open
    if (url.length > MAX_LINK_CHARS)
      return void noLink(`This scenario is too large for a link (${Math.round(url.length / 1000).toLocaleString('en-US')} thousand characters; browsers open at most about 2 MB): share the JSON file instead (Save JSON).`);
    shareBox.value = url;
    shareBox.hidden = false;
    // The clipboard may be refused (permissions, http): the link stays in the box either way,
    // and only then does the focus go there, selected to copy (a screen reader reads all of
    // it out: nothing a person who has it copied needs to hear)
    const copyFromBox = () => {
      shareBox.select();
      notice.textContent = 'Copy the link from the box next to the button.';
    };
    if (!navigator.clipboard) return void copyFromBox();
    navigator.clipboard.writeText(url).then(
      // the link is the scenario itself: whoever has it can read every environment value in it
      () => (notice.textContent = `Link copied${addedSaid(withActions.added)}: it opens this page with this scenario, all of it (environment values included): share it as you would the file.${leftSaid(withActions.left, withActions.why)}`),
      copyFromBox,
    );
  });
}
