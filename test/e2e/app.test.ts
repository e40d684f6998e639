// The browser simulator as a person uses it, in headless Chromium against the
// production build served by `vite preview`: by roles and accessible names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realworld, repoRoot } from '../support/scenarios.ts';
import { cli } from '../support/cli.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { installPageClock, letPageTimePass, painted, reportPolicyViolations, screenshot, servedApp, settled, watch } from './harness.ts';

const FARGATE_LB_REGISTRY = {
  taskDefinition: {
    family: 'e2e-web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'nginx:1.27', portMappings: [{ containerPort: 80 }] }],
  },
  launchType: 'FARGATE',
  loadBalancers: [{ targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/e2e/0123456789abcdef', containerName: 'web', containerPort: 80 }],
  serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e2e' }],
  seed: 42,
};
const SCENARIO = JSON.stringify(FARGATE_LB_REGISTRY, null, 2);
const STATES = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'];

const app = servedApp();
let context: BrowserContext;
let page: Page;
/** What the Preset list offers under “Put aside (yours)”. */
const asideOptions = () => page.getByLabel('Preset').locator('optgroup[label="Put aside (yours)"] option').allTextContents();
/** Every page a test opened, with what went wrong on it (checked after each test). */
let pages: { page: Page; problems: string[] }[] = [];

const afterCurrent: (() => Promise<void>)[] = [];
const origin = () => app.url.slice(0, -1);

async function openApp(ctx: BrowserContext, url = app.url): Promise<Page> {
  const p = await ctx.newPage();
  pages.push({ page: p, problems: watch(p, origin()) });
  await p.goto(url);
  await p.getByRole('group', { name: /Task statechart/ }).waitFor();
  // ready as a person sees it: a scenario (preset, saved or shared) is in the text area
  await expect.poll(() => p.getByLabel('Scenario JSON').inputValue()).not.toBe('');
  return p;
}

/** A test that keeps a screenshot of every page it opened when it fails (in test-results/). */
function e2e(name: string, body: () => Promise<void>): void {
  it(name, async () => {
    try {
      await body();
    } catch (err) {
      for (const [i, p] of pages.entries()) await screenshot(p.page, `${name}-${i}`);
      throw err;
    }
  });
}

/** A new context (nothing stored yet) with the app open in it; with Playwright's clock, installed before the page loads (see letPageTimePass). */
async function openFresh(clock = false): Promise<void> {
  context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(reportPolicyViolations);
  if (clock) await installPageClock(context);
  page = await openApp(context);
}

/** This test's page, opened afresh with Playwright's clock: the one opened before each test goes, with its context. */
async function withPageClock(): Promise<void> {
  await context.close();
  await openFresh(true);
}

/** Paste the scenario, choose max speed, and run until the status says RUNNING. */
async function runToRunning(p: Page): Promise<void> {
  await p.getByLabel('Scenario JSON').fill(SCENARIO);
  await p.getByLabel('Speed').selectOption('max');
  await p.getByRole('button', { name: 'Run task' }).click();
  await expect.poll(() => p.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: RUNNING');
}

describe('browser simulator', () => {
  beforeEach(async () => {
    pages = [];
    await openFresh();
  });

  afterEach(async () => {
    const found = pages.flatMap((p) => p.problems);
    for (const close of afterCurrent.splice(0)) await close();
    await context.close();
    expect(found, 'console errors or requests outside the origin').toEqual([]);
  });

  e2e('should draw all eight task states in the statechart', async () => {
    const chart = page.getByRole('group', { name: /Task statechart/ });
    for (const s of STATES) await expect.poll(() => chart.locator(`[data-state="${s}"]`).count()).toBe(1);
    const text = await chart.textContent();
    for (const s of STATES) expect(text).toContain(s);
    const drawnMs = await page.evaluate(() => performance.getEntriesByName('statechart-drawn')[0]?.startTime ?? -1);
    expect(drawnMs).toBeGreaterThan(0);
    console.log(`statechart drawn ${drawnMs.toFixed(0)} ms after navigation start`);
  });

  e2e('should offer, closed, the words the page uses to someone new to ECS, naming only states the chart has', async () => {
    const glossary = page.locator('#teach-panel details.glossary');
    const words = glossary.locator('dl');
    expect(await words.isVisible()).toBe(false);
    await glossary.getByText('New to ECS?').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => words.isVisible()).toBe(true);
    const text = (await words.textContent())!;
    for (const term of ['lastStatus', 'desiredStatus', 'FARGATE_SPOT', 'deregistration delay', 'SIGKILL', 'stopCode', 'Side steps']) expect(text).toContain(term);
    const named = text.match(/\b[A-Z]{6,}\b/g)!.filter((w) => w.endsWith('ING') || w === 'STOPPED');
    expect(named.length).toBeGreaterThan(4);
    for (const state of named) expect(STATES).toContain(state);
  });

  e2e('should explain a side step’s status when it is picked, marking our model as inferred, by click or keyboard', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    // loaded (the default preset has one target group too: a pick made before the
    // editor applied the text was undone by the redraw)
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    await expect.poll(() => page.getByLabel('Target groups').inputValue()).toBe('1');
    const eni = page.getByRole('article', { name: 'ENI attachment' });
    const precreated = eni.locator('[data-state="PRECREATED"]');
    await precreated.click();
    await expect.poll(() => eni.locator('.explain').textContent()).toMatch(/^PRECREATED partly inferred: ECS has chosen a subnet/);
    // outlined at once, with no run to repaint the page
    await expect.poll(() => precreated.getAttribute('class')).toContain('selected');
    expect(await eni.locator('.explain a').getAttribute('href')).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    // a status named by us, wholly our model: plainly inferred
    const target = page.getByRole('article', { name: /^Target in / });
    await target.locator('[data-state="notRegistered"]').click();
    await expect.poll(() => target.locator('.explain').textContent()).toMatch(/^notRegistered inferred: /);
    // a documented step under a name of ours: partly
    await page.getByRole('article', { name: /Container web/ }).locator('[data-state="PULLING"]').click();
    await expect.poll(() => page.getByRole('article', { name: /Container web/ }).locator('.explain').textContent()).toMatch(/^PULLING partly inferred: /);
    // the task's documented states with a part of ours say so on the chart
    const badge = (state: string) => page.getByRole('group', { name: /Task statechart/ }).locator(`[data-state="${state}"] .badge`).textContent();
    expect([await badge('ACTIVATING'), await badge('DEACTIVATING')]).toEqual(['partly inferred', 'partly inferred']);
    // a documented status has no badge; the keyboard picks it too
    await eni.locator('[data-state="ATTACHED"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => eni.locator('.explain').textContent()).toMatch(/^ATTACHED: The network interface is attached/);
    // picked again, it closes
    await page.keyboard.press('Enter');
    await expect.poll(() => eni.locator('.explain').textContent()).toBe('');
  });

  e2e('should keep keyboard focus on the controls through Run, and each side step’s status line in view on a 1024 px screen', async () => {
    await page.setViewportSize({ width: 1024, height: 720 });
    await page.getByLabel('Preset').selectOption('sidecar-crash');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('log-router');
    await page.getByLabel('Speed').selectOption('1');
    await page.getByRole('button', { name: 'Run task' }).focus();
    await page.keyboard.press('Enter');
    // Run turns disabled while the task plays: focus goes to Pause, not to the page
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('play');
    expect(await page.locator('#play').textContent()).toBe('Pause');
    await page.getByLabel('Speed').selectOption('max');
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: STOPPED');
    // the charts scroll sideways to their active state; the line under each title does not
    for (const box of await page.locator('.child').all()) {
      const [article, info] = [await box.boundingBox(), await box.locator('.info').boundingBox()];
      expect(info!.x).toBeGreaterThanOrEqual(article!.x);
      expect(info!.x + info!.width).toBeLessThanOrEqual(article!.x + article!.width);
    }
    expect(await page.getByRole('article', { name: /ENI attachment/ }).locator('.info').textContent()).toMatch(/^\d+\.\d+\.\d+\.\d+ · eni-[0-9a-f]{17}$/);
    // Shift+Tab back through the statecharts: one stop per chart, and the sticky controls bar covers none of them
    await page.getByRole('region', { name: 'DescribeTasks: the task as the API returns it' }).focus();
    const charts: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Shift+Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const chart = el.closest('svg[role="group"]');
        if (!chart || !el.closest('.children, .chart')) return null;
        const bar = document.querySelector('.controls')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return { chart: chart.getAttribute('aria-label')!, covered: box.top < bar.bottom && box.bottom > bar.top };
      });
      if (at === null) continue;
      charts.push(at.chart);
      expect(at.covered).toBe(false);
    }
    // the task's chart and each side step's, each once
    expect(charts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(charts).size).toBe(charts.length);
    // within a chart the arrow keys move, and Tab lands on the state the task ended in
    const task = page.getByRole('group', { name: /Task statechart/ });
    await task.locator('[data-state="STOPPED"]').focus();
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-state'))).toBe('PROVISIONING');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-state'))).toBe('PENDING');
    expect(await task.locator('[tabindex="0"]').count()).toBe(1);
  });

  e2e('should keep keyboard focus through a run: on a source link the panel redraws, and off a button the task’s end disables', async () => {
    await page.getByLabel('Preset').selectOption('fargate-web');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('srv-web');
    await page.getByLabel('Speed').selectOption('10');
    await page.getByRole('button', { name: 'Run task' }).click();
    // the panel is redrawn at each step of the task: a reader on its source link stays there
    const source = page.locator('#teaching a').first();
    await source.focus();
    const from = await page.locator('#clock').textContent();
    await expect.poll(() => page.locator('#clock').textContent()).not.toBe(from);
    await expect.poll(() => page.locator('.recent li').count()).toBeGreaterThan(2);
    const before = await page.locator('.recent li').first().textContent();
    await expect.poll(() => page.locator('.recent li').first().textContent(), { timeout: 10_000 }).not.toBe(before);
    expect(await page.evaluate(() => document.activeElement?.closest('#teaching')?.tagName)).toBe('DIV');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('A');
    // Play's label says what it does, with no "pressed" beside it
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBeNull();
    // Stop task pressed from the keyboard: once the task is STOPPED it is disabled, and focus goes to Run task
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Stop task' }).focus();
    await page.keyboard.press('Enter');
    // played on without moving the focus (a script's click does not take it)
    await page.evaluate(() => document.getElementById('play')!.click());
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('lastStatus: STOPPED');
    expect(await page.evaluate(() => document.querySelector('#events li:last-child')?.textContent)).toMatch(/UserInitiated/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('run');
    // Reset from the keyboard: disabled with nothing to reset, focus on Run task again
    await page.getByRole('button', { name: 'Reset' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('run');
    // a state picked in the task's chart says so: pressed, and its explanation read out
    const activating = page.getByRole('group', { name: /Task statechart/ }).locator('[data-state="ACTIVATING"]');
    await activating.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activating.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#teaching-said').textContent()).toMatch(/^ACTIVATING \(partly inferred\): The containers run; .* More under What ECS is doing\.$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => activating.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#teaching-said').textContent()).toBe('Following the task again.');
    // Escape lets go of it too, as it closes an opened service task
    await page.keyboard.press('Enter');
    await expect.poll(() => activating.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => activating.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#teaching-said').textContent()).toBe('Following the task again.');
  });

  e2e('should make every Step show a change, skipping timers that change nothing (a detach retried while the IAM role is missing)', async () => {
    await page.getByLabel('Preset').selectOption('stuck-deprovisioning');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('ReleaseEni');
    await page.getByRole('button', { name: 'Step', exact: true }).click(); // a new task, paused
    const newest = () => page.locator('.recent li').first().textContent();
    for (let i = 0; i < 40; i++) {
      const before = await newest();
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await page.evaluate(() => new Promise(requestAnimationFrame));
      const notice = (await page.locator('#notice').textContent()) ?? '';
      if (notice.startsWith('Nothing is scheduled') || notice.startsWith('The task is STOPPED')) break;
      // the clock moved to something a person can see
      expect(await newest()).not.toBe(before);
    }
  });

  e2e('should step back to the task as it was before its last change, a Stop task pressed on the page included, and forward to the same change again', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    const back = page.getByRole('button', { name: 'Step back' });
    const step = page.getByRole('button', { name: 'Step', exact: true });
    const status = () => page.getByRole('status').textContent();
    const clock = () => page.locator('#clock').textContent();
    const events = () => page.locator('#events li').count();
    expect(await back.isDisabled()).toBe(true);
    await step.click(); // a new task, paused
    expect(await back.isDisabled()).toBe(true); // nothing before its first state
    // each Step's status read once it is painted: read before, the loop stepped on past RUNNING
    for (let i = 0; i < 40 && !(await status())!.includes('lastStatus: RUNNING'); i++) await step.click(), await painted(page);
    const running = { status: await status(), clock: await clock(), events: await events() };
    expect(running.status).toContain('desiredStatus: RUNNING');
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(status).toContain('desiredStatus: STOPPED');
    await step.click();
    // read once painted (read at once, under load, it was the clock before the Step)
    await expect.poll(clock).not.toBe(running.clock);

    await back.click(); // the step taken back: the stop asked for, at the same moment
    await expect.poll(clock).toBe(running.clock);
    expect(await status()).toContain('desiredStatus: STOPPED');
    expect(await page.locator('#notice').textContent()).toBe(`Back to ${running.clock}, before the last change. Step goes forward to it again.`);
    await back.click(); // and the Stop task pressed
    await expect.poll(status).toBe(running.status);
    await expect.poll(events).toBe(running.events);
    // Step does not press it again: said, with how to redo it
    expect(await page.locator('#notice').textContent()).toBe(
      `Back to ${running.clock}, before the last change. Taken back too: your Stop task; Step goes on without it (press it again to redo it).`,
    );
    expect(await page.getByRole('button', { name: 'Resume task' }).isVisible()).toBe(true);
    // forward again: the same task, without the stop taken back
    await step.click();
    await painted(page);
    await expect.poll(status).toContain('lastStatus: RUNNING · desiredStatus: RUNNING');
    expect(await clock()).not.toBe(running.clock);
    // all the way back, the button turns off and hands the keyboard to Step
    await back.focus();
    // (each press painted before the next: a press after the focus moved would be a Step)
    for (let i = 0; i < 60 && !(await back.isDisabled()); i++) await page.keyboard.press('Enter'), await page.evaluate(() => new Promise(requestAnimationFrame));
    expect(await back.isDisabled()).toBe(true);
    expect(await clock()).toBe('t = 0.0 s');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step');
    // "Back to t = 0.0 s: nothing earlier…" is about the moment left behind: Play moves on, and it goes
    expect(await page.locator('#notice').textContent()).toMatch(/^Back to t = 0\.0 s: nothing earlier/);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('');
  });

  e2e('should run a Fargate task with a target group and a registry to RUNNING, then stop it', async () => {
    // 1024 px: the event lines wrap, and the list has more than it shows
    await page.setViewportSize({ width: 1024, height: 768 });
    await runToRunning(page);
    await page.getByRole('button', { name: 'Stop task' }).click();
    // a 300 s drain at "max": virtual time, so it ends well within the poll's limit
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: STOPPED');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('desiredStatus: STOPPED');
    await expect(page.getByRole('heading', { name: 'ECS Task State Change events' }).isVisible()).resolves.toBe(true);
    const events = page.getByRole('list').filter({ hasText: 'v1 ·' });
    await expect.poll(() => events.getByRole('listitem').count()).toBeGreaterThanOrEqual(8);
    expect(await events.textContent()).toContain('STOPPED / STOPPED');
    // each line on the virtual clock, as the clock shows it
    expect(await events.getByRole('listitem').first().textContent()).toMatch(/^v1 · t = 0\.0 s · PROVISIONING \/ RUNNING/);
    // the list follows the newest event: the last one, STOPPED, is in view
    expect(await events.evaluate((ol) => ol.scrollHeight > ol.clientHeight)).toBe(true);
    const last = events.getByRole('listitem').last();
    await expect.poll(() => last.evaluate((li) => {
      const box = li.getBoundingClientRect();
      const list = li.parentElement!.getBoundingClientRect();
      return box.top >= list.top && box.bottom <= list.bottom + 1;
    })).toBe(true);
    // every visited state is drawn as visited, DEACTIVATING included
    expect(await page.locator('[data-state="DEACTIVATING"].visited').count()).toBe(1);
  });

  e2e("should say a run left its preset's story once a live action changed it, and no more after Reset", async () => {
    await page.getByLabel('Preset').selectOption('fargate-web');
    await expect.poll(() => page.locator('#narrative').textContent()).toMatch(/after the StopTask at 600 s/);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const departed = page.locator('#narrative-departed');
    expect(await departed.textContent()).toBe('');
    // stopped in PROVISIONING or PENDING: the story's drain at 600 s will not come
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(() => departed.textContent()).toMatch(/^This run has left that story: you pressed Stop task at [\d.]+ s\. .*Reset to see the story's own run\.$/);
    expect(await departed.isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => departed.textContent()).toBe('');
    expect(await departed.isVisible()).toBe(false);
  });

  /** Run `preset` at `speed` with Pause at each state ticked: the Play/Pause button. */
  async function runPausingAtStates(preset: string, speed: string) {
    await page.getByLabel('Preset').selectOption(preset);
    await page.getByLabel('Speed').selectOption(speed);
    await page.getByLabel('Pause at each state').check();
    await page.getByRole('button', { name: 'Run task' }).click();
    return page.getByRole('button', { name: /^(Play|Pause)$/ });
  }
  const pausedAtState = (state: string) => `Paused as the task entered ${state} (Pause at each state is on): Play goes on to the next state.`;

  e2e('should stop Play at each state the task enters when Pause at each state is ticked, ACTIVATING included', async () => {
    const play = await runPausingAtStates('fargate-web', 'max');
    // where the statechart sits under the bar: the pause's note must not push it down
    const chartTop = async () => (await page.locator('#chart').boundingBox())!.y;
    const tops = [await chartTop()];
    const seen: string[] = [];
    for (const state of ['PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING']) {
      // each notice names its state: the wait cannot end on the last one's
      await expect.poll(() => page.locator('#notice').textContent()).toBe(pausedAtState(state));
      await expect.poll(() => play.textContent()).toBe('Play');
      seen.push((await page.getByRole('status').textContent())!.replace(/ · desiredStatus.*/, ''));
      tops.push(await chartTop());
      await play.click();
    }
    expect(seen).toEqual(['lastStatus: PENDING', 'lastStatus: ACTIVATING', 'lastStatus: RUNNING', 'lastStatus: DEACTIVATING']);
    expect(tops).toEqual(tops.map(() => tops[0]));
  });

  e2e('should stop Play too where the task turns UNHEALTHY, which no state change shows (the guided scenario whose point it is)', async () => {
    const play = await runPausingAtStates('unhealthy-task', 'max');
    const notice = () => page.locator('#notice').textContent();
    for (const state of ['PENDING', 'RUNNING']) {
      await expect.poll(notice).toBe(pausedAtState(state));
      await play.click();
    }
    await expect.poll(notice).toMatch(/^Paused as the task's healthStatus turned UNHEALTHY, from its essential containers' health checks/);
    expect(await page.getByRole('status').textContent()).toContain('lastStatus: RUNNING');
    await play.click();
    // and on: nothing stops a task run on its own for its health (until the timeline's StopTask)
    await expect.poll(notice).toBe(pausedAtState('STOPPING'));
  });

  e2e('should put away the note of a pause at a state once Play goes on, where no next state comes', async () => {
    // nginx on Fargate with no timeline: RUNNING is its last state until someone acts
    // (not max: with nothing scheduled, max has no time to go on to; 60× lets the clock run)
    const play = await runPausingAtStates('rw-nginx-fargate', '60');
    const notice = () => page.locator('#notice').textContent();
    await expect.poll(notice).toBe(pausedAtState('PENDING'));
    await play.click();
    await expect.poll(notice).toBe(pausedAtState('RUNNING'));
    const pausedAt = await page.locator('#clock').textContent();
    await play.click();
    await expect.poll(() => page.locator('#clock').textContent()).not.toBe(pausedAt);
    expect(await play.textContent()).toBe('Pause');
    await expect.poll(notice).toBe('');
  });

  e2e('should download the events in order, or as EventBridge may deliver them', async () => {
    const button = page.getByRole('button', { name: 'Download NDJSON' });
    // nothing to download before a run: an empty file helps nobody
    expect(await button.isDisabled()).toBe(true);
    await runToRunning(page);
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: STOPPED');
    const download = async () => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download NDJSON' }).click()]);
      const text = readFileSync((await file.path())!, 'utf8');
      return { name: file.suggestedFilename(), events: text.trim().split('\n').map((l) => JSON.parse(l) as { id: string; detail: { version: number } }) };
    };
    const inOrder = await download();
    expect(inOrder.name).toBe('e2e-web-events.ndjson');
    expect(inOrder.events.map((e) => e.detail.version)).toEqual(inOrder.events.map((_, i) => i + 1));
    expect(inOrder.events.at(-1)).toMatchObject({ detail: { lastStatus: 'STOPPED' } });
    await page.getByRole('checkbox', { name: /as EventBridge may deliver them/ }).filter({ visible: true }).check();
    const delivered = await download();
    expect(delivered.name).toBe('e2e-web-events.delivered.ndjson');
    // what a consumer does (drop copies by id, order by detail.version) gives the emitted stream back
    const reassembled = [...new Map(delivered.events.map((e) => [e.id, e])).values()].sort((a, b) => a.detail.version - b.detail.version);
    expect(reassembled).toEqual(inOrder.events);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => button.isDisabled()).toBe(true);
  });

  e2e('should save the scenario JSON as a file the CLI runs, a draft included', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    const save = async () => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save JSON' }).click()]);
      return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
    };
    const saved = await save();
    expect(saved.name).toBe('e2e-web.json');
    expect(JSON.parse(saved.text)).toEqual(JSON.parse(SCENARIO));
    expect(await page.locator('#notice').textContent()).toBe('Saved as e2e-web.json: ecs-lifecycle run e2e-web.json runs it from the command line.');
    // a draft that does not parse is saved as typed: nothing typed is lost
    await page.getByLabel('Scenario JSON').fill('{"family": "half typed", ');
    expect(await save()).toEqual({ name: 'scenario.json', text: '{"family": "half typed", \n' });
    // and not said to run: the notice says why it does not yet
    expect(await page.locator('#notice').textContent()).toBe('Saved as scenario.json, a draft that does not run yet (malformed JSON: line 1, column 26: expected a property name in double quotes, got the end of the input).');
  });

  e2e('should save with the scenario what was done to the run on the page, so the CLI tells the same story', async () => {
    await runToRunning(page);
    // at max speed the run waits once nothing more is scheduled: stopped there, by hand
    await page.getByLabel('Stop reason').fill('Stopped on the page');
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: STOPPED');
    const fileOf = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      return readFileSync((await file.path())!, 'utf8');
    };
    const shown = await fileOf('Download NDJSON');
    const saved = await fileOf('Save JSON');
    expect(await page.locator('#notice').textContent()).toMatch(
      /^Saved as e2e-web\.json, with your Stop task \(reason “Stopped on the page”\) at (\d+ min )?[\d.]+ s added to its timeline: ecs-lifecycle run e2e-web\.json runs it from the command line, as you saw it\.$/,
    );
    expect((JSON.parse(saved) as { timeline: unknown[] }).timeline).toEqual([{ at: expect.any(Number), action: 'StopTask', reason: 'Stopped on the page' }]);
    // the text area is still what was typed
    expect(JSON.parse(await page.getByLabel('Scenario JSON').inputValue())).toEqual(JSON.parse(SCENARIO));
    // event for event but their ids (each scenario names its own events)
    const story = (ndjson: string) => ndjson.trim().split('\n').map((l) => ({ ...(JSON.parse(l) as { detail: { lastStatus: string } }), id: '' }));
    const run = await cli(['run', '-', '--format', 'events'], saved);
    expect(story(run.stdout)).toEqual(story(shown));
    expect(story(shown).map((e) => e.detail.lastStatus)).toContain('RUNNING');
  });

  e2e('should download every lifecycle as the CLI lists them, without a run', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await expect.poll(() => page.evaluate(() => JSON.stringify(localStorage))).toContain('e2e-web');
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByRole('button', { name: 'Download every lifecycle' }).click()]);
    expect(file.suggestedFilename()).toBe('e2e-web-lifecycles.ndjson');
    const text = readFileSync((await file.path())!, 'utf8');
    // the very lines of `ecs-lifecycle paths --format events`
    const fromCli = await cli(['paths', '-', '--format', 'events'], SCENARIO);
    expect(text).toBe(fromCli.stdout);
    expect(new Set(text.trim().split('\n').map((l) => (JSON.parse(l) as { path: string }).path)).size).toBe(12);
    await expect.poll(() => page.locator('#notice').textContent()).toContain('12 lifecycles of e2e-web');

    // one per ending: what `paths --distinct outcomes` prints
    await page.locator('#download-outcomes').check();
    const [byOutcome] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByRole('button', { name: 'Download every lifecycle' }).click()]);
    expect(byOutcome.suggestedFilename()).toBe('e2e-web-lifecycles.outcomes.ndjson');
    const outcomes = await cli(['paths', '-', '--format', 'events', '--distinct', 'outcomes'], SCENARIO);
    expect(readFileSync((await byOutcome.path())!, 'utf8')).toBe(outcomes.stdout);
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^29 lifecycles of e2e-web, one per ending, .*paths --format events --distinct outcomes\.$/);
  });

  e2e('should cancel listing the lifecycles when the scenario changes, or on a second click', async () => {
    // seven chained containers: seconds of exploring, time enough to change the scenario
    const chained = { ...FARGATE_LB_REGISTRY, taskDefinition: { ...FARGATE_LB_REGISTRY.taskDefinition, family: 'chained', containerDefinitions: Array.from({ length: 7 }, (_, i) => ({ name: i ? `c${i}` : 'web', image: 'x:1', portMappings: i ? [] : [{ containerPort: 80 }], ...(i ? { dependsOn: [{ containerName: i === 1 ? 'web' : `c${i - 1}`, condition: 'START' }] } : {}) })) } };
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    // The explorations, counted in the page: a worker terminated can send nothing more, so none of
    // them downloads later. (Playwright's own worker events miss a worker ended before it attached.)
    await page.evaluate(() => {
      const made: { ended: boolean }[] = [];
      const Real = window.Worker;
      window.Worker = class extends Real {
        private readonly seen = { ended: false };
        constructor(...args: ConstructorParameters<typeof Worker>) {
          super(...args);
          made.push(this.seen);
        }
        override terminate(): void {
          this.seen.ended = true;
          super.terminate();
        }
      };
      (window as unknown as { explorations: () => string }).explorations = () => `${made.length} started, ${made.filter((w) => !w.ended).length} under way`;
    });
    /** `n` explorations were started, and none is under way: each was ended as the notice was written */
    const allOver = async (n: number) => expect(await page.evaluate(() => (window as unknown as { explorations: () => string }).explorations())).toBe(`${n} started, 0 under way`);
    const button = page.getByRole('button', { name: /Download every lifecycle|Exploring/ });
    await page.getByLabel('Scenario JSON').fill(JSON.stringify(chained));
    await button.click();
    await expect.poll(() => button.textContent()).toContain('Exploring');
    await page.getByLabel('Preset').selectOption('fargate-web');
    await expect.poll(() => page.locator('#notice').textContent()).toContain('cancelled: the scenario changed');
    expect(await button.textContent()).toBe('Download every lifecycle');
    await allOver(1);
    // a second click cancels too, even while the text area holds a broken draft
    await page.getByLabel('Scenario JSON').fill(JSON.stringify(chained));
    await button.click();
    await page.getByLabel('Scenario JSON').fill('{ "broken": ');
    await button.click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('Listing the lifecycles was cancelled.');
    await allOver(2);
    expect(downloads).toEqual([]);
  });

  // every test here fails on a console error, and each refusal of the policy is logged as one
  e2e('should serve the page and the inspector under a policy that runs no inline script, eval or outside code', async () => {
    const policy = (p: Page) => p.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open inspector' }).click()]);
    pages.push({ page: popup, problems: watch(popup, origin()) });
    await popup.waitForLoadState();
    for (const p of [page, popup]) {
      const directives = (await policy(p)).split(/;\s*/);
      expect(directives).toContain("script-src 'self'");
      expect(directives).toContain("default-src 'self'");
      expect(directives).toContain("object-src 'none'");
    }
    // and the app works under it: a run with its inspector, and every lifecycle listed in the worker
    await runToRunning(page);
    await expect.poll(() => popup.getByRole('cell', { name: 'eni', exact: true }).count(), { timeout: 15_000 }).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByRole('button', { name: 'Download every lifecycle' }).click()]);
    expect(readFileSync((await download.path())!, 'utf8').split('\n').length).toBeGreaterThan(10);
  });

  e2e('should show a run in the inspector while it plays, on a page that is never idle, in a window of its own', async () => {
    const busy = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      // a page that is never idle (a frame painted at each tick, a loaded machine): an idle callback runs at its deadline, or never
      await busy.addInitScript(() => {
        window.requestIdleCallback = ((cb: IdleRequestCallback, opts?: IdleRequestOptions) =>
          opts?.timeout === undefined ? 0 : window.setTimeout(() => cb({ didTimeout: true, timeRemaining: () => 0 }), opts.timeout)) as typeof window.requestIdleCallback;
      });
      const p = await openApp(busy);
      const [popup] = await Promise.all([busy.waitForEvent('page'), p.getByRole('button', { name: 'Open inspector' }).click()]);
      pages.push({ page: popup, problems: watch(popup, origin()) });
      await popup.waitForLoadState();
      // a window beside the simulator's, not a tab over it (a hidden tab's timers, and the run, slow to once a second)
      expect(await popup.evaluate(() => window.opener !== null && window.menubar.visible === false)).toBe(true);
      await p.getByLabel('Speed').selectOption('10');
      await p.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => popup.locator('#log li.transition').filter({ hasText: 'task PROVISIONING → PENDING' }).count(), { timeout: 15_000 }).toBe(1);
      // live: shown while the run goes on, not once it is over
      expect(await p.getByRole('status').textContent()).not.toContain('lastStatus: STOPPED');
      expect(await p.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
    } finally {
      afterCurrent.push(() => busy.close());
    }
  });

  e2e('should show the ENI, target and service discovery actors in the self-hosted inspector', async () => {
    await runToRunning(page);
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open inspector' }).click()]);
    pages.push({ page: popup, problems: watch(popup, origin()) });
    await popup.waitForLoadState();
    expect(popup.url()).toBe(`${app.url}inspector.html`);
    // generous: on a busy 2-core machine the popup and the app's idle-time replay compete for the CPU
    for (const actor of ['task', 'eni', 'target-0', 'registry', 'container-web'])
      await expect.poll(() => popup.getByRole('cell', { name: actor, exact: true }).count(), { timeout: 15_000 }).toBe(1);
    const eniRow = popup.getByRole('row').filter({ has: popup.getByRole('cell', { name: 'eni', exact: true }) });
    await expect.poll(() => eniRow.textContent()).toContain('ATTACHED');
    await expect.poll(() => popup.getByRole('list').getByRole('listitem').count()).toBeGreaterThan(0);
    // every state change shows as a transition, from the state left to the one entered
    await expect.poll(() => popup.locator('#log li.transition').filter({ hasText: 'eni ATTACHING → ATTACHED' }).count()).toBe(1);
    // the live region says how it is connected; the counts, changing with every event, stay out of it
    expect(await popup.getByRole('status').textContent()).toBe('Connected.');
    await expect.poll(() => popup.locator('#counts').textContent()).toMatch(/^\d+ actors, \d+ events, \d+ transitions$/);
    // each at the virtual time it happened (the protocol itself carries only wall-clock times)
    await expect.poll(() => popup.locator('#log li.transition').filter({ hasText: /^\d+\.\d s task PENDING → (ACTIVATING|RUNNING)/ }).count()).toBe(1);
    const attached = await popup.locator('#log li.transition').filter({ hasText: 'eni ATTACHING → ATTACHED' }).textContent();
    const eniAt = Number(/^(\d+\.\d) s/.exec(attached ?? '')?.[1]);
    expect(eniAt).toBeGreaterThan(0);
    // the moment the task got its connectivity, as DescribeTasks says
    const described = JSON.parse((await page.locator('#describe').textContent())!) as { createdAt: number; connectivityAt: number };
    expect(Math.abs(described.connectivityAt - described.createdAt - eniAt)).toBeLessThanOrEqual(0.05);
    // the task goes on to STOPPED: entries put before the event a child sent appear once, however many renders follow
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(() => popup.locator('#log li.transition').filter({ hasText: 'task DEPROVISIONING → STOPPED' }).count(), { timeout: 15_000 }).toBe(1);
    const entries = await popup.locator('#log li').allTextContents();
    expect(entries.filter((x, i) => entries.indexOf(x) !== i)).toEqual([]);
    // each actor's context, as the machine holds it now: the task's stop, a container's exit code
    const machineContext = popup.getByRole('region', { name: "The chosen actor's context" });
    expect(await popup.getByLabel('Context of').inputValue()).toBe('task');
    await expect.poll(async () => JSON.parse((await machineContext.textContent()) || '{}').desiredStatus).toBe('STOPPED');
    expect(JSON.parse((await machineContext.textContent())!).stopCode).toBe('UserInitiated');
    await popup.getByLabel('Context of').selectOption('container-web');
    await expect.poll(async () => JSON.parse((await machineContext.textContent()) || '{}').exitCode).toBe(0);
    // an event's fields (the exit code of a container that stopped) on the line itself, once asked for
    const exitCode = popup.locator('#log li .detail').filter({ hasText: '"exitCode":0' }).first();
    expect(await exitCode.isVisible()).toBe(false);
    await popup.getByLabel('Show each event’s fields (exit code, reason…)').check();
    expect(await exitCode.isVisible()).toBe(true);
    // in cause-and-effect order: the target drained before the task left DEACTIVATING
    const at = (text: string) => entries.findIndex((x) => x.includes(text));
    expect(at('target-0 draining → unused')).toBeLessThan(at('task DEACTIVATING → STOPPING'));
    // the log follows its newest entries: STOPPED is in view without scrolling
    const log = popup.locator('#log');
    expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await popup.locator('#log li.transition').filter({ hasText: 'task DEPROVISIONING → STOPPED' }).evaluate((li) => {
      const box = li.getBoundingClientRect();
      const view = li.parentElement!.getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom + 1;
    })).toBe(true);
    // Reset: the inspector no longer shows a run that is gone
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => popup.locator('#connection').textContent()).toBe('No run: the simulator was reset, or another scenario was loaded. The next run shows here.');
    expect(await popup.locator('#log li').count()).toBe(0);
    expect(await popup.getByRole('cell', { name: 'eni', exact: true }).count()).toBe(0);
    // a reloaded inspector is not handed the reset run again
    await popup.reload();
    await popup.waitForLoadState();
    // A wait, the only kind left in these tests: nothing marks that no more
    // will come from the other window (the adapter replays what it still
    // holds on every handshake, whenever that is handled), so no signal can
    // say the replay did not happen. A sound build passes it however long.
    await page.waitForTimeout(1000);
    expect(await popup.getByRole('cell', { name: 'eni', exact: true }).count()).toBe(0);
    // a run reset at once, before its events were all sent, does not come back either
    await page.evaluate(async () => {
      document.getElementById('run')!.click();
      // Reset is offered from the next frame on
      await new Promise(requestAnimationFrame);
      document.getElementById('reset')!.click();
    });
    await page.waitForTimeout(1500);
    expect(await popup.getByRole('cell', { name: 'eni', exact: true }).count()).toBe(0);
    // and the next run shows again
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => popup.getByRole('cell', { name: 'eni', exact: true }).count(), { timeout: 15_000 }).toBe(1);
    // another seed, other times: each entry shows its own run's time, never an earlier run's
    // (the machines send some events as one constant object)
    await page.getByLabel('Scenario JSON').fill(SCENARIO.replace('"seed": 42', '"seed": 7'));
    await expect.poll(() => page.locator('#clock').textContent()).toBe('t = 0.0 s');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => popup.locator('#log li.transition').filter({ hasText: 'task ACTIVATING → RUNNING' }).count(), { timeout: 15_000 }).toBe(1);
    const seconds = (entry: string) => {
      const m = /^(?:(\d+) min (\d+) s|(\d+\.\d) s)/.exec(entry);
      return m ? (m[3] !== undefined ? Number(m[3]) : Number(m[1]) * 60 + Number(m[2])) : NaN;
    };
    const times = (await popup.locator('#log li').allTextContents()).map(seconds).filter((t) => !Number.isNaN(t));
    expect(times.length).toBeGreaterThan(10);
    expect(times.filter((t, i) => i > 0 && t < times[i - 1]!)).toEqual([]);
    // the simulator page reloaded: the inspector says its run is the last, rather than "Connected."
    await page.reload();
    await expect.poll(() => popup.locator('#connection').textContent()).toBe(
      'The simulator page was closed or reloaded: this is its last run. Click Open inspector there to follow a new one.',
    );
    expect(await popup.locator('#log li.transition').filter({ hasText: 'task ACTIVATING → RUNNING' }).count()).toBe(1);
  });

  e2e('should list a run once in the inspector after switching to the hosted inspector and back', async () => {
    await runToRunning(page);
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('lastStatus: STOPPED');
    // (not watched: the hosted inspector is a request outside the origin, refused offline)
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open inspector' }).click()]);
    const stopped = () => popup.locator('#log li.transition').filter({ hasText: 'task DEPROVISIONING → STOPPED' }).count();
    await expect.poll(stopped, { timeout: 15_000 }).toBe(1);
    const hosted = page.getByLabel('Use Stately’s hosted inspector (online)');
    await hosted.check();
    await page.getByRole('button', { name: 'Open inspector' }).click();
    await expect.poll(() => popup.url()).not.toContain('inspector.html');
    await hosted.uncheck();
    await page.getByRole('button', { name: 'Open inspector' }).click();
    await expect.poll(() => popup.url()).toBe(`${app.url}inspector.html`);
    await expect.poll(stopped, { timeout: 15_000 }).toBe(1);
    // settled: the adapters replaced do not replay the run into the same window (a wait: see above)
    await page.waitForTimeout(1500);
    expect(await stopped()).toBe(1);
    const entries = await popup.locator('#log li').allTextContents();
    expect(entries.filter((x, i) => entries.indexOf(x) !== i)).toEqual([]);
  });

  e2e('should say so when the browser blocks the inspector’s window', async () => {
    // what a pop-up blocker does: window.open gives nothing
    await page.evaluate(() => (window.open = () => null));
    await page.getByRole('button', { name: 'Open inspector' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('The browser blocked the inspector’s window: allow pop-ups for this page, then Open inspector again.');
  });

  e2e('should show in the inspector a state the task passes through within one step, as its events do', async () => {
    // EC2 bridge, one essential container: when it exits, STOPPING has nothing
    // to signal and the task goes on to STOPPED in the same macrostep
    await page.getByLabel('Scenario JSON').fill(JSON.stringify({ taskDefinition: { family: 'e2e-ec2', containerDefinitions: [{ name: 'app', image: 'app:1', memory: 256 }] } }));
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: RUNNING');
    // paused: at max speed a busy machine could reach the run's end while the inspector opens
    await page.getByRole('button', { name: 'Pause' }).click();
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open inspector' }).click()]);
    pages.push({ page: popup, problems: watch(popup, origin()) });
    await popup.waitForLoadState();
    await page.getByRole('button', { name: 'Exit container' }).click();
    await page.getByRole('button', { name: 'Play' }).click();
    const transitions = popup.locator('#log li.transition');
    await expect.poll(() => transitions.filter({ hasText: 'task STOPPING → STOPPED' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await transitions.filter({ hasText: 'task RUNNING → STOPPING' }).count()).toBe(1);
    expect(await transitions.filter({ hasText: 'task RUNNING → STOPPED' }).count()).toBe(0);
    // the events panel says the same: STOPPING, then STOPPED
    expect(await page.locator('#events').textContent()).toMatch(/STOPPING[\s\S]*STOPPED/);
  });

  e2e('should say which faults went, and why, when a setting takes away what they act on', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    // a control taking the focus loads the draft at once (its redraw would move a box from under a click)
    await page.getByLabel('Target groups').focus();
    await page.getByRole('checkbox', { name: 'Target registration fails' }).check();
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('RegisterTargets');
    await page.getByRole('checkbox', { name: 'Cloud Map registration fails' }).check();
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('RegisterInstance');
    const targets = page.getByLabel('Target groups');
    await targets.fill('0');
    await targets.press('Tab');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('RegisterTargets fault removed: there is no target group left to register with.');
    await page.getByRole('checkbox', { name: 'Service discovery' }).uncheck();
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('RegisterInstance fault removed: there is no Cloud Map registry to register with.');
    // unticking takes the registry (and its fault) out of the text, so the text as it was is kept
    expect(await page.locator('#settings-message').textContent()).toContain('put aside, not lost');
    expect(await page.getByLabel('Scenario JSON').inputValue()).not.toContain('"step"');
  });

  e2e('should put the scenario aside when a network mode takes its port mappings, target group and registry with it, so choosing it back loses nothing', async () => {
    const json = page.getByLabel('Scenario JSON');
    await json.fill(SCENARIO);
    await page.getByLabel('Network mode').focus();
    await page.getByLabel('Network mode').selectOption('none');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('Network mode none: its containers have no network');
    expect(await page.locator('#settings-message').textContent()).toContain('Your scenario as it was is put aside, not lost');
    expect(await json.inputValue()).not.toContain('portMappings');
    // awsvpc again brings none of it back; the scenario put aside does
    await page.getByLabel('Network mode').selectOption('awsvpc');
    await expect.poll(() => json.inputValue()).toContain('"networkMode": "awsvpc"');
    expect(await json.inputValue()).not.toContain('targetGroupArn');
    const kept = await asideOptions();
    expect(kept).toHaveLength(1);
    await page.getByLabel('Preset').selectOption({ label: kept[0]! });
    await expect.poll(() => json.inputValue()).toBe(SCENARIO);
    // fewer target groups take the hand-written ARN with them: put aside too; a launch type that only sets values is not
    const targets = page.getByLabel('Target groups');
    await targets.fill('0');
    await targets.press('Tab');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('Your scenario as it was is put aside, not lost');
    expect(await json.inputValue()).not.toContain('targetGroupArn');
    // what the setting removed was said of the scenario it replaced: not of the one brought back
    await page.getByLabel('Preset').selectOption({ label: (await asideOptions())[0]! });
    await expect.poll(() => json.inputValue()).toBe(SCENARIO);
    await expect.poll(() => page.locator('#settings-message').textContent()).toBe('');
    await page.getByLabel('Launch type').selectOption('EC2');
    await expect.poll(() => json.inputValue()).toContain('"launchType": "EC2"');
    expect(await page.locator('#settings-message').textContent()).not.toContain('put aside');
  });

  e2e('should not claim a network mode change when a definition without networkMode moves between EC2 and ECS Anywhere', async () => {
    const json = page.getByLabel('Scenario JSON');
    await json.fill(JSON.stringify({ taskDefinition: { family: 'b', containerDefinitions: [{ name: 'b', image: 'busybox', memory: 128 }] }, launchType: 'EC2' }));
    await expect.poll(() => page.getByLabel('Launch type').inputValue()).toBe('EC2');
    await page.getByLabel('Launch type').selectOption('EXTERNAL');
    await expect.poll(() => json.inputValue()).toContain('"launchType": "EXTERNAL"');
    expect(await page.locator('#settings-message').textContent()).not.toContain('networkMode');
    // to Fargate it does change, and says from what
    await page.getByLabel('Launch type').selectOption('FARGATE');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('networkMode bridge changed to awsvpc: Fargate runs only awsvpc tasks.');
    expect(await page.locator('#settings-message').textContent()).toContain('cpu and memory set to');
  });

  e2e('should raise an alert naming the problem for malformed JSON and keep the last valid scenario', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByLabel('Scenario JSON').fill('{ "taskDefinition": ');
    const alert = page.locator('#scenario-alert');
    await expect.poll(() => alert.textContent(), { timeout: 3000 }).toMatch(/Scenario JSON|JSON/);
    expect(await alert.isVisible()).toBe(true);
    // the last valid scenario is still the one that runs
    await page.getByLabel('Speed').selectOption('max');
    expect(await page.getByLabel('Target groups').inputValue()).toBe('1');
    // a long file with its error near the top, scrolled to its end: the alert's button brings the caret to the place it names
    const json = page.getByLabel('Scenario JSON');
    // (a comma missing at the end of line 103: the parser stops at the next line's key)
    await json.fill('\n'.repeat(100) + SCENARIO.replace('"family": "e2e-web",', '"family": "e2e-web"') + '\n'.repeat(200));
    await json.evaluate((area: HTMLTextAreaElement) => (area.scrollTop = area.scrollHeight));
    const show = alert.getByRole('button', { name: /^Show line \d+$/ });
    await expect.poll(() => show.textContent()).toBe('Show line 104');
    await show.click();
    const caret = await json.evaluate((area: HTMLTextAreaElement) => {
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight);
      const line = area.value.slice(0, area.selectionStart).split('\n').length;
      return { line, inView: (line - 1) * lineHeight >= area.scrollTop && line * lineHeight <= area.scrollTop + area.clientHeight, focused: document.activeElement === area };
    });
    expect(caret).toEqual({ line: 104, inView: true, focused: true });
    // a minified definition above it is one line of many rows: the place is scrolled to still
    const minified = JSON.stringify({ ...FARGATE_LB_REGISTRY, taskDefinition: { ...FARGATE_LB_REGISTRY.taskDefinition, containerDefinitions: [{ ...FARGATE_LB_REGISTRY.taskDefinition.containerDefinitions[0], environment: Array.from({ length: 60 }, (_, i) => ({ name: `SETTING_${i}`, value: 'x'.repeat(30) })) }] } });
    await json.fill(`{\n"_": ${minified},\n"seed": 1\n"launchType": "FARGATE"\n}`);
    await expect.poll(() => show.textContent()).toBe('Show line 4');
    await show.click();
    const rows = await json.evaluate((area: HTMLTextAreaElement) => ({ top: area.scrollTop, line: parseFloat(getComputedStyle(area).lineHeight), height: area.clientHeight }));
    // line 4 sits below the many rows of line 2: scrolled well past where four unwrapped lines would put it
    expect(rows.top).toBeGreaterThan(4 * rows.line);
  });

  e2e('should load a draft typed a moment ago as soon as a setting takes the focus, so what is typed there is not undone', async () => {
    const json = page.getByLabel('Scenario JSON');
    await json.fill(SCENARIO);
    await expect.poll(() => page.getByLabel('Target groups').inputValue()).toBe('1');
    // typed, and the setting taken at once (before the editor's pause in typing has passed)
    await json.fill(SCENARIO.replace(/"loadBalancers": \[[^\]]*\],/, '"loadBalancers": [],'));
    const targets = page.getByLabel('Target groups');
    await targets.focus();
    // no poll: the draft is loaded by the focus itself, not later, while the person types there
    expect(await targets.inputValue()).toBe('0');
    await targets.fill('2');
    await targets.press('Tab');
    await expect.poll(async () => (JSON.parse(await json.inputValue()) as { loadBalancers: unknown[] }).loadBalancers.length).toBe(2);
    expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
  });

  e2e('should keep a draft the browser cannot store beside the scenario under it, and say so when it cannot store it at all', async () => {
    // a scenario of some 8,000 characters (its container's environment), larger than the preset shown first,
    // and storage for a little more than one copy of it
    const td = FARGATE_LB_REGISTRY.taskDefinition;
    const environment = Array.from({ length: 80 }, (_, i) => ({ name: `SETTING_${i}`, value: 'x'.repeat(20) }));
    const text = JSON.stringify({ ...FARGATE_LB_REGISTRY, taskDefinition: { ...td, containerDefinitions: [{ ...td.containerDefinitions[0], environment }] } }, null, 2);
    const limit = Math.round(JSON.stringify({ text }).length * 1.5);
    const small = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await small.addInitScript((max) => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (value.length > max) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        setItem.call(this, key, value);
      };
    }, limit);
    try {
      const p = await openApp(small);
      const json = p.getByLabel('Scenario JSON');
      await json.fill(text);
      await expect.poll(() => p.getByLabel('Preset').inputValue()).toBe('');
      // a draft over it: the two do not fit together, the draft alone does, and a reload brings it back
      const draft = text.replace('"seed": 42', '"seed": ');
      await json.fill(draft);
      await expect.poll(() => p.locator('#scenario-alert').isVisible()).toBe(true);
      await p.reload();
      await p.getByRole('group', { name: /Task statechart/ }).waitFor();
      await expect.poll(() => json.inputValue()).toBe(draft);
      await expect.poll(() => p.locator('#scenario-alert').isVisible()).toBe(true);
      expect(await p.locator('#notice').textContent()).not.toContain('too large');
      // one that does not fit at all: said, not lost quietly
      await json.fill(`${draft}${' '.repeat(limit)}`);
      await expect.poll(() => p.locator('#notice').textContent()).toMatch(/^This scenario \([\d.]+ million characters\) is too large for the browser's storage: a reload would not bring back what you type now\./);
      // and once it fits again, the warning goes
      await json.fill(draft);
      await expect.poll(() => p.locator('#notice').textContent()).toBe('');
    } finally {
      afterCurrent.push(() => small.close());
    }
  });

  e2e('should stop the task with the reason typed, and end a container with the exit code typed', async () => {
    await runToRunning(page);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByLabel('Stop reason').fill('Rotating credentials');
    await page.getByRole('button', { name: 'Stop task' }).click();
    const described = async () => JSON.parse((await page.locator('#describe').textContent())!) as { stopCode?: string; stoppedReason?: string; containers: { exitCode?: number }[] };
    await expect.poll(async () => (await described()).stoppedReason).toBe('Rotating credentials');
    expect((await described()).stopCode).toBe('UserInitiated');
    // a new task: its essential container ends by itself with the code typed
    await page.getByRole('button', { name: 'Reset' }).click();
    await runToRunning(page);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('#exit-code').fill('3');
    await page.getByRole('button', { name: 'Exit container' }).click();
    await expect.poll(async () => (await described()).containers[0]?.exitCode).toBe(3);
    expect((await described()).stopCode).toBe('EssentialContainerExited');
  });

  e2e('should add target groups and a registry in the region and account of a pasted describe-task-definition output', async () => {
    const json = page.getByLabel('Scenario JSON');
    const described = { taskDefinition: { taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/shop:7', family: 'shop', revision: 7, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'shop', image: 'nginx', portMappings: [{ containerPort: 80 }] }] } };
    await json.fill(JSON.stringify(described, null, 2));
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    await page.getByLabel('Target groups').fill('1');
    await page.getByLabel('Target groups').dispatchEvent('change');
    await page.getByRole('checkbox', { name: 'Service discovery' }).check();
    // ids in AWS's shapes: a Cloud Map service's srv- and 16 characters, a target group's 16 hex digits
    await expect.poll(() => json.inputValue()).toMatch(/"registryArn": "arn:aws:servicediscovery:eu-west-1:111122223333:service\/srv-[a-z0-9]{16}"/);
    expect(await json.inputValue()).toMatch(/"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup\/shop-1\/[0-9a-f]{16}"/);
    // unticked, the registry leaves no empty list behind
    await page.getByRole('checkbox', { name: 'Service discovery' }).uncheck();
    await expect.poll(() => json.inputValue()).not.toContain('serviceRegistries');
  });

  e2e('should take a setting back with Undo in the JSON box, and bring it again with Redo, the box and the controls agreeing', async () => {
    const json = page.getByLabel('Scenario JSON');
    const targets = page.getByLabel('Target groups');
    const definition = { family: 'shop', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'shop', image: 'nginx', portMappings: [{ containerPort: 80 }] }] };
    await json.fill(JSON.stringify(definition, null, 2));
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    await targets.fill('1');
    await targets.dispatchEvent('change');
    await expect.poll(() => json.inputValue()).toContain('targetgroup/shop-1/');
    // the browser's own Undo took back the edit in Target groups instead, and then glued two documents together
    await json.focus();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => json.inputValue()).toBe(JSON.stringify(definition, null, 2));
    await expect.poll(() => targets.inputValue()).toBe('0');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('scenario-json');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Shift+Z');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => json.inputValue()).toContain('targetgroup/shop-1/');
    await expect.poll(() => targets.inputValue()).toBe('1');
    expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
    // one document, the setting's rewrite of the pasted one
    expect(JSON.parse(await json.inputValue()).loadBalancers).toHaveLength(1);
  });

  e2e('should keep the scenario valid when the launch type is switched, leaving the preset behind', async () => {
    await page.getByLabel('Preset').selectOption('spot-interruption');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('FARGATE_SPOT');
    let first = true;
    for (const launch of ['EC2', 'EXTERNAL', 'FARGATE', 'EC2']) {
      await page.getByLabel('Launch type').selectOption(launch);
      await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain(`"launchType": "${launch}"`);
      expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
      // what a guided scenario was about does not vanish unannounced
      if (launch === 'EC2' && first) {
        await expect.poll(() => page.locator('#settings-message').textContent()).toContain('SpotInterruption removed from the timeline');
        // the definition is rewritten too, and the message says so
        expect(await page.locator('#settings-message').textContent()).toContain('requiresCompatibilities ["FARGATE"] changed to ["EC2"]: ECS runs a task only on a launch type its definition lists');
      }
      first = false;
      if (launch === 'EXTERNAL') {
        await expect.poll(() => page.locator('#settings-message').textContent()).toContain('loadBalancers removed: ECS Anywhere (EXTERNAL) supports neither');
        expect(await page.locator('#settings-message').textContent()).toContain('networkMode awsvpc changed to bridge: ECS Anywhere does not run awsvpc.');
        expect(await page.getByLabel('Target groups').isDisabled()).toBe(true);
      }
      // every field the switch changes is named, not only what it removes
      if (launch === 'FARGATE') await expect.poll(() => page.locator('#settings-message').textContent()).toContain('networkMode bridge changed to awsvpc: Fargate runs only awsvpc tasks.');
    }
    // no Spot notice off Fargate, and the guided narrative no longer applies
    expect(await page.getByLabel('Scenario JSON').inputValue()).not.toContain('SpotInterruption');
    // back and forth, the definition lists the launch type it runs on, not every one it was switched to
    expect(JSON.parse(await page.getByLabel('Scenario JSON').inputValue()).taskDefinition.requiresCompatibilities).toEqual(['EC2']);
    // ECS Anywhere took the load balancer away, and said so
    expect(await page.getByLabel('Scenario JSON').inputValue()).not.toContain('loadBalancers');
    expect(await page.getByLabel('Preset').inputValue()).toBe('');
    // the narrative stays, marked as edited: it is what the person was following
    expect(await page.locator('#narrative').textContent()).toMatch(/^Edited from the preset “/);
  });

  e2e('should list the notes one a line where a scenario earns several (one alone stays a sentence)', async () => {
    const json = page.getByLabel('Scenario JSON');
    await json.fill(JSON.stringify({ lanchType: 'EC2', taskDefinition: { family: 'two', networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image: 'app:1', memory: 256, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] } }));
    await expect.poll(() => page.locator('#scenario-warning li').count()).toBe(2);
    expect(await page.locator('#scenario-warning').textContent()).toMatch(/^Notes:/);
    expect(await page.locator('#scenario-warning li').first().textContent()).toContain('lanchType');
    await json.fill(JSON.stringify({ lanchType: 'EC2', taskDefinition: { family: 'one', containerDefinitions: [{ name: 'app', image: 'app:1', memory: 256 }] } }));
    await expect.poll(() => page.locator('#scenario-warning li').count()).toBe(0);
    expect(await page.locator('#scenario-warning').textContent()).toMatch(/^Note: .*lanchType/);
  });

  e2e('should note a key given twice, and keep the run through a blank line added above it (the note names another line, the scenario is the same)', async () => {
    const json = page.getByLabel('Scenario JSON');
    await json.fill(`{"seed": 1,\n"seed": 2, "taskDefinition": {"family": "twice", "containerDefinitions": [{"name": "app", "image": "app:1", "memory": 256}]}}`);
    await expect.poll(() => page.locator('#scenario-warning').textContent()).toContain('seed is given twice in one object (at line 1, column 2, and again at line 2, column 1)');
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const before = await page.locator('#clock').textContent();
    await json.fill(`\n${await json.inputValue()}`);
    await expect.poll(() => page.locator('#scenario-warning').textContent()).toContain('(at line 2, column 2, and again at line 3, column 1)');
    expect(await page.locator('#clock').textContent()).toBe(before);
    expect(await page.locator('#notice').textContent()).not.toContain('reset');
  });

  e2e('should keep the run through an edit that changes nothing, and drop the narrative when another task replaces the preset', async () => {
    await withPageClock();
    await page.getByLabel('Preset').selectOption('fargate-web');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('DEACTIVATING');
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const before = await page.locator('#clock').textContent();
    expect(before).not.toBe('t = 0.0 s');
    // a trailing space and a line break: the same scenario, so the same run and the same preset
    const json = page.getByLabel('Scenario JSON');
    await json.fill(`${await json.inputValue()} \n`);
    await letPageTimePass(page, 600);
    expect(await page.locator('#clock').textContent()).toBe(before);
    expect(await page.locator('#notice').textContent()).not.toContain('reset');
    expect(await page.getByLabel('Preset').inputValue()).toBe('fargate-web');
    // a link to it still names the preset (its narrative comes along)
    await page.getByRole('button', { name: 'Copy link' }).click();
    expect(await page.getByLabel('Share link').inputValue()).toContain('preset=fargate-web');
    // readable on the dark bar: the box's text is not the bar's white on its own white (light scheme)
    const [ink, paper] = await page.getByLabel('Share link').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(ink).not.toBe(paper);
    // a Stop task goes into the link's timeline: the preset's own scenario no more, so the link does not name it
    // (a page opened on it would not take the preset: its text differs), only as what it is an edit of
    await page.getByRole('button', { name: 'Stop task' }).click();
    await page.getByRole('button', { name: 'Copy link' }).click();
    const stopped = new URL(await page.getByLabel('Share link').inputValue());
    expect(stopped.hash).not.toContain('preset=');
    expect(new URLSearchParams(stopped.hash.slice(1)).get('editedFrom')).toBe('fargate-web');
    expect(Buffer.from(new URLSearchParams(stopped.hash.slice(1)).get('scenario')!, 'base64url').toString()).toContain('"action":"StopTask"');
    // the same task edited: the narrative stays, marked; another task pasted over it: it goes
    await json.fill((await json.inputValue()).replace('"deregistrationDelaySeconds": 300', '"deregistrationDelaySeconds": 30'));
    await expect.poll(() => page.locator('#narrative').textContent()).toMatch(/^Edited from the preset “/);
    expect(await page.getByLabel('Preset').inputValue()).toBe('');
    // and so it stays after a reload
    await page.reload();
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => page.locator('#narrative').textContent()).toMatch(/^Edited from the preset “Fargate web task/);
    expect(await json.inputValue()).toContain('"deregistrationDelaySeconds": 30');
    await json.fill(JSON.stringify({ family: 'other', containerDefinitions: [{ name: 'app', image: 'app:1', memory: 256 }] }));
    await expect.poll(() => page.locator('#narrative').textContent()).toBe('');
    // gone for good: a reload does not bring it back
    await page.reload();
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => json.inputValue()).toContain('"family":"other"');
    await settled(page);
    expect(await page.locator('#narrative').textContent()).toBe('');
    // another preset of the same family pasted over one: its narrative goes too
    await page.getByLabel('Preset').selectOption('service-rolling');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('revision');
    const breaker = JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/service-circuit-breaker.json'), 'utf8'));
    await json.fill(JSON.stringify({ ...breaker, seed: 99 }));
    await expect.poll(() => page.locator('#narrative').textContent()).toBe('');
    // and pasted as it is, it is that preset, with its own narrative
    await json.fill(JSON.stringify(breaker, null, 1));
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('service-circuit-breaker');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('circuit breaker');
  });

  e2e('should put the person’s own scenarios aside when presets replace them, and bring each back as it was, drafts included', async () => {
    const json = page.getByLabel('Scenario JSON');
    const preset = page.getByLabel('Preset');
    await json.fill(SCENARIO);
    await expect.poll(() => preset.inputValue()).toBe('');
    await preset.selectOption('eni-timeout');
    await expect.poll(() => json.inputValue()).toContain('AttachEni');
    expect(await page.locator('#notice').textContent()).toContain('put aside, not lost');
    expect(await asideOptions()).toEqual([expect.stringMatching(/^“e2e-web”, put aside at \d\d:\d\d:\d\d$/)]);
    // the preset edited is the person's too: another preset puts it aside beside the first
    await json.fill((await json.inputValue()).replace(/"seed": \d+/, '"seed": 77'));
    await expect.poll(() => preset.inputValue()).toBe('');
    await preset.selectOption('fargate-web');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('DEACTIVATING');
    expect(await asideOptions()).toHaveLength(2);
    // the first one back, exactly; the preset shown is not the person's, so nothing more is put aside
    await preset.selectOption({ label: (await asideOptions()).find((o) => o.startsWith('“e2e-web”'))! });
    await expect.poll(() => json.inputValue()).toBe(SCENARIO);
    expect(await page.locator('#notice').textContent()).toBe('Your scenario is back.');
    expect(await preset.inputValue()).toBe('');
    expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
    await expect.poll(() => page.getByLabel('Target groups').inputValue()).toBe('1');
    expect(await asideOptions()).toHaveLength(1);
    // a draft that does not parse yet comes back as it was, over the scenario it was typed on, and survives a reload
    const draft = SCENARIO.replace('"seed": 42', '"seed": ');
    await json.fill(draft);
    await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(true);
    await preset.selectOption('eni-timeout');
    await expect.poll(() => json.inputValue()).toContain('AttachEni');
    await expect.poll(() => page.getByLabel('Target groups').inputValue()).toBe('0');
    await preset.selectOption({ label: (await asideOptions()).find((o) => o.startsWith('a draft that does not parse yet'))! });
    await expect.poll(() => json.inputValue()).toBe(draft);
    await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(true);
    await expect.poll(() => page.getByLabel('Target groups').inputValue()).toBe('1');
    await page.reload();
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => json.inputValue()).toBe(draft);
    await expect.poll(() => page.getByLabel('Target groups').inputValue()).toBe('1');
    // (the picker lists them once the presets have loaded, after the text area)
    await expect.poll(async () => (await asideOptions()).length).toBe(1);
  });

  e2e('should say, bringing a scenario back, that the one it replaces is put aside (not "your own", which is the one coming back)', async () => {
    const json = page.getByLabel('Scenario JSON');
    const preset = page.getByLabel('Preset');
    await json.fill(SCENARIO);
    await expect.poll(() => preset.inputValue()).toBe('');
    await preset.selectOption('eni-timeout');
    await expect.poll(async () => (await asideOptions()).length).toBe(1);
    const other = (await json.inputValue()).replace(/"seed": \d+/, '"seed": 78');
    await json.fill(other);
    await expect.poll(() => preset.inputValue()).toBe('');
    await preset.selectOption({ label: (await asideOptions())[0]! });
    await expect.poll(() => json.inputValue()).toBe(SCENARIO);
    expect(await page.locator('#notice').textContent()).toMatch(/^Your scenario is back\. The scenario it replaces is put aside, not lost: pick it under Preset/);
  });

  e2e('should keep five put aside, say which one goes, never drop one to bring another back, and put aside what a shared link replaces', async () => {
    const json = page.getByLabel('Scenario JSON');
    const preset = page.getByLabel('Preset');
    const own = (family: string) => SCENARIO.replace('"e2e-web"', `"${family}"`);
    for (const [i, family] of ['f1', 'f2', 'f3', 'f4', 'f5'].entries()) {
      await json.fill(own(family));
      await expect.poll(() => preset.inputValue()).toBe('');
      await preset.selectOption(i % 2 ? 'eni-timeout' : 'fargate-web');
      await expect.poll(async () => (await asideOptions()).length).toBe(i + 1);
    }
    // the same preset with a space added is still the preset: nothing of the person's to keep
    await json.fill(`${await json.inputValue()} `);
    await preset.selectOption('image-pull-fails');
    await expect.poll(() => json.inputValue()).toContain('PullImage');
    expect(await asideOptions()).toHaveLength(5);
    // bringing one back with five kept pushes none out: it leaves the list as the text it replaces joins it
    await json.fill(own('f6'));
    await expect.poll(() => preset.inputValue()).toBe('');
    await preset.selectOption({ label: (await asideOptions()).find((o) => o.startsWith('“f4”'))! });
    await expect.poll(() => json.inputValue()).toBe(own('f4'));
    expect((await asideOptions()).map((o) => o.split(',')[0])).toEqual(['“f6”', '“f5”', '“f3”', '“f2”', '“f1”']);
    // a sixth pushes the oldest out, and the notice names it
    await preset.selectOption('fargate-web');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/The oldest put aside, “f1”, put aside at [\d:]+, is dropped: 5 are kept\./);
    expect((await asideOptions()).map((o) => o.split(',')[0])).toEqual(['“f4”', '“f6”', '“f5”', '“f3”', '“f2”']);
    // a shared link opened over the person's own text puts it aside too
    await page.getByRole('button', { name: 'Copy link' }).click();
    const url = await page.getByLabel('Share link').inputValue();
    await json.fill(own('f7'));
    await expect.poll(() => preset.inputValue()).toBe('');
    // pasted into this tab's address bar: only the hash changes, and the page loads it
    await page.goto(url);
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('The link’s scenario is shown; yours is put aside, not lost');
    await expect.poll(async () => (await asideOptions())[0]?.split(',')[0]).toBe('“f7”');
  });

  e2e('should keep as the person’s an edit reloaded before the page applied it, and a draft a shared link replaces', async () => {
    const json = page.getByLabel('Scenario JSON');
    const preset = page.getByLabel('Preset');
    await expect.poll(() => preset.inputValue()).toBe('fargate-web');
    // an edit saved as it is typed, and the page reloaded within the editor's pause
    const edited = (await json.inputValue()).replace('"seed": 1', '"seed": 99');
    expect(edited).not.toBe(await json.inputValue());
    await json.fill(edited);
    await page.reload();
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => json.inputValue()).toBe(edited);
    await expect.poll(() => preset.inputValue()).toBe('');
    await preset.selectOption('eni-timeout');
    await expect.poll(() => json.inputValue()).toContain('AttachEni');
    expect(await asideOptions()).toHaveLength(1);
    // a draft typed over a preset, replaced by a shared link: put aside too
    await page.getByRole('button', { name: 'Copy link' }).click();
    const url = await page.getByLabel('Share link').inputValue();
    const draft = (await json.inputValue()).replace('"AttachEni"', '"AttachEni",,');
    await json.fill(draft);
    await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(true);
    await page.goto(url);
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('The link’s scenario is shown; yours is put aside, not lost');
    expect(await asideOptions()).toHaveLength(2);
  });

  e2e('should keep the person’s scenario when a shared link opens while the presets cannot load, and a preset whose file fails as it was', async () => {
    const json = page.getByLabel('Scenario JSON');
    const preset = page.getByLabel('Preset');
    await expect.poll(() => preset.inputValue()).toBe('fargate-web');
    await page.getByRole('button', { name: 'Copy link' }).click();
    const url = await page.getByLabel('Share link').inputValue();
    // the preset's file fails once: the untouched preset is still the preset, narrative and all
    await page.route('**/scenarios/fargate-web.json', (r) => r.abort());
    await page.reload();
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => preset.inputValue()).toBe('fargate-web');
    // but its text is not known to be the preset's: a preset picked now puts it aside, never drops it
    await preset.selectOption('eni-timeout');
    await expect.poll(() => json.inputValue()).toContain('AttachEni');
    await expect.poll(() => page.locator('#notice').textContent()).toContain('put aside, not lost');
    await page.unroute('**/scenarios/fargate-web.json');
    // the person's own scenario, then a shared link opened while no preset can load
    await json.fill(SCENARIO);
    await expect.poll(() => preset.inputValue()).toBe('');
    await page.route('**/scenarios/**', (r) => r.abort());
    await page.goto(url);
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Presets unavailable');
    expect(await page.locator('#notice').textContent()).toContain('yours is put aside, not lost');
    expect(await page.evaluate(() => JSON.stringify(localStorage))).toContain('e2e-web');
    // the failed loads this test caused are the only errors the page saw
    const mine = pages.find((p) => p.page === page)!;
    expect(mine.problems.every((x) => /Failed to load resource: net::ERR_FAILED/.test(x))).toBe(true);
    mine.problems.length = 0;
  });

  e2e('should label a ticked fault by what the JSON says, and say why a task held for good does not move', async () => {
    await page.getByLabel('Preset').selectOption('stuck-deprovisioning');
    await expect.poll(() => page.getByLabel('ENI held until 30 min into the run (IAM role deleted)').isChecked()).toBe(true);
    // what the narrative asks for: remove restoredAfterSeconds
    const json = page.getByLabel('Scenario JSON');
    await json.fill((await json.inputValue()).replace(', "restoredAfterSeconds": 1800', ''));
    await expect.poll(() => page.getByLabel('ENI held for good (IAM role deleted)').isChecked()).toBe(true);
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 5000 })
      .toContain('lastStatus: DEPROVISIONING · desiredStatus: STOPPED · stopCode: UserInitiated · nothing scheduled: ECS cannot detach or delete the ENI');
  });

  e2e('should show a pull fault given by image on the container that has the image, and untick it there', async () => {
    const two = { ...FARGATE_LB_REGISTRY, taskDefinition: { ...FARGATE_LB_REGISTRY.taskDefinition, containerDefinitions: [...FARGATE_LB_REGISTRY.taskDefinition.containerDefinitions, { name: 'side', image: 'registry.example/side:1', essential: false }] }, faults: [{ step: 'PullImage', image: 'registry.example/side:1' }] };
    const json = page.getByLabel('Scenario JSON');
    await json.fill(JSON.stringify(two));
    const box = page.getByRole('checkbox', { name: 'Image pull fails', exact: true });
    await expect.poll(() => page.getByLabel('Container', { exact: true }).locator('option').count()).toBe(2);
    expect(await box.isChecked()).toBe(false);
    // unticked for this container, but said: the run would fail on a fault no box shows
    const elsewhere = page.locator('#faults-elsewhere');
    await expect.poll(() => elsewhere.textContent()).toBe('Also set, on other containers: side image pull fails. Pick one under Container to change it.');
    expect(await elsewhere.isVisible()).toBe(true);
    await page.getByLabel('Container', { exact: true }).selectOption('side');
    await expect.poll(() => box.isChecked()).toBe(true);
    await expect.poll(() => elsewhere.isVisible()).toBe(false);
    await box.uncheck();
    await expect.poll(() => json.inputValue()).not.toContain('PullImage');
  });

  e2e('should name the field of an invalid scenario', async () => {
    const bad = { ...FARGATE_LB_REGISTRY, loadBalancers: [{ ...FARGATE_LB_REGISTRY.loadBalancers[0], containerName: 'nope' }] };
    await page.getByLabel('Scenario JSON').fill(JSON.stringify(bad));
    await expect.poll(() => page.locator('#scenario-alert').textContent(), { timeout: 3000 }).toContain('loadBalancers[0].containerName');
  });

  e2e('should say, when a change resets the run, that the Stop task pressed in it went with it', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByLabel('Speed').selectOption('60');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('lastStatus: RUNNING');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Stop task' }).click();
    await page.getByRole('checkbox', { name: 'Container ignores SIGTERM' }).check();
    await expect
      .poll(() => page.locator('#notice').textContent())
      .toMatch(/^The scenario changed, so the run was reset \(virtual clock back to 0\): settings and faults apply from the start\. Gone with it: your Stop task at (\d+ min )?[\d.]+ s\. Press Run task to run it with the change\.$/);
  });

  e2e('should press Stop task on Enter in its reason box, and Exit container on Enter in the exit code', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    const reason = page.getByLabel('Stop reason');
    // no task yet: Enter says why nothing happens
    await reason.fill('deploy v2');
    await reason.press('Enter');
    await expect.poll(() => page.locator('#notice').textContent()).toBe('Stop task: no task yet: press Run task first.');
    await page.getByLabel('Speed').selectOption('60');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('lastStatus: RUNNING');
    await page.getByRole('button', { name: 'Pause' }).click();
    await reason.press('Enter');
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('stopCode: UserInitiated');
    expect(JSON.parse((await page.locator('#describe').textContent())!).stoppedReason).toBe('deploy v2');
    // the task is STOPPED: Enter in the exit code says why nothing is sent
    await page.locator('#exit-code').press('Enter');
    await expect.poll(() => page.locator('#notice').textContent()).toBe('Exit container: the task is STOPPED.');
  });

  e2e('should show tenths on the clock while paused past two minutes, the moment a step says and a press is stamped with', async () => {
    await page.getByLabel('Preset').selectOption('fargate-web');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('StopTask');
    const step = page.getByRole('button', { name: 'Step', exact: true });
    const clock = () => page.locator('#clock').textContent();
    // the registry is deregistered at 601.589 s: a step lands there, paused
    // (each step painted before the clock is read: a stale reading would step past the moment)
    for (let i = 0; i < 60 && (await clock()) !== 't = 10 min 01.6 s'; i++) await step.click(), await painted(page);
    expect(await clock()).toBe('t = 10 min 01.6 s');
    await expect.poll(() => page.locator('#said').textContent()).toMatch(/^t = 10 min 01\.6 s: /);
    // played, the clock ticks in whole seconds again
    await page.getByLabel('Speed').selectOption('1');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(clock).toMatch(/^t = 10 min \d\d s$/);
  });

  e2e('should keep a fault box ticked at once after typing, though loading the typed text moves the page', async () => {
    await page.getByLabel('Preset').selectOption('fargate-web');
    const json = page.getByLabel('Scenario JSON');
    await expect.poll(() => json.inputValue()).toContain('"seed": 1');
    // an edit leaves the preset: its story above gains a line as the draft loads, on the box's press
    await json.fill((await json.inputValue()).replace('"seed": 1', '"seed": 7'));
    const box = page.getByRole('checkbox', { name: 'Container ignores SIGTERM' });
    await box.click();
    await expect.poll(() => json.inputValue()).toContain('StopContainer');
    expect(await json.inputValue()).toContain('"seed": 7');
    expect(await box.isChecked()).toBe(true);
  });

  e2e('should keep the scenario after a reload', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByLabel('Speed').selectOption('60');
    // the text area applies input after a short pause, then saves it
    await expect.poll(() => page.evaluate(() => JSON.stringify(localStorage))).toContain('e2e-web');
    await page.reload();
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    expect(await page.getByLabel('Scenario JSON').inputValue()).toContain('e2e-web');
    expect(await page.getByLabel('Speed').inputValue()).toBe('60');
  });

  e2e('should keep a draft that does not parse yet after a reload, with its alert', async () => {
    const draft = SCENARIO.replace('"family": "e2e-web",', '"family": "e2e-draft",,');
    await page.getByLabel('Scenario JSON').fill(draft);
    await expect.poll(() => page.locator('#scenario-alert').textContent(), { timeout: 3000 }).toContain('Scenario JSON');
    // as often as one reloads
    for (let i = 0; i < 2; i++) {
      await page.reload();
      await page.getByRole('group', { name: /Task statechart/ }).waitFor();
      expect(await page.getByLabel('Scenario JSON').inputValue()).toBe(draft);
      await expect.poll(() => page.locator('#scenario-alert').textContent(), { timeout: 3000 }).toContain('Scenario JSON');
      // the last valid scenario is loaded under it: its containers and side steps are there
      expect(await page.locator('#exit-container option').allTextContents()).toEqual(['web']);
      expect(await page.locator('#children').textContent()).toContain('eni');
    }
    // typed over the preset, it is the person's: a preset picked now puts it aside (a reviewer lost it this way)
    const preset = page.getByLabel('Preset');
    await preset.selectOption('eni-timeout');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('AttachEni');
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Your own scenario is put aside, not lost');
    const kept = await preset.locator('optgroup[label="Put aside (yours)"] option').allTextContents();
    expect(kept).toHaveLength(1);
    await preset.selectOption({ label: kept[0]! });
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toBe(draft);
  });

  e2e('should show Custom in the preset list once a draft that does not parse is typed over the preset, so picking the preset brings it back', async () => {
    const json = page.getByLabel('Scenario JSON');
    const preset = page.getByLabel('Preset');
    await expect.poll(() => preset.inputValue()).toBe('fargate-web');
    const own = await json.inputValue();
    // a draft: not the preset any more, though the page still runs the preset's scenario under it
    await json.fill(own.replace('"seed": 1', '"seed": '));
    await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(true);
    await expect.poll(() => preset.inputValue()).toBe('');
    // typed back to the preset's scenario: the preset again
    await json.fill(own);
    await expect.poll(() => page.locator('#scenario-alert').isVisible()).toBe(false);
    await expect.poll(() => preset.inputValue()).toBe('fargate-web');
    // a draft again, and a reload: still Custom
    const draft = own.replace('"seed": 1', '"seed": 1,,');
    await json.fill(draft);
    await expect.poll(() => preset.inputValue()).toBe('');
    await page.reload();
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => json.inputValue()).toBe(draft);
    await expect.poll(() => preset.inputValue()).toBe('');
    // picking the preset is now a change of the list: it loads, the draft put aside
    await preset.selectOption('fargate-web');
    await expect.poll(() => json.inputValue()).toBe(own);
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Your own scenario is put aside, not lost');
  });

  e2e('should name the preset again when a setting is undone and the scenario is the preset\'s once more', async () => {
    const preset = page.getByLabel('Preset');
    const narrative = () => page.locator('#narrative').textContent();
    await expect.poll(() => preset.inputValue()).toBe('fargate-web');
    await expect.poll(narrative).toMatch(/^A Fargate task with a load balancer target group/);
    const box = page.getByRole('checkbox', { name: 'Image pull fails', exact: true });
    await box.check();
    await expect.poll(() => preset.inputValue()).toBe('');
    await expect.poll(narrative).toMatch(/^Edited from the preset/);
    await box.uncheck();
    await expect.poll(() => preset.inputValue()).toBe('fargate-web');
    await expect.poll(narrative).toMatch(/^A Fargate task with a load balancer target group/);
    // and a link copied now names it (the page spaced the JSON its own way: the same scenario)
    await page.getByRole('button', { name: 'Copy link' }).click();
    expect(await page.getByLabel('Share link').inputValue()).toMatch(/[#&]preset=fargate-web\b/);
  });

  e2e('should say, after a reload, that the run on screen is gone and how to run it again, once', async () => {
    const notice = () => page.locator('#notice').textContent();
    const reload = async () => (await page.reload(), await page.getByRole('group', { name: /Task statechart/ }).waitFor());
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.locator('#clock').textContent()).not.toBe('t = 0.0 s');
    await reload();
    await expect.poll(notice).toMatch(/^The run on screen before the reload is gone \(a run lives in the page; .*\): Run task runs it again from 0/);
    // put away at the first change the person makes: it is about the page before the reload
    await page.getByLabel('Stop reason').fill('scaling in');
    await expect.poll(notice).toBe('');
    await page.getByLabel('Stop reason').fill('');
    // said once: a reload with no run says nothing of one
    await reload();
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('fargate-web');
    expect(await notice()).toBe('');
    // a run reset is no run: nothing lost
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Reset' }).click();
    await reload();
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('fargate-web');
    expect(await notice()).toBe('');
  });

  e2e('should take the deregistration delay away with the last target group, saying so, rather than leave a note only the JSON could answer', async () => {
    const json = page.getByLabel('Scenario JSON');
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('fargate-web');
    expect(await json.inputValue()).toContain('"deregistrationDelaySeconds"');
    const targets = page.getByLabel('Target groups');
    await targets.fill('0');
    await targets.press('Tab');
    await expect.poll(() => json.inputValue()).not.toContain('"targetGroupArn"');
    expect(await json.inputValue()).not.toContain('"deregistrationDelaySeconds"');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('settings.deregistrationDelaySeconds removed with the target groups');
    // and nothing for the person to fix by hand
    expect(await page.locator('#scenario-warning').isHidden()).toBe(true);
    expect(await page.getByLabel('Deregistration delay (s)').isDisabled()).toBe(true);
  });

  e2e('should say a preset picked over a run reset it, as a choice rather than a change, and say nothing of it once the next run starts', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByLabel('Preset').selectOption({ label: 'A container ignores SIGTERM' });
    const notice = page.locator('#notice');
    // (the scenario it replaces is put aside, and said after)
    await expect.poll(() => notice.textContent()).toMatch(/^Another scenario is loaded, so the run was reset \(virtual clock back to 0\)\. Press Run task to run it\./);
    expect(await notice.getAttribute('data-tone')).toBeNull();
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.locator('#clock').textContent()).not.toBe('t = 0.0 s');
    expect(await notice.textContent()).toBe('');
  });

  e2e('should say that Resume, pressed as a setting typed into the paused run applies, starts a new run with the change', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByLabel('Deregistration delay (s)').fill('30');
    // the press takes the focus from the field: the setting applies, which resets the run, then the press starts a new one
    await page.getByRole('button', { name: 'Resume task' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('The scenario changed, so the run was reset: this is a new run, from 0, with the change (settings and faults apply from the start).');
    expect(await page.locator('#notice').getAttribute('data-tone')).toBe('warn');
    expect(await page.getByLabel('Scenario JSON').inputValue()).toContain('"deregistrationDelaySeconds": 30');
    // said for the start of the run: gone once the task moves on (a persona found it on screen 45 h into a run)
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).not.toContain('lastStatus: PROVISIONING');
    await expect.poll(() => page.locator('#notice').textContent()).toBe('');
    // a run started with nothing changed has nothing to say
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Run task' }).click();
    expect(await page.locator('#notice').textContent()).toBe('');
  });

  e2e('should offer the Spot interruption to Fargate tasks only', async () => {
    await page.getByLabel('Scenario JSON').fill(JSON.stringify({ taskDefinition: { family: 'e2e-ec2', containerDefinitions: [{ name: 'app', image: 'app:1', memory: 256 }] } }));
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Stop task' }).isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: 'Spot interruption' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Spot interruption' }).getAttribute('title')).toContain('launchType is EC2');
    // off, it is still reached by the keyboard, and pressing it says why
    await page.getByRole('button', { name: 'Spot interruption' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^Spot interruption is off: .*launchType is EC2/);
    expect(await page.getByRole('status').textContent()).toContain('desiredStatus: RUNNING');
    await page.getByRole('button', { name: 'Reset' }).click();
    // launchType FARGATE runs on-demand: no Spot notice can come
    await runToRunning(page);
    expect(await page.getByRole('button', { name: 'Spot interruption' }).isDisabled()).toBe(true);
    // and the setting that puts it on Fargate Spot is named, not only the JSON
    expect(await page.getByRole('button', { name: 'Spot interruption' }).getAttribute('title')).toMatch(/launchType FARGATE runs on-demand.*\(the settings' capacity provider FARGATE_SPOT writes it\)$/);
    await page.getByRole('button', { name: 'Reset' }).click();
    const { launchType: _, ...onSpot } = { ...FARGATE_LB_REGISTRY, capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] };
    await page.getByLabel('Scenario JSON').fill(JSON.stringify(onSpot));
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: RUNNING');
    expect(await page.getByRole('button', { name: 'Spot interruption' }).isDisabled()).toBe(false);
    expect(await page.getByLabel('Launch type').inputValue()).toBe('FARGATE_SPOT');
    // AWS has no Spot launch type: the picker is named for both, and says which is which
    expect(await page.getByLabel('Launch type or capacity provider', { exact: true }).getAttribute('title')).toContain('FARGATE_SPOT is a capacity provider, not a launch type');
    // a Spot notice to a task already stopping is taken, and changes how it stops: the page says how
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Stop task' }).click();
    await page.getByRole('button', { name: 'Spot interruption' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('the task is already stopping (UserInitiated, which stays)');
    await page.getByRole('button', { name: 'Reset' }).click();
    // neither launch type nor strategy: its events say FARGATE, on-demand, so no notice can come now
    const { launchType: __, ...byDefault } = FARGATE_LB_REGISTRY;
    await page.getByLabel('Scenario JSON').fill(JSON.stringify(byDefault));
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: RUNNING');
    expect(await page.getByRole('button', { name: 'Spot interruption' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Spot interruption' }).getAttribute('title')).toContain('this one runs on-demand');
    // the picker puts it on Fargate Spot, as a capacity provider strategy
    await page.getByLabel('Launch type').selectOption('FARGATE_SPOT');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('"capacityProvider": "FARGATE_SPOT"');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: RUNNING');
    expect(await page.getByRole('button', { name: 'Spot interruption' }).isDisabled()).toBe(false);
  });

  e2e("should say why an action changed nothing, until the task moves on", async () => {
    await withPageClock();
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByLabel('Speed').selectOption('10');
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Exit container' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^ContainerExit ignored: container web has not started yet \(its lastStatus PENDING: /);
    // it stays while the task stays where it was (frames go by), and goes once the task moves on
    await letPageTimePass(page, 300);
    expect(await page.locator('#notice').textContent()).toMatch(/^ContainerExit ignored/);
    await page.getByRole('button', { name: 'Play' }).click();
    expect(await page.locator('#notice').textContent()).toMatch(/^ContainerExit ignored/);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).not.toContain('lastStatus: PROVISIONING');
    await expect.poll(() => page.locator('#notice').textContent()).toBe('');
  });

  e2e('should keep a finished run on screen, and say why a task with nothing scheduled does not move', async () => {
    await runToRunning(page);
    // RUNNING with nothing scheduled: the page is not frozen, the task waits for the person
    await expect.poll(() => page.getByRole('status').textContent()).toContain('nothing scheduled: the task stays RUNNING until you act');
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: STOPPED');
    // the timeline shows the state the run ended in, named, though it began the instant the clock stopped
    const timeline = page.getByRole('img', { name: 'Timeline of states in virtual time' });
    await expect.poll(() => timeline.locator('g.tl-bar').filter({ has: page.locator('title', { hasText: /^task STOPPED since/ }) }).locator('text').textContent()).toBe('STOPPED');
    // what the bars say on hover, as text for the keyboard and touch
    await page.locator('#timeline').getByText('The timeline as text').click();
    const asText = page.locator('#timeline .tl-list');
    await expect.poll(() => asText.textContent()).toMatch(/taskPROVISIONING from 0\.0 s for [\d.]+ s — /);
    // in the clock's words past two minutes
    expect(await asText.textContent()).toMatch(/STOPPED since \d+ min \d\d(\.\d)? s — /);
    const events = await page.locator('#events li').count();
    for (const button of ['Step', 'Play']) {
      await page.getByRole('button', { name: button, exact: true }).click();
      await expect.poll(() => page.locator('#notice').textContent()).toContain('The task is STOPPED, and a stopped task never runs again');
      expect(await page.getByRole('status').textContent()).toContain('lastStatus: STOPPED');
      expect(await page.locator('#events li').count()).toBe(events);
    }
  });

  e2e('should open a shared link with the same scenario in a fresh browser', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    expect(link).toContain('#scenario=');
    const fresh = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const other = await openApp(fresh, link);
      await expect.poll(() => other.getByLabel('Scenario JSON').inputValue()).toContain('e2e-web');
      await runToRunning(other);
    } finally {
      // its problems are checked after the test; keep the page open until then for the screenshot
      afterCurrent.push(() => fresh.close());
    }
  });

  e2e('should bring a guided scenario\'s narrative along in a shared link', async () => {
    await page.getByLabel('Preset').selectOption('ignores-sigterm');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('ignores SIGTERM');
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    const fresh = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const other = await openApp(fresh, link);
      await expect.poll(() => other.locator('#narrative').textContent()).toContain('ignores SIGTERM');
      expect(await other.getByLabel('Preset').inputValue()).toBe('ignores-sigterm');
      // a link naming that preset over another scenario is taken as that scenario alone
      const crafted = new URL(link);
      const other2 = await openApp(fresh, `${crafted.origin}${crafted.pathname}#scenario=${Buffer.from(SCENARIO).toString('base64url')}&preset=ignores-sigterm`);
      await expect.poll(() => other2.getByLabel('Scenario JSON').inputValue()).toContain('e2e-web');
      await expect.poll(() => other2.getByLabel('Preset').inputValue()).toBe('');
      await expect.poll(() => other2.locator('#narrative').textContent()).not.toContain('ignores SIGTERM');
      // nor when the preset's file cannot be fetched to check it: a link copied from there names no preset
      await fresh.route('**/scenarios/ignores-sigterm.json', (r) => r.abort());
      const other3 = await openApp(fresh, `${crafted.origin}${crafted.pathname}#scenario=${Buffer.from(SCENARIO).toString('base64url')}&preset=ignores-sigterm`);
      await expect.poll(() => other3.getByLabel('Scenario JSON').inputValue()).toContain('e2e-web');
      await settled(other3);
      expect(await other3.getByLabel('Preset').inputValue()).toBe('');
      await other3.getByRole('button', { name: 'Copy link' }).click();
      expect(await other3.getByLabel('Share link').inputValue()).not.toContain('preset=');
      // the failed fetch is this test's doing (as in the presets-cannot-load test)
      const mine = pages.find((p) => p.page === other3)!;
      expect(mine.problems.every((x) => /Failed to load resource: net::ERR_FAILED/.test(x))).toBe(true);
      mine.problems.length = 0;
    } finally {
      afterCurrent.push(() => fresh.close());
    }
  });

  e2e('should bring an edited preset\'s story along in a shared link, marked as edited, as the sender saw it', async () => {
    await page.getByLabel('Preset').selectOption('ignores-sigterm');
    await expect.poll(() => page.locator('#narrative').textContent()).toMatch(/^(?!Edited).*ignores SIGTERM/);
    const json = page.getByLabel('Scenario JSON');
    await json.fill((await json.inputValue()).replace('"at": 120', '"at": 150'));
    await expect.poll(() => page.locator('#narrative').textContent()).toMatch(/^Edited from the preset “.*ignores SIGTERM/);
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = new URL(await page.getByLabel('Share link').inputValue());
    expect(link.hash).toMatch(/&editedFrom=ignores-sigterm$/);
    const fresh = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const other = await openApp(fresh, link.href);
      await expect.poll(() => other.locator('#narrative').textContent()).toMatch(/^Edited from the preset “.*ignores SIGTERM/);
      expect(await other.getByLabel('Preset').inputValue()).toBe('');
      expect(await other.getByLabel('Scenario JSON').inputValue()).toContain('"at": 150');
      // the same mark over another task tells no story: it is not an edit of that preset
      const crafted = `${link.origin}${link.pathname}#scenario=${Buffer.from(SCENARIO).toString('base64url')}&editedFrom=ignores-sigterm`;
      const other2 = await openApp(fresh, crafted);
      await expect.poll(() => other2.getByLabel('Scenario JSON').inputValue()).toContain('e2e-web');
      await settled(other2);
      expect(await other2.locator('#narrative').textContent()).toBe('');
    } finally {
      afterCurrent.push(() => fresh.close());
    }
  });

  e2e('should refuse a link too long for a browser to open, and say to share the file', async () => {
    const timeline = Array.from({ length: 20_000 }, (_, i) => ({ at: 1000 + i, action: 'StopTask', reason: `stop number ${i} `.padEnd(80, '.') }));
    await page.getByLabel('Scenario JSON').fill(JSON.stringify({ ...JSON.parse(SCENARIO), timeline }));
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^This scenario is too large for a link \([\d,]+ thousand characters/);
    expect(await page.getByLabel('Share link').isHidden()).toBe(true);
  });

  e2e('should keep a draft that does not parse when a setting is used, and lock the settings until it parses', async () => {
    const json = page.getByLabel('Scenario JSON');
    const pullFails = page.getByRole('checkbox', { name: 'Image pull fails' });
    await json.fill(SCENARIO);
    await expect.poll(() => page.getByLabel('Target groups').inputValue()).toBe('1');
    // a container added with a stray comma, then a box ticked at once, before the draft is even parsed
    const draft = SCENARIO.replace('"containerDefinitions": [', '"containerDefinitions": [{ "name": "sidecar", "image": "envoy:1" },,');
    await json.fill(draft);
    await pullFails.click({ force: true });
    await expect.poll(() => page.locator('#scenario-alert').textContent(), { timeout: 3000 }).toContain('Scenario JSON');
    expect(await json.inputValue()).toBe(draft);
    // the settings wait for the fix, and say so
    expect(await pullFails.isDisabled()).toBe(true);
    expect(await pullFails.getAttribute('title')).toContain('Fix the scenario JSON first');
    expect(await page.getByLabel('Launch type').isDisabled()).toBe(true);
    expect(await page.getByText('Fix the scenario JSON first').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Run task' }).click();
    expect(await page.getByText('Fix the scenario first: the alert says what is wrong.').isVisible()).toBe(true);
    // fixed: the request to fix it goes, and the settings edit the fixed draft
    await json.fill(draft.replace(',,', ','));
    await expect.poll(() => pullFails.isDisabled(), { timeout: 3000 }).toBe(false);
    expect(await page.getByText('Fix the scenario first').count()).toBe(0);
    expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
    await pullFails.check();
    await expect.poll(() => json.inputValue()).toContain('PullImage');
    expect(await json.inputValue()).toContain('sidecar');
  });

  e2e('should offer the health check, target and Cloud Map faults only where they can happen', async () => {
    const json = page.getByLabel('Scenario JSON');
    const bare = { taskDefinition: { ...FARGATE_LB_REGISTRY.taskDefinition, containerDefinitions: [{ name: 'web', image: 'nginx:1.27' }] }, launchType: 'FARGATE' };
    await json.fill(JSON.stringify(bare));
    const box = (name: string) => page.getByRole('checkbox', { name });
    // not offered: greyed but focusable (aria-disabled), so a keyboard reaches it and hears why
    const off = (name: string) => box(name).evaluate((el) => el.getAttribute('aria-disabled') === 'true');
    await expect.poll(() => off('Target registration fails'), { timeout: 3000 }).toBe(true);
    expect(await box('Target registration fails').getAttribute('title')).toContain('target group');
    expect(await off('Cloud Map registration fails')).toBe(true);
    expect(await box('Cloud Map registration fails').getAttribute('title')).toContain('service discovery');
    expect(await off('Health checks fail')).toBe(true);
    expect(await box('Health checks fail').getAttribute('title')).toContain('healthCheck');
    // pressed anyway (Space): it stays unticked, the scenario unchanged, and the reason is said where the eye is
    const unchanged = await json.inputValue();
    await box('Target registration fails').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#settings-message').textContent()).toMatch(/^Target registration fails: not offered here\. .*target group/);
    expect(await box('Target registration fails').isChecked()).toBe(false);
    expect(await json.inputValue()).toBe(unchanged);

    // a target group makes both target faults possible; removing it takes its fault along
    await page.getByLabel('Target groups').fill('1');
    await page.getByLabel('Target groups').press('Tab');
    await expect.poll(() => off('Target registration fails')).toBe(false);
    expect(await off('Health checks fail')).toBe(false);
    await box('Target registration fails').check();
    await expect.poll(() => json.inputValue()).toContain('RegisterTargets');
    // a number no scenario can hold is refused and explained, never clamped
    const before = await json.inputValue();
    for (const [label, typed, says] of [
      ['Target groups', '6', 'Target groups must be a whole number from 0 to 5 (ECS allows 5 per service), got "6"'],
      ['Deregistration delay (s)', '-5', 'Deregistration delay must be a whole number from 0 to 3600 seconds, got "-5"'],
    ] as const) {
      await page.getByLabel(label).fill(typed);
      await page.getByLabel(label).press('Tab');
      await expect.poll(() => page.locator('#settings-message').textContent()).toContain(says);
      expect(await json.inputValue()).toBe(before);
      expect(await page.getByLabel(label).inputValue()).not.toBe(typed);
    }

    await page.getByLabel('Target groups').fill('0');
    await page.getByLabel('Target groups').press('Tab');
    await expect.poll(() => json.inputValue()).not.toContain('RegisterTargets');
    // nothing drains without a target group: the delay is not offered
    expect(await page.getByLabel('Deregistration delay (s)').isDisabled()).toBe(true);
    expect(await page.locator('#scenario-alert').isVisible()).toBe(false);

    await page.getByRole('checkbox', { name: 'Service discovery' }).check();
    await expect.poll(() => off('Cloud Map registration fails')).toBe(false);
    await box('Cloud Map registration fails').check();
    await expect.poll(() => json.inputValue()).toContain('RegisterInstance');

    // no load balancer, but a container with its own healthCheck: that check fails
    const checked = { ...bare, taskDefinition: { ...bare.taskDefinition, containerDefinitions: [{ name: 'web', image: 'nginx:1.27', healthCheck: { command: ['CMD-SHELL', 'true'] } }] } };
    await json.fill(JSON.stringify(checked));
    await expect.poll(() => off('Health checks fail'), { timeout: 3000 }).toBe(false);
    await box('Health checks fail').check();
    await expect.poll(() => json.inputValue()).toContain('"step": "HealthCheck"');
    expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
  });

  e2e('should show a task that waits for capacity starting in PROVISIONING before it runs', async () => {
    await page.getByLabel('Preset').selectOption('no-capacity');
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('PlaceTask');
    // bridge networking alone would start in PENDING; the wait for an instance happens in PROVISIONING
    const teaching = page.getByRole('region', { name: 'What ECS is doing' });
    await expect.poll(() => teaching.getByRole('heading', { name: /^PROVISIONING/ }).count()).toBe(1);
    const chart = page.getByRole('group', { name: /Task statechart/ });
    const dot = (await chart.locator('circle').boundingBox())!;
    const box = (name: string) => chart.locator(`[data-state="${name}"]`).boundingBox();
    const provisioning = (await box('PROVISIONING'))!;
    const pending = (await box('PENDING'))!;
    const distance = (b: { x: number; y: number }) => Math.hypot(dot.x - b.x, dot.y - b.y);
    expect(distance(provisioning)).toBeLessThan(distance(pending));
    expect(distance(provisioning)).toBeLessThan(30);
  });

  e2e('should say that the room fault moves an EC2 task onto a capacity provider, and move it back when unticked', async () => {
    const json = page.getByLabel('Scenario JSON');
    const nginx = JSON.parse(readFileSync(join(realworld, 'task-definitions/nginx_ec2.json'), 'utf8'));
    await json.fill(JSON.stringify({ taskDefinition: nginx, launchType: 'EC2' }, null, 2));
    await expect.poll(() => page.getByLabel('Launch type').inputValue()).toBe('EC2');
    const fault = page.getByRole('checkbox', { name: /No instance has room/ });
    await fault.check();
    await expect.poll(() => json.inputValue()).toContain('"capacityProvider": "nginx-asg"');
    expect(await json.inputValue()).not.toContain('"launchType"');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('now runs on the capacity provider nginx-asg (EC2), not launchType EC2');
    await fault.uncheck();
    await expect.poll(() => json.inputValue()).toContain('"launchType": "EC2"');
    expect(await json.inputValue()).not.toContain('capacityProviderStrategy');
    expect(await json.inputValue()).not.toContain('PlaceTask');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('Back on launchType EC2');
    // a task already on its own Auto Scaling group provider keeps it, ticked and unticked
    const own = [{ capacityProvider: 'prod-asg', weight: 1, base: 1 }];
    await json.fill(JSON.stringify({ taskDefinition: nginx, capacityProviderStrategy: own }, null, 2));
    // ticked at once, while the pasted text waits for the editor's pause: the tick must not be lost
    expect(await fault.isChecked()).toBe(false);
    await fault.check();
    await expect.poll(() => json.inputValue()).toContain('PlaceTask');
    expect(JSON.parse(await json.inputValue()).capacityProviderStrategy).toEqual(own);
    await fault.uncheck();
    await expect.poll(() => json.inputValue()).not.toContain('PlaceTask');
    expect(JSON.parse(await json.inputValue()).capacityProviderStrategy).toEqual(own);
    // the preset that waits for room keeps its provider when its fault is unticked
    await page.getByLabel('Preset').selectOption('no-capacity');
    await expect.poll(() => json.inputValue()).toContain('PlaceTask');
    const strategy = JSON.parse(await json.inputValue()).capacityProviderStrategy;
    await fault.uncheck();
    await expect.poll(() => json.inputValue()).not.toContain('PlaceTask');
    expect(JSON.parse(await json.inputValue()).capacityProviderStrategy).toEqual(strategy);
  });

  e2e('should treat a shared link cut short as damaged and keep the previous scenario', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    // the scenario the person had before opening the link: a guided preset
    await page.getByLabel('Preset').selectOption('ignores-sigterm');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('ignores SIGTERM');
    const previous = await page.getByLabel('Scenario JSON').inputValue();
    const [base, fragment] = link.split('#') as [string, string];
    for (const kept of [0.6, 0.95]) {
      const other = await openApp(context, `${base}#${fragment.slice(0, Math.floor(fragment.length * kept))}`);
      await expect.poll(() => other.getByText('The shared link is damaged (cut short?)').count()).toBe(1);
      expect(await other.getByLabel('Scenario JSON').inputValue()).toBe(previous);
      expect(await other.locator('#scenario-alert').isVisible()).toBe(false);
      await expect.poll(() => other.getByLabel('Preset').inputValue()).toBe('ignores-sigterm');
      expect(await other.locator('#narrative').textContent()).toContain('ignores SIGTERM');
    }
  });

  e2e('should paste thousands of lines at once, say so, and take it back with Undo as one step', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origin() });
    const area = page.getByLabel('Scenario JSON');
    const paste = async (text: string) => {
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await area.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+V');
    };
    // a timeline of 600 exits, one field a line: 4,000 lines or so (a generated test scenario)
    const timeline = Array.from({ length: 600 }, (_, i) => ({ at: 700 + i, action: 'ContainerExit', container: 'web', exitCode: 0 }));
    const big = JSON.stringify({ ...FARGATE_LB_REGISTRY, timeline }, null, 1);
    const lines = big.split('\n').length;
    expect(lines).toBeGreaterThan(2000);
    // over a run: the run reset and the paste are both said, neither over the other
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const before = await area.inputValue();
    await paste(big);
    expect(await area.inputValue()).toBe(big);
    const pasted = `Pasted ${lines.toLocaleString('en-US')} lines at once, not line by line as the browser does (that takes many seconds).`;
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^The scenario changed, so the run was reset \(virtual clock back to 0\)/);
    expect(await page.locator('#notice').textContent()).toMatch(new RegExp(`Press Run task to run it with the change\\. ${pasted.replace(/[().]/g, '\\$&')}$`));
    expect(await page.locator('#notice').getAttribute('data-tone')).toBe('warn');
    // loaded as a paste is: its actions are the scenario's (and kept over a reload, as typing is)
    await expect.poll(() => page.evaluate(() => Object.values(localStorage).some((v) => v.includes('1299'))), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
    // the box's own Undo takes the whole paste back, and Redo brings it again
    await page.keyboard.press('Control+Z');
    await expect.poll(() => area.inputValue()).toBe(before);
    await page.keyboard.press('Control+Y');
    await expect.poll(() => area.inputValue()).toBe(big);
    // a scenario of a few dozen lines is the browser's own paste, with its Undo: nothing to say
    await page.evaluate(() => (document.getElementById('notice')!.textContent = ''));
    await paste(SCENARIO);
    expect(await area.inputValue()).toBe(SCENARIO);
    expect(await page.locator('#notice').textContent()).toBe('');
    // A closed <details> (the timeline as text, each event) hides its content by display, not by
    // content-visibility, which made Select All and Delete of a large scenario take minutes
    const hiddenBy = await page.locator('#timeline details').evaluate((d) => {
      const content = getComputedStyle(d, '::details-content');
      return { open: (d as HTMLDetailsElement).open, display: content.display, visibility: content.contentVisibility };
    });
    expect(hiddenBy).toEqual({ open: false, display: 'none', visibility: 'visible' });
    // and hidden it is (content-visibility is no longer what hides it)
    expect(await page.locator('#timeline details .tl-list').isVisible()).toBe(false);
  });

  e2e('should say so when a preset’s file cannot be loaded, and keep the scenario and the picker as they were', async () => {
    await settled(page);
    const before = { text: await page.getByLabel('Scenario JSON').inputValue(), preset: await page.getByLabel('Preset').inputValue() };
    expect(before.preset).toBe('fargate-web');
    // (a server gone away, a file missing from a copied build)
    await page.route('**/scenarios/ignores-sigterm.json', (r) => r.fulfill({ status: 404, body: 'Not Found' }));
    await page.getByLabel('Preset').selectOption('ignores-sigterm');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^The preset “.*SIGTERM.*” could not be loaded \(scenarios\/ignores-sigterm\.json: HTTP 404\): the scenario shown is the one you had\. Pick it again to retry\.$/);
    expect(await page.getByLabel('Preset').inputValue()).toBe(before.preset);
    expect(await page.getByLabel('Scenario JSON').inputValue()).toBe(before.text);
    // the 404 is this test's doing, and the browser logs it; nothing else went wrong (no unhandled error)
    const mine = pages.find((p) => p.page === page)!;
    expect(mine.problems.length).toBeGreaterThan(0);
    expect(mine.problems.filter((x) => !/Failed to load resource: the server responded with a status of 404/.test(x))).toEqual([]);
    mine.problems.length = 0;
    // and with the file back, a second pick loads it
    await page.unroute('**/scenarios/ignores-sigterm.json');
    await page.getByLabel('Preset').selectOption('ignores-sigterm');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('ignores SIGTERM');
  });

  e2e('should load the preset picked last when an earlier pick’s file arrives after it', async () => {
    // the first pick's file is slow (a cold cache, a slow disk): it must not land over the second
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/scenarios/ignores-sigterm.json', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel('Preset').selectOption('ignores-sigterm');
    await page.getByLabel('Preset').selectOption('image-pull-fails');
    await expect.poll(() => page.locator('#narrative').textContent()).toContain('The image tag does not exist');
    const shown = await page.getByLabel('Scenario JSON').inputValue();
    release();
    await settled(page);
    expect(await page.getByLabel('Scenario JSON').inputValue()).toBe(shown);
    expect(await page.getByLabel('Preset').inputValue()).toBe('image-pull-fails');
  });

  e2e('should open a link nested thousands deep as it came and refuse it at once, and copy no link to such text', async () => {
    // 10 KB of link: spaced out before it was checked, it was 32 MB of text and froze the tab
    const deep = `{"taskDefinition":${'['.repeat(4000)}${']'.repeat(4000)}}`;
    const other = await openApp(context, `${app.url}#scenario=${Buffer.from(deep).toString('base64url')}`);
    await expect.poll(() => other.locator('#scenario-alert').textContent()).toContain('nested more than 1000 levels deep');
    expect(await other.getByLabel('Scenario JSON').inputValue()).toBe(deep);
    // typed: comparing it with the presets recursed past the stack (Copy link and the presets did nothing)
    await other.getByLabel('Scenario JSON').fill(`${'['.repeat(2000)}${']'.repeat(2000)}`);
    await other.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => other.locator('#notice').textContent()).toContain('nested deeper than any scenario, so there is no link to copy');
    await other.getByLabel('Preset').selectOption('ignores-sigterm');
    await expect.poll(() => other.getByLabel('Scenario JSON').inputValue()).toContain('"family"');
  });

  e2e('should keep saying a shared link is damaged over the preset shown instead, when nothing was saved', async () => {
    const fresh = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    afterCurrent.push(() => fresh.close());
    const other = await openApp(fresh, `${app.url}#scenario=!!!@@@`);
    await expect.poll(() => other.getByLabel('Preset').inputValue()).toBe('fargate-web');
    expect(await other.locator('#notice').textContent()).toContain('The shared link is damaged (cut short?) and could not be read: showing a preset instead.');
  });

  e2e('should put aside as a scenario, not a draft, one kept before the page applied it and replaced by a link', async () => {
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    // typed, then the page left within the editor's pause: kept over the scenario it was typed on
    const typed = SCENARIO.replace('e2e-web', 'quick-work');
    await page.evaluate(([text, valid]) => localStorage.setItem('ecs-lifecycle:web:v1', JSON.stringify({ text, valid })), [typed, SCENARIO]);
    const other = await openApp(context, link);
    const aside = other.getByLabel('Preset').locator('optgroup[label="Put aside (yours)"] option');
    await expect.poll(() => aside.allTextContents()).toEqual([expect.stringMatching(/^“quick-work”, put aside at /)]);
  });

  e2e('should start from a saved state damaged by hand as if it had been cleared, field by field, nothing broken', async () => {
    for (const raw of ['null', '{"putAside":"hello","text":5}', '{"putAside":[null,{"text":5,"at":"x"}],"preset":7}']) {
      await page.evaluate((r) => localStorage.setItem('ecs-lifecycle:web:v1', r), raw);
      await page.reload();
      await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).not.toBe('');
      expect(await page.locator('#scenario-alert').isVisible()).toBe(false);
      await page.getByLabel('Preset').selectOption('ignores-sigterm');
      await expect.poll(() => page.locator('#narrative').textContent()).toContain('ignores SIGTERM');
    }
  });

  e2e('should put aside what another tab typed before this tab writes over it', async () => {
    const other = await openApp(context);
    await page.getByLabel('Scenario JSON').fill(SCENARIO.replace('e2e-web', 'tab-a-work'));
    // tab A has applied it (no longer the preset) and kept it
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('ecs-lifecycle:web:v1') ?? '')).toContain('tab-a-work');
    await other.getByLabel('Preset').selectOption('ignores-sigterm');
    await expect.poll(() => other.locator('#narrative').textContent()).toContain('ignores SIGTERM');
    // tab B has written its text (the preset) over tab A's
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('ecs-lifecycle:web:v1') ?? '{}').text as string)).toContain('legacy-daemon');
    // tab B's own work, put aside by a preset picked over it, joins tab A's: neither is lost
    await other.getByLabel('Scenario JSON').fill(SCENARIO.replace('e2e-web', 'tab-b-work'));
    await expect.poll(() => other.getByLabel('Preset').inputValue()).toBe('');
    await other.getByLabel('Preset').selectOption('image-pull-fails');
    await expect.poll(() => other.getByText('Your own scenario is put aside').count()).toBe(1);
    await page.reload();
    // tab A shows the preset tab B left, and both works are one pick away
    const aside = page.getByLabel('Preset').locator('optgroup[label="Put aside (yours)"] option');
    await expect.poll(() => aside.allTextContents()).toEqual([expect.stringContaining('“tab-b-work”'), expect.stringContaining('“tab-a-work”')]);
  });

  e2e('should keep saying that a setting was refused when Run, pressed from it, starts a run without it', async () => {
    await page.getByLabel('Scenario JSON').fill(SCENARIO);
    const delay = page.getByLabel('Deregistration delay (s)');
    await expect.poll(() => delay.inputValue()).toBe('300');
    await delay.fill('4000');
    // the press takes the focus from the box: the setting is refused, then the run starts (from the top of
    // the page: Playwright scrolls a sticky bar's button to where the bar would be unstuck, and the notice's
    // new row then moves the page under the pointer, which no person's click meets)
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Run task' }).click();
    const refused = 'Not applied: Deregistration delay must be a whole number from 0 to 3600 seconds, got "4000".';
    await expect.poll(() => page.locator('#notice').textContent()).toBe(`${refused} This run has the scenario as it was.`);
    expect(await page.locator('#notice').getAttribute('data-tone')).toBe('warn');
    expect(await page.locator('#settings-message').textContent()).toBe(refused);
    expect(await delay.inputValue()).toBe('300');
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
    // said for that run only: the next one, once this one has stopped, has nothing to say
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Stop task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('lastStatus: STOPPED');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('');
    // a refusal the setting then took back is not said when the run starts
    await page.getByRole('button', { name: 'Reset' }).click();
    await delay.fill('4000');
    await delay.press('Tab');
    await expect.poll(() => page.locator('#notice').textContent()).toBe(refused);
    await delay.fill('60');
    await delay.press('Tab');
    await expect.poll(() => page.locator('#notice').textContent()).not.toContain('Not applied');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Run task' }).click();
    expect(await page.locator('#notice').textContent()).toBe('');
  });

  e2e('should refuse a number box holding what is not a number, rather than read it as emptied (the default)', async () => {
    const json = page.getByLabel('Scenario JSON');
    await json.fill(JSON.stringify({ ...FARGATE_LB_REGISTRY, settings: { deregistrationDelaySeconds: 60 } }, null, 2));
    const delay = page.getByLabel('Deregistration delay (s)');
    await expect.poll(() => delay.inputValue()).toBe('60');
    const before = await json.inputValue();
    await delay.click();
    await page.keyboard.press('End');
    await page.keyboard.type('e');
    await delay.press('Tab');
    await expect.poll(() => page.locator('#settings-message').textContent()).toContain('Not applied: Deregistration delay: what was typed is not a number.');
    expect(await json.inputValue()).toBe(before);
    await expect.poll(() => delay.inputValue()).toBe('60');

    // an exit code of "1e" is not sent as 1
    await runToRunning(page);
    const exitCode = page.locator('#exit-code');
    await exitCode.click();
    await page.keyboard.press('End');
    await page.keyboard.type('e');
    await page.getByRole('button', { name: 'Exit container' }).click();
    await expect.poll(() => page.getByText('Not sent: Exit code: what was typed is not a number.').count()).toBe(1);
    expect(await page.getByRole('status').textContent()).toContain('lastStatus: RUNNING');
  });

  e2e('should say that a non-essential container exited and the task goes on, since only its own card shows it', async () => {
    const td = { family: 'e2e-sidecar', containerDefinitions: [{ name: 'app', image: 'app:1', memory: 256 }, { name: 'log', image: 'log:1', memory: 64, essential: false }] };
    await page.getByLabel('Scenario JSON').fill(JSON.stringify({ taskDefinition: td }));
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Run task' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 5000 }).toContain('lastStatus: RUNNING');
    await page.locator('#exit-container').selectOption('log');
    await page.locator('#exit-code').fill('3');
    await page.getByRole('button', { name: 'Exit container' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('Container log exited with code 3: it is not essential, so the task goes on without it.');
    expect(await page.getByRole('status').textContent()).toContain('lastStatus: RUNNING');
    // it cannot exit twice: its option is greyed and says why, and the choice is back on app
    const options = page.locator('#exit-container option');
    await expect.poll(() => options.allTextContents()).toEqual(['app', 'log (stopped)']);
    expect(await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).disabled))).toEqual([false, true]);
    expect(await page.locator('#exit-container').inputValue()).toBe('app');
  });

  e2e('should make the app stop answering its health checks when Fail health checks is pressed, say when the target turns unhealthy, and end as a service ends such a task', async () => {
    const button = page.getByRole('button', { name: 'Fail health checks' });
    await page.getByLabel('Scenario JSON').fill(JSON.stringify({ ...FARGATE_LB_REGISTRY, serviceRegistries: [] }));
    // off before a run, still reached by the keyboard, and pressing it says why
    expect(await button.isDisabled()).toBe(true);
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#notice').textContent()).toBe('Fail health checks is off: No task yet: press Run task first');
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Run task' }).click();
    const target = page.locator('article.child', { has: page.locator('code', { hasText: 'target-0' }) }).locator('header b');
    await expect.poll(() => target.textContent(), { timeout: 10_000 }).toBe('healthy');
    await page.getByRole('button', { name: 'Pause' }).click();
    await button.click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(
      /^The app in container web stops answering the load balancer's health checks \(HealthChecksFail\), [\d.]+ s after target-0 was registered: the target turns unhealthy after 2 failed checks in a row, one every 30 s: [\d.]+ s later\.$/,
    );
    expect(await target.textContent()).toBe('healthy');
    // a second press would change nothing: the button is off, its title says why, and so does a press
    await expect.poll(() => button.getAttribute('aria-disabled')).toBe('true');
    expect(await button.getAttribute('title')).toBe('The app in container web stopped answering already (an earlier HealthChecksFail)');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#notice').textContent()).toBe('Fail health checks is off: The app in container web stopped answering already (an earlier HealthChecksFail)');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('stopCode: ServiceSchedulerInitiated');
    // saved with the scenario, the press replays on the command line event for event (their ids aside)
    const fileOf = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return readFileSync((await file.path())!, 'utf8');
    };
    const shown = await fileOf('Download NDJSON');
    const saved = await fileOf('Save JSON');
    expect((JSON.parse(saved) as { timeline: unknown[] }).timeline).toEqual([{ at: expect.any(Number), action: 'HealthChecksFail', container: 'web' }]);
    const story = (ndjson: string) => ndjson.trim().split('\n').map((l) => ({ ...(JSON.parse(l) as object), id: '' }));
    expect(story((await cli(['run', '-', '--format', 'events'], saved)).stdout)).toEqual(story(shown));
  });

  e2e('should say at once, paused, whether the container chosen has a health check to fail, and say why it is off once the task is STOPPED', async () => {
    const td = { family: 'e2e-checks', containerDefinitions: [{ name: 'log', image: 'log:1', memory: 64, essential: false }, { name: 'app', image: 'app:1', memory: 256, healthCheck: { command: ['CMD-SHELL', 'true'] } }] };
    await page.getByLabel('Scenario JSON').fill(JSON.stringify({ taskDefinition: td, timeline: [{ at: 300, action: 'StopTask' }] }));
    const button = page.getByRole('button', { name: 'Fail health checks' });
    // before a run, the scenario's reason comes first: no run would turn the button on for this container
    await expect.poll(() => page.locator('#exit-container option').allTextContents()).toEqual(['log', 'app']);
    await page.locator('#exit-container').selectOption('log');
    await expect.poll(() => button.getAttribute('title')).toBe('Container log has no healthCheck, and no load balancer sends it traffic: it has no health check to fail');
    await page.locator('#exit-container').selectOption('app');
    await expect.poll(() => button.getAttribute('title')).toBe('No task yet: press Run task first');
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('#exit-container').selectOption('log');
    await expect.poll(() => button.getAttribute('title')).toBe('Container log has no healthCheck, and no load balancer sends it traffic: it has no health check to fail');
    expect(await button.isDisabled()).toBe(true);
    await page.locator('#exit-container').selectOption('app');
    await expect.poll(() => button.getAttribute('title')).toBe('The app in container app stops answering its own healthCheck from now: unhealthy a few checks later');
    expect(await button.isDisabled()).toBe(false);
    // once the task is stopping, its checks no longer count: off, and the title says why
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('lastStatus: STOPPED');
    expect(await button.getAttribute('title')).toBe('The task is STOPPED: no health check counts any more');
  });

  e2e('should show Run task on a 390-px-wide phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const run = page.getByRole('button', { name: 'Run task' });
    expect(await run.isVisible()).toBe(true);
    const box = await run.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
  });
});
