// What the page teaches at the moment it matters: why the task stopped, which
// of it is our model, the exit codes, and a Step that holds the run still.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/scenarios.ts';
import { withClockReadings } from '../../src/web/time.ts';
import { onPage as openPage, servedApp } from './harness.ts';

// its own build: the test files run in parallel (test-results/ is ignored by git)
const app = servedApp('test-results/dist-teaching');

const presets = JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/index.json'), 'utf8')).presets as { id: string; narrative?: string }[];
// as the page tells it, with the clock's reading of each time
const narrativeOf = (id: string) => withClockReadings(presets.find((p) => p.id === id)!.narrative!);

describe('the page as a teacher uses it', () => {
  const onPage = (name: string, preset: string, body: (page: Page) => Promise<void>) => openPage(app, name, { viewport: { width: 1280, height: 900 } }, null, async (page) => {
    await page.getByLabel('Preset').selectOption(preset);
    // its own narrative, once its file is in: a Step before that would step the preset before it
    await expect.poll(() => page.locator('#narrative').textContent()).toBe(narrativeOf(preset));
    await body(page);
  });
  const runToEnd = async (page: Page) => {
    await page.getByLabel('Speed').selectOption('max');
    // Run task, or Resume task after some Steps
    await page.getByRole('button', { name: /^(Run|Resume) task$/ }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('lastStatus: STOPPED');
  };
  const ending = (page: Page) => page.locator('#teaching .ending').innerText();
  // the panel, whose list of recent changes comes with the first change
  const recent = (page: Page) => page.locator('#teaching').innerText();
  /** Step until "What just happened" says `text` (it keeps the latest few changes): what a teacher shows the class. */
  const stepUntilSaid = async (page: Page, text: string) => {
    for (let i = 0; i < 80 && !(await recent(page)).includes(text); i++) {
      const before = await recent(page);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      // read the panel once this Step has been taken, not while it is on its way (a loaded machine is slow)
      await expect.poll(() => recent(page)).not.toBe(before);
    }
    return recent(page);
  };

  it('should say at STOPPED what the stopCode means, with the stoppedReason, marking words that are ours', async () => {
    await onPage('teaching ending ours', 'dependency-timeout', async (page) => {
      // the route a task takes when it never ran is our model, said where it is taken
      expect(await stepUntilSaid(page, 'task: PENDING → STOPPING')).toContain('[our model: a task stopped before RUNNING undoes only what was done');
      expect(await page.locator('#teaching .ending').count()).toBe(0);
      await runToEnd(page);
      const text = await ending(page);
      expect(text).toContain('TaskFailedToStart: the task never reached RUNNING');
      expect(text).toContain('CannotStartContainerError: dependency graph: container ordering dependency [migrate(');
      expect(text).toContain('The ECS agent’s words for a dependency that can never hold, as we read them in its code');
    });
    await onPage('teaching ending documented', 'image-pull-fails', async (page) => {
      expect(await stepUntilSaid(page, 'task: PENDING → DEPROVISIONING')).toContain('[our model: a task stopped before RUNNING undoes only what was done');
      await runToEnd(page);
      const text = await ending(page);
      expect(text).toMatch(/stoppedReason\s+CannotPullContainerError/);
      // AWS's own words: no mark
      expect(text).not.toContain('ours');
      expect(text).not.toContain('Faults that did nothing');
    });
    // a crash ticked beside the pull failure: the container never starts, so it never crashes, and the page says so
    await onPage('teaching ending idle fault', 'image-pull-fails', async (page) => {
      await page.getByRole('checkbox', { name: /^Container crashes 10 s after it starts/ }).check();
      await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).toContain('RunContainer');
      await runToEnd(page);
      expect(await ending(page)).toMatch(/Faults that did nothing\s+Container crashes \(RunContainer\): container worker never started$/);
    });
  });

  it('should not mark the documented way forward, nor explain a stop before there is one', async () => {
    await onPage('teaching running', 'fargate-web', async (page) => {
      await stepUntilSaid(page, 'task: ACTIVATING → RUNNING');
      expect(await page.locator('#teaching .ending').count()).toBe(0);
      expect(await recent(page)).not.toContain('our model');
      // STOPPED picked in the chart before the task got there: what it means, not how this task ended
      await page.locator('#chart [data-state="STOPPED"]').click();
      await expect.poll(() => page.locator('#teaching').innerText()).toContain('Pinned: you chose this state');
      expect(await page.locator('#teaching .ending').count()).toBe(0);
    });
  });

  it('should say what a state means for this task: no drain without a load balancer, the drain it has with one', async () => {
    await onPage('teaching here', 'fargate-web', async (page) => {
      const here = () => page.locator('#teaching .here').innerText({ timeout: 2000 }).catch(() => '(none)');
      await page.locator('#chart [data-state="DEACTIVATING"]').click();
      await expect.poll(here).toBe('For this task: its target drains for 300 s (deregistrationDelaySeconds, the default).');
      // its general words stay: they are about any task
      expect(await page.locator('#teaching').innerText()).toContain('drain for the deregistration delay (300 s by default)');
      const targets = page.getByLabel('Target groups');
      await targets.fill('0');
      await targets.press('Tab');
      // a new scenario follows its task again: pick the state once more
      await expect.poll(() => page.locator('#teaching').innerText()).not.toContain('Pinned');
      await page.locator('#chart [data-state="DEACTIVATING"]').click();
      await expect.poll(here).toBe('For this task: no load balancer target, so nothing drains: it moves on once its Cloud Map instance is removed, in seconds.');
    });
  });

  it('should show each stopped container’s exit code in the event lines, and say what 139 is', async () => {
    await onPage('teaching exit codes', 'sidecar-crash', async (page) => {
      // what a crash's exit code means, in what just happened
      expect(await stepUntilSaid(page, 'container-envoy: RUNNING → STOPPED')).toContain('exited with code 139 = 128 + 11: ended by SIGSEGV, a crash');
      await runToEnd(page);
      const lines = await page.locator('#events summary').allInnerTexts();
      expect(lines.at(-1)).toMatch(/envoy:STOPPED\(139\)/);
      expect(lines.at(-1)).toMatch(/app:STOPPED\(\d+\)/);
    });
  });

  it('should pause a playing run when Step is pressed, so the change it shows stays on screen', async () => {
    await onPage('teaching step pauses', 'fargate-web', async (page) => {
      await page.getByLabel('Speed').selectOption('1');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#play').textContent()).toBe('Pause');
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => page.locator('#play').textContent()).toBe('Play');
      // said, for someone who does not see the button change
      await expect.poll(() => page.locator('#said').textContent()).toMatch(/^Paused\. t = /);
      expect(await page.getByRole('button', { name: 'Resume task' }).count()).toBe(1);
    });
  });

  it('should draw partly inferred apart from inferred, in the charts and the legend', async () => {
    await onPage('teaching legend', 'fargate-web', async (page) => {
      const dash = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).strokeDasharray);
      // RUNNING: documented; DEACTIVATING: documented, the Cloud Map part ours; a target's notRegistered: ours
      expect(await dash('#chart [data-state="RUNNING"] rect')).toBe('none');
      const partly = await dash('#chart [data-state="DEACTIVATING"] rect');
      const inferred = await dash('#children article[aria-label^="Target in"] [data-state="notRegistered"] rect');
      expect(partly).not.toBe('none');
      expect(inferred).not.toBe('none');
      expect(partly).not.toBe(inferred);
      // the small charts, which have no badge, tell them apart too: Cloud Map's names ours (partly), its failure ours
      const cloudMap = (key: string) => dash(`#children article[aria-label="Cloud Map instance"] [data-state="${key}"] rect`);
      expect(await cloudMap('REGISTERED')).toBe(partly);
      expect(await cloudMap('FAILED')).toBe(inferred);
      const border = (selector: string) => page.locator(selector).evaluate((el) => getComputedStyle(el, '::before').borderTopStyle);
      expect(await border('.chart-panel .legend .key.inferred:not(.partly)')).toBe('dotted');
      expect(await border('.chart-panel .legend .key.inferred.partly')).toBe('dashed');
    });
  });
});
