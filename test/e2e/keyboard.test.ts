// The page with the keyboard and a screen reader: what such a user relies on
// that the eyes get for free. An error said when something meets it (not at
// every pause in typing), a closed list browsed with the arrows without
// loading each option, a Step that says what changed, a task card that says
// it opened the panel below.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { letPageTimePass, onPage as openPage, painted, servedApp, type PageOptions } from './harness.ts';

// its own build: the test files run in parallel (test-results/ is ignored by git)
const OUT_DIR = 'test-results/dist-keyboard';
const app = servedApp(OUT_DIR);
const DESKTOP = { viewport: { width: 1280, height: 900 } };
// the page's clock, for a test that checks what must NOT happen once a debounce is surely over
const WITH_CLOCK = { ...DESKTOP, pageClock: true };

describe('the page with the keyboard and a screen reader', () => {
  const onPage = (name: string, preset: string | null, body: (page: Page) => Promise<void>, options: PageOptions = DESKTOP) => openPage(app, name, options, preset, body);
  const said = (page: Page, id: string) => page.locator(`#${id}`).textContent();
  const json = (page: Page) => page.getByLabel('Scenario JSON').inputValue();

  it('should show a JSON error while typing without saying it aloud, and say it when Run meets it', async () => {
    await onPage('keyboard typing alert', null, async (page) => {
      const area = page.getByLabel('Scenario JSON');
      await area.focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('{ "seed": ', { delay: 30 });
      await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(true);
      expect(await area.getAttribute('aria-invalid')).toBe('true');
      // seen, and read with the text area (its description), but not announced over the key echo
      expect(await page.locator('#scenario-alert').getAttribute('role')).toBeNull();
      // described by the alert's message, not by the words of its Show line button
      const describedBy = (await area.getAttribute('aria-describedby'))!.split(' ');
      expect(describedBy).toContain('scenario-alert-text');
      expect(await page.locator('#scenario-alert').getByRole('button', { name: /^Show line \d+$/ }).count()).toBe(1);
      expect(await page.locator('#scenario-alert-text').textContent()).toMatch(/^Invalid scenario: .*line \d+, column \d+/);
      expect(await page.locator('#scenario-alert-text').textContent()).not.toContain('Show line');
      await letPageTimePass(page, 400);
      expect(await said(page, 'scenario-said')).toBe('');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => said(page, 'scenario-said')).toMatch(/^Invalid scenario: .*Scenario JSON: malformed JSON: line \d+, column/);
      expect(await page.locator('#scenario-said').getAttribute('role')).toBe('alert');
    }, WITH_CLOCK);
  });

  it('should keep every live region quiet while a draft is typed, and say once what a setting did', async () => {
    await onPage('keyboard typing quiet', null, async (page) => {
      // every write to a region a screen reader speaks from, as it hears them (a hidden one says nothing)
      await page.evaluate(() => {
        const heard: string[] = [];
        (window as unknown as { heard: string[] }).heard = heard;
        const spoken = [...document.querySelectorAll<HTMLElement>('[aria-live]:not([aria-live="off"]), [role="alert"], [role="status"]')];
        for (const el of spoken) new MutationObserver(() => el.textContent && el.checkVisibility() && heard.push(`#${el.id}: ${el.textContent}`)).observe(el, { childList: true, characterData: true, subtree: true });
      });
      const heard = () => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
      const area = page.getByLabel('Scenario JSON');
      await area.focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('End');
      // a draft that breaks the JSON (the settings lock), then a misspelt key (a warning), then the key given up
      for (const chunk of [' "la', 'unchTyp": 1,']) {
        await page.keyboard.type(chunk, { delay: 20 });
        await letPageTimePass(page, 400);
      }
      await expect.poll(() => page.locator('#scenario-warning').textContent()).toContain('launchTyp (line 1) is not a field');
      for (let i = 0; i < ' "launchTyp": 1,'.length; i++) await page.keyboard.press('Backspace');
      await letPageTimePass(page, 400);
      expect(await page.locator('#scenario-warning').isHidden()).toBe(true);
      expect(await heard()).toEqual([]);

      // a setting the user chose: what it changed besides is said, once
      await page.getByLabel('Launch type or capacity provider').selectOption('EC2');
      await letPageTimePass(page, 400);
      await expect.poll(() => page.locator('#settings-message').textContent()).toContain('requiresCompatibilities');
      const settingsSaid = (await heard()).filter((h) => h.startsWith('#settings-said'));
      expect(settingsSaid, JSON.stringify(await heard())).toHaveLength(1);
      expect(settingsSaid[0]).toContain('requiresCompatibilities');
    }, WITH_CLOCK);
  });

  it("should leave nothing stale for a screen reader's cursor: the notes on a text replaced by one that does not parse, a setting's note once another applies", async () => {
    await onPage('keyboard nothing stale', null, async (page) => {
      const area = page.getByLabel('Scenario JSON');
      const valid = await json(page);
      // a misspelt key earns a note, which the text area's description reads
      await area.fill(valid.replace('{', '{ "lanchType": "EC2",'));
      await expect.poll(() => said(page, 'scenario-warning')).toContain('lanchType (line 1) is not a field');
      expect(await area.getAttribute('aria-describedby')).toContain('scenario-warning');
      // replaced by a text that does not parse: the note was on the text that is gone
      await area.fill('[1, 2]');
      await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(true);
      expect(await said(page, 'scenario-warning')).toBe('');

      await area.fill(valid);
      await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(false);
      await page.getByLabel('Launch type or capacity provider').selectOption('EC2');
      await expect.poll(() => said(page, 'settings-said')).toContain('requiresCompatibilities');
      // another setting, which has nothing to say: what was said of the first goes
      const stopTimeout = page.getByLabel('stopTimeout (s)');
      await stopTimeout.fill('45');
      await stopTimeout.press('Tab');
      await expect.poll(async () => JSON.parse(await json(page)).taskDefinition.containerDefinitions[0].stopTimeout).toBe(45);
      await expect.poll(() => said(page, 'settings-said')).toBe('');
    });
  });

  it('should leave the focus on Copy link once the link is copied, and hand over the link selected only when the clipboard refuses', async () => {
    await onPage('keyboard copy link', null, async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      const copy = page.getByRole('button', { name: 'Copy link' });
      await copy.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^Link copied/);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByLabel('Share link').inputValue());
      // not dropped into a link of a thousand characters read out aloud
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('copy-link');

      await page.evaluate(() => (navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'))));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#notice').textContent()).toBe('Copy the link from the box next to the button.');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('share-link');
      const box = page.getByLabel('Share link');
      expect(await box.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, (await box.inputValue()).length]);
    });
  });

  it('should bring the error into view when Run, in the top bar, meets it a screen further down', async () => {
    await onPage('run reveals alert', null, async (page) => {
      await page.getByLabel('Scenario JSON').fill('{ "seed": }');
      await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
      const inView = () => page.locator('#scenario-alert').evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; });
      expect(await inView()).toBe(false); // the page as a person meets it: the alert below the fold
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#notice').textContent()).toBe('Fix the scenario first: the alert says what is wrong.');
      await expect.poll(inView).toBe(true);
      // the keyboard stays where it was: a "." for Step must not type into the JSON
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('run');
    });
  });

  it('should apply an option browsed with the arrows only once it is chosen (Enter, or leaving the list)', async () => {
    await onPage('keyboard select browse', null, async (page) => {
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#clock').textContent()).not.toBe('t = 0.0 s');
      await page.getByRole('button', { name: 'Pause' }).click();
      const clock = await page.locator('#clock').textContent();
      const before = await json(page);
      const launchType = page.getByLabel('Launch type or capacity provider', { exact: true });
      await launchType.focus();
      // Escape takes back what the arrows showed, and leaving the list then applies nothing
      await page.keyboard.press('ArrowDown');
      expect(await launchType.inputValue()).toBe('FARGATE_SPOT');
      await page.keyboard.press('Escape');
      expect(await launchType.inputValue()).toBe('FARGATE');
      await page.keyboard.press('Tab');
      await letPageTimePass(page, 300);
      expect(await json(page)).toBe(before);
      await launchType.focus();
      await page.keyboard.press('ArrowDown');
      expect(await launchType.inputValue()).toBe('FARGATE_SPOT');
      // only heard: the scenario and the run are as they were
      await letPageTimePass(page, 300);
      expect(await json(page)).toBe(before);
      expect(await page.locator('#clock').textContent()).toBe(clock);
      // and shown, and said, as not chosen yet
      expect(await launchType.getAttribute('aria-description')).toBe('not chosen yet: Enter, or leaving the list, chooses it; Escape goes back');
      expect(await launchType.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('dashed');
      await page.keyboard.press('Enter');
      expect(await launchType.getAttribute('aria-description')).toBeNull();
      await expect.poll(() => json(page)).toContain('FARGATE_SPOT');
      await expect.poll(() => page.locator('#clock').textContent()).toBe('t = 0.0 s');

      // the presets: arrows through three do not load them; leaving the list loads the one shown
      const preset = page.getByLabel('Preset');
      await preset.focus();
      const edited = await json(page);
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      const shown = await preset.inputValue();
      expect(shown).not.toBe('');
      // a pick asks for its file at once, marking the text area: none was asked for
      expect(await page.getByLabel('Scenario JSON').getAttribute('aria-busy')).toBeNull();
      await letPageTimePass(page, 300);
      expect(await json(page)).toBe(edited);
      await page.keyboard.press('Tab');
      await expect.poll(() => json(page)).not.toBe(edited);
      expect(await preset.inputValue()).toBe(shown);
      // a click, or Enter on an option of the open list, loads at once
      await preset.selectOption({ label: 'Fargate web task behind a load balancer, stopped normally' });
      // its own narrative, once its file is in (the one left by Tab may still be on its way)
      await expect.poll(() => page.locator('#narrative').textContent()).toContain('A Fargate task with a load balancer target group');
      const picked = await json(page);
      await preset.focus();
      await page.keyboard.press('Alt+ArrowDown');
      // the list opens on its own time: an arrow pressed before it is open was lost (a flaky run under load)
      await expect.poll(() => preset.evaluate((el) => el.matches(':open'))).toBe(true);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect.poll(() => json(page)).not.toBe(picked);

      // a setting refused names the line in the text the user sees, not in the one it would have written
      await page.getByLabel('stopTimeout (s)').fill('200');
      await page.getByLabel('stopTimeout (s)').press('Tab');
      await expect.poll(() => page.locator('#settings-message').textContent()).toMatch(/^Not applied, it would make the scenario invalid: taskDefinition\.containerDefinitions\[0\]\.stopTimeout \(line \d+\): /);
      const line = Number(/\(line (\d+)\)/.exec((await page.locator('#settings-message').textContent())!)![1]);
      expect((await json(page)).split('\n')[line - 1]).toContain('"name"');
      // typing again puts the refusal away: it was about the last try
      await page.getByLabel('stopTimeout (s)').fill('2');
      await expect.poll(() => page.locator('#settings-message').isHidden()).toBe(true);
    }, WITH_CLOCK);
  });

  it("should refuse a setting on a bare task definition in the text's own words: its field as the text has it, on its container's line", async () => {
    await onPage('keyboard bare refusal', null, async (page) => {
      const bare = { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: 'nginx' }] };
      await page.getByLabel('Scenario JSON').fill(JSON.stringify(bare, null, 2));
      await expect.poll(() => page.getByLabel('stopTimeout (s)').getAttribute('max')).toBe('120');
      await page.getByLabel('stopTimeout (s)').fill('1');
      await page.getByLabel('stopTimeout (s)').press('Tab');
      await expect.poll(() => page.locator('#settings-message').textContent()).toMatch(/^Not applied, it would make the scenario invalid: containerDefinitions\[0\]\.stopTimeout \(line \d+\): /);
      const bareLine = Number(/\(line (\d+)\)/.exec((await page.locator('#settings-message').textContent())!)![1]);
      expect((await json(page)).split('\n')[bareLine - 1]).toContain('{');
      expect(bareLine).toBeGreaterThan(1);
    });
  });

  it('should say what each Step changed, in a live region', async () => {
    await onPage('keyboard step said', null, async (page) => {
      const step = page.getByRole('button', { name: 'Step', exact: true });
      await step.click(); // a new task, paused
      expect(await page.locator('#said').getAttribute('aria-live')).toBe('polite');
      await step.click();
      await expect.poll(() => said(page, 'said')).toMatch(/^t = \d+\.\d s: (ENI|Task|Capacity|Container) [A-Z]+/);
      // each press says its own change, with its time
      const first = await said(page, 'said');
      for (let i = 0; i < 4; i++) await step.click();
      await expect.poll(() => said(page, 'said')).toMatch(/^t = /);
      expect(await said(page, 'said')).not.toBe(first);
      const clock = (await page.locator('#clock').textContent())!.replace('t = ', '');
      expect(await said(page, 'said')).toContain(`t = ${clock}:`);
    });
  });

  it('should name each statechart state as it is drawn: its inferred badge, and whether the task has been there', async () => {
    await onPage('keyboard state names', null, async (page) => {
      const chart = page.getByRole('group', { name: /Task statechart/ });
      const named = () => chart.locator('[data-state]').evaluateAll((gs) => gs.map((g) => ({ key: g.getAttribute('data-state')!, badge: g.querySelector('.badge')?.textContent ?? null, name: g.getAttribute('aria-label')!, current: g.getAttribute('aria-current') })));
      const step = page.getByRole('button', { name: 'Step', exact: true });
      await step.click(); // a new task, paused
      for (let i = 0; i < 40 && !(await page.getByRole('status').textContent())!.includes('lastStatus: RUNNING'); i++) await step.click(), await painted(page);
      const states = await named();
      // the badge a sighted reader sees is in the name a screen reader reads
      const badged = states.filter((st) => st.badge);
      expect(badged.length).toBeGreaterThan(0);
      for (const st of badged) expect(st.name.startsWith(`${st.key} (${st.badge})`), st.name).toBe(true);
      // the fill in words: where it has been, where it is (aria-current), where it has not been yet
      const byKey = new Map(states.map((st) => [st.key, st]));
      expect(byKey.get('PENDING')!.name).toMatch(/^PENDING( \([a-z ]+\))?, visited: explain this state$/);
      expect(byKey.get('RUNNING')!.current).toBe('true');
      expect(byKey.get('RUNNING')!.name).toBe('RUNNING: explain this state');
      expect(byKey.get('STOPPED')!.name).toBe('STOPPED: explain this state');
    });
  });

  it('should say what a Stop task pressed while paused changed at once', async () => {
    await onPage('keyboard stop said', null, async (page) => {
      const step = page.getByRole('button', { name: 'Step', exact: true });
      const status = () => page.getByRole('status').textContent();
      await step.click(); // a new task, paused
      for (let i = 0; i < 40 && !(await status())!.includes('lastStatus: RUNNING'); i++) await step.click(), await painted(page);
      await page.getByRole('button', { name: 'Stop task' }).click();
      // the task leaves RUNNING in the same instant: on screen, and said, with the stop that moved it
      await expect.poll(status).toContain('desiredStatus: STOPPED');
      const clock = (await page.locator('#clock').textContent())!.replace('t = ', '');
      await expect.poll(() => said(page, 'said')).toMatch(new RegExp(`^t = ${clock.replace('.', '\\.')}: .*StopTask.*Task (DEACTIVATING|STOPPING)`));
    });
  });

  it('should step with ".", step back with "," and play or pause with k, but not while typing in the scenario', async () => {
    await onPage('keyboard shortcuts', null, async (page) => {
      const clock = () => page.locator('#clock').textContent();
      expect(await page.locator('#step').getAttribute('aria-keyshortcuts')).toBe('.');
      await page.locator('h1').click(); // the focus on the page, nowhere that types
      await page.keyboard.press('.'); // a new task, paused
      await painted(page);
      await page.keyboard.press('.');
      await painted(page);
      await page.keyboard.press('.');
      await painted(page);
      const there = await clock();
      expect(there).not.toBe('t = 0.0 s');
      await page.keyboard.press(',');
      await painted(page);
      // back one change: the notice says where to, and the clock is earlier
      await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^Back to t = /);
      expect(await page.locator('#notice').textContent()).not.toContain(`Back to ${there}`);
      // typed into the scenario, the keys are the text's
      const area = page.getByLabel('Scenario JSON');
      const text = await area.inputValue();
      const before = await clock();
      await area.focus();
      await page.keyboard.press('End');
      await page.keyboard.type('.,k');
      await painted(page);
      expect(await clock()).toBe(before);
      expect(await page.getByRole('button', { name: 'Play' }).isVisible()).toBe(true);
      await area.fill(text);
      // k plays and pauses, and says which (the button may be scrolled out of sight)
      await page.locator('h1').click();
      await page.keyboard.press('k');
      await expect.poll(() => page.locator('#play').textContent()).toBe('Pause');
      await expect.poll(() => said(page, 'said')).toBe('Playing');
      await page.keyboard.press('k');
      await expect.poll(() => page.locator('#play').textContent()).toBe('Play');
      await expect.poll(() => said(page, 'said')).toBe(`Paused at ${await clock()}`);

      // one key, no modifier: they can be turned off (a speech-input user's words could press them), for the next visit too
      await page.getByLabel('Keyboard shortcuts').check();
      await page.getByLabel('Keyboard shortcuts').uncheck();
      expect(await page.locator('#step').getAttribute('aria-keyshortcuts')).toBeNull();
      const off = await clock();
      await page.locator('h1').click();
      await page.keyboard.press('.');
      await page.keyboard.press('k');
      await painted(page);
      expect(await clock()).toBe(off);
      expect(await page.locator('#play').textContent()).toBe('Play');
      await page.reload();
      await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).not.toBe('');
      expect(await page.getByLabel('Keyboard shortcuts').isChecked()).toBe(false);
      await page.getByLabel('Keyboard shortcuts').check();
      expect(await page.locator('#step').getAttribute('aria-keyshortcuts')).toBe('.');
    });
  });

  it('should say which tasks a service Step changed, and that a card opened the task below', async () => {
    await onPage('keyboard service step', 'Service: rolling deployment', async (page) => {
      const step = page.getByRole('button', { name: 'Step', exact: true });
      await page.getByRole('button', { name: 'Run service' }).waitFor();
      await step.click(); // a new service, paused
      const heard: string[] = [];
      for (let i = 0; i < 40 && !heard.some((s) => /SERVICE_DEPLOYMENT_COMPLETED/.test(s)); i++) {
        await step.click();
        await expect.poll(() => said(page, 'said')).toMatch(/^t = /);
        heard.push((await said(page, 'said'))!);
      }
      expect(heard.join('\n')).toMatch(/Task 1 PROVISIONING \(new\)/);
      expect(heard.join('\n')).toMatch(/Task \d+ RUNNING/);
      // each press goes to the next change there is to see, and says it: a task's, or the scheduler's
      for (const s of heard) expect(s).toMatch(/^t = [^:]+: (Task \d+|SERVICE_|UpdateService|\(service |counts )/);
      expect(heard.at(-1)).toMatch(/SERVICE_DEPLOYMENT_COMPLETED/);
      const card = page.locator('#board .card').first();
      // its deployment by number, as the Deployments table numbers them, not by colour alone
      expect(await card.getAttribute('aria-label')).toMatch(/^Task \d+, deployment 1, revision \d+, zone [abc], [A-Z]+/);
      expect(await page.locator('#deployments-body tr td:first-child').allTextContents()).toContainEqual(expect.stringMatching(/^1 · ecs-svc\/\d+$/));
      expect(await card.getAttribute('aria-expanded')).toBe('false');
      expect(await card.getAttribute('aria-controls')).toBe('task-panel');
      await card.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => card.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => said(page, 'said')).toMatch(/^Task \d+ opened below the board/);
      await page.keyboard.press('Escape');
      await expect.poll(() => card.getAttribute('aria-expanded')).toBe('false');
    });
  });
});
