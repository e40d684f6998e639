// The page on screens and settings other than a desktop's: a phone, a short
// window, touch, Windows high contrast (forced colours). What a person there
// must still get: the reason a run was reset, fields not hidden under the
// controls bar, board cards to tap, and the deployment colours on the board.
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { onPage as openPage, painted, servedApp } from './harness.ts';

// its own build: the test files run in parallel (test-results/ is ignored by git)
const OUT_DIR = 'test-results/dist-screens';
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const app = servedApp(OUT_DIR);

describe('the page on small screens, touch and forced colours', () => {
  const onPage = (name: string, options: BrowserContextOptions, preset: string | null, body: (page: Page) => Promise<void>) => openPage(app, name, options, preset, body);

  const toast = (page: Page) => page.getByTestId('toast');
  const inViewport = (page: Page, selector: string) =>
    page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el || (el as HTMLElement).hidden) return false;
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.bottom > 0 && r.top < innerHeight;
    }, selector);

  /** Change the deregistration delay as a person does, far down the page: a setting change resets a run. */
  async function changeDelay(page: Page, seconds: string): Promise<void> {
    const delay = page.getByLabel('Deregistration delay (s)');
    await delay.scrollIntoViewIfNeeded();
    await delay.fill(seconds);
    await delay.press('Tab');
  }

  it('should show why the run was reset on a phone, where the notice is scrolled out of sight', async () => {
    await onPage('screens phone reset notice', PHONE, null, async (page) => {
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#clock').textContent()).not.toBe('t = 0.0 s');
      await changeDelay(page, '30');
      await expect.poll(() => page.locator('#clock').textContent()).toBe('t = 0.0 s');
      // the notice in the (not sticky) controls bar is far above; its words come to the user
      expect(await inViewport(page, '#notice')).toBe(false);
      await expect.poll(() => inViewport(page, '[data-testid="toast"]')).toBe(true);
      expect(await toast(page).textContent()).toBe('The scenario changed, so the run was reset (virtual clock back to 0): settings and faults apply from the start. Press Run task to run it with the change.');
      // a copy for the eyes: screen readers hear the notice itself, once
      expect(await toast(page).getAttribute('aria-hidden')).toBe('true');
      // back at the top, the notice is there to read and the copy goes
      await page.evaluate(() => window.scrollTo(0, 0));
      await expect.poll(() => toast(page).isHidden()).toBe(true);
      expect(await page.locator('#notice').textContent()).toContain('the run was reset');

      // again, and the keyboard reaches a field under the toast: it makes way
      await page.getByRole('button', { name: 'Run task' }).click();
      await changeDelay(page, '40');
      await expect.poll(() => inViewport(page, '[data-testid="toast"]')).toBe(true);
      const under = await page.evaluate(() => {
        const t = document.querySelector('[data-testid="toast"]')!.getBoundingClientRect();
        // a field the keyboard can reach: a disabled one (a fault that does not apply) takes no focus
        const field = [...document.querySelectorAll<HTMLElement>('input:enabled, select:enabled, textarea:enabled, button:enabled')].find((el) => {
          const r = el.getBoundingClientRect();
          return r.height > 0 && r.bottom > t.top && r.top < t.bottom;
        });
        field?.focus({ preventScroll: true });
        return field && document.activeElement === field ? field.id || field.tagName : null;
      });
      expect(under).not.toBeNull();
      await expect.poll(() => toast(page).isHidden()).toBe(true);
    });
  });

  it('should keep the playback controls and the clock in reach at the bottom of a phone while the board is read, covering nothing', async () => {
    await onPage('screens phone dock', PHONE, 'Service: rolling deployment', async (page) => {
      await page.getByRole('button', { name: 'Run service' }).click();
      await page.getByLabel('Speed').selectOption('60');
      // the board, a screen below the controls bar: Pause, Step and the clock are there with it
      await page.locator('#board').scrollIntoViewIfNeeded();
      const inView = (name: string) =>
        page.getByRole('button', { name, exact: true }).evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= innerHeight && document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
        });
      expect(await inView('Pause')).toBe(true);
      await page.getByRole('button', { name: 'Pause', exact: true }).tap();
      const clock = await page.locator('#clock').textContent();
      await page.getByRole('button', { name: 'Step', exact: true }).tap();
      await expect.poll(() => page.locator('#clock').textContent()).not.toBe(clock);
      expect(await inView('Step back')).toBe(true);
      // the speed and the clock keep their names for a screen reader, though the words are not shown
      expect(await page.getByLabel('Speed').inputValue()).toBe('60');
      expect(await page.locator('.clock').textContent()).toContain('Virtual clock');
      // two rows at most, and the page is padded by them: the footer's end scrolls clear of the dock
      const rows = await page.locator('.dock').evaluate((d) => {
        const tops = [...d.querySelectorAll<HTMLElement>('button, select, label, .clock')].filter((e) => e.getClientRects().length > 0).map((e) => e.getBoundingClientRect().top).sort((a, b) => a - b);
        return tops.filter((t, i) => i === 0 || t - tops[i - 1]! > 15).length;
      });
      expect(rows).toBe(2);
      const dock = await page.locator('.dock').boundingBox();
      // a field Tab reaches from the one before comes to rest above the dock, not under it
      await page.locator('#max-percent').evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - (document.querySelector('.dock')!.getBoundingClientRect().top + 10)));
      expect(await page.locator('#max-percent').evaluate((el) => el.getBoundingClientRect().bottom > document.querySelector('.dock')!.getBoundingClientRect().top)).toBe(true);
      await page.locator('#min-healthy').evaluate((el: HTMLElement) => el.focus({ preventScroll: true }));
      await page.keyboard.press('Tab');
      const after = await page.evaluate(() => ({ bottom: document.activeElement!.getBoundingClientRect().bottom, top: document.querySelector('.dock')!.getBoundingClientRect().top, id: document.activeElement!.id }));
      expect(after.id).toBe('max-percent');
      expect(after.bottom).toBeLessThanOrEqual(after.top);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const footerBottom = await page.locator('footer').evaluate((f) => f.getBoundingClientRect().bottom);
      expect(footerBottom).toBeLessThanOrEqual(dock!.y + 1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      // a short window (a landscape phone, 200 % zoom): the dock would cover a quarter of it, so it stays in the bar
      await page.setViewportSize({ width: 640, height: 360 });
      await expect.poll(() => page.evaluate(() => [getComputedStyle(document.querySelector('.dock')!).position, getComputedStyle(document.body).paddingBottom])).toEqual(['static', '0px']);
    });
  });

  it("should keep the task's lastStatus and desiredStatus in the phone's dock, where the bar's status line has scrolled away", async () => {
    await onPage('screens phone dock status', PHONE, 'Fargate web task behind a load balancer, stopped normally', async (page) => {
      const dockStatus = page.locator('#dock-status');
      expect(await dockStatus.isVisible()).toBe(false);
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => dockStatus.textContent(), { timeout: 10_000 }).toBe('lastStatus STOPPED · desiredStatus STOPPED · UserInitiated');
      await page.locator('#events').scrollIntoViewIfNeeded();
      expect(await page.getByRole('status').and(page.locator('#status')).evaluate((el) => el.getBoundingClientRect().bottom < 0)).toBe(true);
      const box = (await dockStatus.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      // the page is padded by the dock, its new line included
      const dock = (await page.locator('.dock').boundingBox())!;
      expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom))).toBeCloseTo(dock.height, 0);
    });
  });

  it('should show an opened event in a list grown to hold it, with one scroller up and down, not a JSON scrolling inside the list (phone)', async () => {
    await onPage('screens phone event open', PHONE, null, async (page) => {
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run task' }).click();
      await page.locator('#events details').nth(3).waitFor();
      const sizes = () => page.locator('#events').evaluate((l) => ({ list: l.clientHeight, json: l.querySelector<HTMLElement>('details[open] .json')?.clientHeight ?? 0, jsonScroll: l.querySelector<HTMLElement>('details[open] .json')?.scrollHeight ?? 0 }));
      const closed = await page.locator('#events').evaluate((l) => l.clientHeight);
      await page.locator('#events details summary').nth(2).click();
      await expect.poll(async () => (await sizes()).json).toBeGreaterThan(0);
      const open = await sizes();
      expect(open.list).toBeGreaterThan(closed);
      expect(open.jsonScroll).toBe(open.json);
    });
  });

  it('should let a tap through the toast reach the fault box under it (a second box ticked right after a first)', async () => {
    await onPage('screens phone toast tap', PHONE, null, async (page) => {
      await page.getByRole('button', { name: 'Run task' }).click();
      await changeDelay(page, '30');
      await expect.poll(() => inViewport(page, '[data-testid="toast"]')).toBe(true);
      // bring a fault box right under the toast, as the next one down the list is after a first tick
      const box = page.getByLabel('Health checks fail');
      const t = (await toast(page).boundingBox())!;
      await box.evaluate((el, y) => window.scrollBy(0, el.getBoundingClientRect().top - y), t.y + t.height / 2 - 6);
      const b = (await box.boundingBox())!;
      expect(b.y + b.height > t.y && b.y < t.y + t.height, 'the box is under the toast').toBe(true);
      await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
      await expect.poll(() => box.isChecked()).toBe(true);
    });
  });

  it('should not show a toast where the notice is already in view (a desktop with its sticky bar)', async () => {
    await onPage('screens desktop no toast', { viewport: { width: 1280, height: 800 } }, null, async (page) => {
      await page.getByRole('button', { name: 'Run task' }).click();
      await changeDelay(page, '30');
      await expect.poll(() => page.locator('#notice').textContent()).toContain('the run was reset');
      expect(await inViewport(page, '#notice')).toBe(true);
      expect(await toast(page).isHidden()).toBe(true);
    });
  });

  it('should say under the statechart that it scrolls sideways where it is wider than the window, until its end is in view', async () => {
    await onPage('screens phone chart scrolls', PHONE, null, async (page) => {
      const chart = page.locator('#chart');
      const hint = page.locator('#chart + .scroll-hint');
      await chart.scrollIntoViewIfNeeded();
      // the side shadow alone reads as a border: a chart cut at a state's edge looks whole
      await expect.poll(() => hint.isVisible()).toBe(true);
      expect(await hint.textContent()).toBe('The statechart goes on to the right: scroll it sideways for the rest →');
      await chart.evaluate((el) => (el.scrollLeft = el.scrollWidth));
      await expect.poll(() => hint.isVisible()).toBe(false);
      await chart.evaluate((el) => (el.scrollLeft = 0));
      await expect.poll(() => hint.isVisible()).toBe(true);
    });
    // where the whole chart fits, nothing to say
    await onPage('screens wide chart fits', { viewport: { width: 1280, height: 800 } }, null, async (page) => {
      await expect.poll(() => page.locator('#chart').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await page.locator('#chart + .scroll-hint').isHidden()).toBe(true);
    });
  });

  it('should keep the timeline lanes named on a phone, where the drawing scrolls sideways', async () => {
    await onPage('screens phone timeline', PHONE, null, async (page) => {
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#timeline .tl-lane').count()).toBeGreaterThan(3);
      // scrolled to its end, each lane's name is still inside the visible part, at its left
      const seen = await page.evaluate(() => {
        const box = document.querySelector<HTMLElement>('#timeline')!;
        box.scrollLeft = box.scrollWidth;
        box.dispatchEvent(new Event('scroll'));
        const view = box.getBoundingClientRect();
        return [...box.querySelectorAll('.tl-lane')].map((t) => {
          const r = t.getBoundingClientRect();
          return { name: t.textContent, inside: r.left >= view.left - 1 && r.right <= view.left + view.width / 2 };
        });
      });
      expect(seen.length).toBeGreaterThan(3);
      expect(seen.filter((l) => !l.inside)).toEqual([]);
    });
  });

  /** How much of the text area a focus leaves under the controls bar, and whether the bar sticks. */
  const afterFocus = (page: Page) =>
    page.evaluate(() => {
      const bar = document.querySelector('.controls')!;
      const b = bar.getBoundingClientRect();
      const area = document.querySelector('#scenario-json')!.getBoundingClientRect();
      return { sticky: getComputedStyle(bar).position === 'sticky', covered: Math.max(0, Math.min(b.bottom, area.bottom) - Math.max(b.top, area.top)) };
    });

  it('should let go of the controls bar where it would cover a quarter of the window (1280×720 at 150 % zoom)', async () => {
    await onPage('screens short window', { viewport: { width: 853, height: 400 } }, null, async (page) => {
      await page.getByLabel('Scenario JSON').focus();
      expect(await afterFocus(page)).toEqual({ sticky: false, covered: 0 });
    });
  });

  it('should keep the bar where it is thin (1024×576), with a field reached by Tab not under it, and a click not moving the page', async () => {
    await onPage('screens short wide window', { viewport: { width: 1024, height: 576 } }, null, async (page) => {
      // Tab into the text area from the field before it, the page scrolled past both
      const area = page.getByLabel('Scenario JSON');
      await area.focus();
      await page.keyboard.press('Shift+Tab');
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('scenario-json');
      expect(await afterFocus(page)).toEqual({ sticky: true, covered: 0 });
      // a click on the part in view, its top under the bar: the page stays put under the pointer
      await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      await page.evaluate(() => {
        const bar = document.querySelector('.controls')!.getBoundingClientRect();
        window.scrollBy(0, document.querySelector('#scenario-json')!.getBoundingClientRect().top - bar.bottom + 40);
      });
      const before = await page.evaluate(() => window.scrollY);
      const box = (await area.boundingBox())!;
      await page.mouse.click(box.x + 40, box.y + box.height - 20);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('scenario-json');
      expect(await page.evaluate(() => window.scrollY)).toBe(before);
    });
  });

  it('should keep the bar sticky when a long notice adds a row to it (960×540)', async () => {
    await onPage('screens long notice', { viewport: { width: 960, height: 540 } }, null, async (page) => {
      const sticky = () => page.evaluate(() => getComputedStyle(document.querySelector('.controls')!).position);
      expect(await sticky()).toBe('sticky');
      const height = () => page.evaluate(() => document.querySelector<HTMLElement>('.controls')!.offsetHeight);
      const plain = await height();
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 10_000 }).toContain('STOPPED');
      // the container box says its container stopped even when no frame fell between its stop and the task's
      await expect.poll(() => page.locator('#exit-container').textContent()).toBe('web (stopped)');
      await page.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => page.locator('#notice').textContent()).not.toBe('');
      expect(await height()).toBeGreaterThan(plain);
      expect(await sticky()).toBe('sticky');
    });
  });

  it('should keep the playback controls where they are while a run is stepped to its end (960×540), Exit container off once its container stopped', async () => {
    await onPage('screens controls stay', { viewport: { width: 960, height: 540 } }, null, async (page) => {
      const places = () => page.evaluate(() => ['run', 'stop', 'exit', 'play', 'step', 'step-back'].map((id) => { const r = document.getElementById(id)!.getBoundingClientRect(); return `${id} ${Math.round(r.x)},${Math.round(r.y)}`; }));
      const before = await places();
      await page.getByRole('button', { name: 'Run task' }).click();
      // Play reads Pause, Run task Resume task: neither label moves what follows it
      expect(await places()).toEqual(before);
      await page.getByRole('button', { name: 'Pause' }).click();
      // (polled: the label changes with the next frame, a while on a loaded machine)
      await expect.poll(() => page.getByRole('button', { name: 'Resume task' }).count()).toBe(1);
      expect(await places()).toEqual(before);
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Resume task' }).click();
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 10_000 }).toContain('STOPPED');
      // the container box reads "web (stopped)" now, and is no wider than it was
      await expect.poll(() => page.locator('#exit-container').textContent()).toBe('web (stopped)');
      expect(await places()).toEqual(before);
      // just before STOPPED: DEPROVISIONING, the task still stopping and its only container stopped
      await page.getByRole('button', { name: 'Step back' }).click();
      await expect.poll(() => page.locator('#status').textContent()).toContain('DEPROVISIONING');
      expect(await page.locator('#exit').isDisabled()).toBe(true);
      expect(await page.locator('#exit').getAttribute('title')).toBe('Container web has stopped: it has no process left to exit');
      expect(await places()).toEqual(before);
    });
  });

  it('should give board cards a tappable size on a touch screen, and show which one is open', async () => {
    await onPage('screens touch cards', PHONE, 'Service: rolling deployment', async (page) => {
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run service' }).click();
      await expect.poll(() => page.locator('.lane[data-status="RUNNING"] .card').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const card = page.locator('.lane[data-status="RUNNING"] .card').first();
      const box = (await card.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(24);
      expect(box.width).toBeGreaterThanOrEqual(24);
      await card.tap();
      await expect.poll(() => page.getByRole('region', { name: /^Task \d+/ }).count()).toBe(1);
      // the open card is ringed, the ring inside what its lane shows (not cut), drawn over the cards next to it
      const ring = await page.evaluate(() => {
        const open = document.querySelector<HTMLElement>('.card[aria-current="true"]')!;
        const style = getComputedStyle(open);
        const w = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const r = open.getBoundingClientRect();
        const box = open.parentElement!;
        const b = box.getBoundingClientRect();
        const shown = { left: b.left + box.clientLeft, top: b.top + box.clientTop, right: b.left + box.clientLeft + box.clientWidth, bottom: b.top + box.clientTop + box.clientHeight };
        const uncut = r.left - w >= shown.left - 0.5 && r.top - w >= shown.top - 0.5 && r.right + w <= shown.right + 0.5 && r.bottom + w <= shown.bottom + 0.5;
        return { style: style.outlineStyle, uncut, above: style.position !== 'static' && Number(style.zIndex) > 0 };
      });
      expect(ring).toEqual({ style: 'solid', uncut: true, above: true });
    });
  });

  it('should keep the dense board of a 1,000-task service drawn under forced colours (it was blank)', async () => {
    await onPage('screens forced colours dense board', { viewport: { width: 1280, height: 800 }, forcedColors: 'active' }, 'Service: 1,000 tasks', async (page) => {
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run service' }).click();
      await expect.poll(() => page.locator('.board.dense .card').count(), { timeout: 15_000 }).toBeGreaterThan(60);
      const [card, swatch, lane] = await page.evaluate(() => [
        getComputedStyle(document.querySelector('.board.dense .card[data-d="0"]')!).backgroundColor,
        getComputedStyle(document.querySelector('.swatch[data-d="0"]')!).backgroundColor,
        getComputedStyle(document.querySelector('.board.dense .lane')!).backgroundColor,
      ]);
      expect(card).toBe(swatch);
      expect(card).not.toBe(lane);
    });
  });

  it('should keep each deployment its colour on the board under forced colours (Windows high contrast)', async () => {
    await onPage('screens forced colours board', { viewport: { width: 1280, height: 800 }, forcedColors: 'active' }, 'Service: rolling deployment', async (page) => {
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run service' }).click();
      await page.getByRole('button', { name: 'Deploy new revision' }).click();
      await expect.poll(() => page.locator('.card[data-d="1"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const colours = await page.evaluate(() =>
        ['0', '1'].map((d) => ({
          card: getComputedStyle(document.querySelector(`.card[data-d="${d}"]`)!).borderLeftColor,
          swatch: getComputedStyle(document.querySelector(`.swatch[data-d="${d}"]`)!).backgroundColor,
        })),
      );
      // the card's mark is its deployment's swatch in the Deployments table, and the two differ
      expect(colours[0]!.card).toBe(colours[0]!.swatch);
      expect(colours[1]!.card).toBe(colours[1]!.swatch);
      expect(colours[0]!.card).not.toBe(colours[1]!.card);
    });
  });

  // A laptop at 150 % zoom, or a 900-px window (a reviewer's findings): what the page must still show.

  it('should show the whole deployments table (its Failed column) and each lane’s cards by task number, at 900 px', async () => {
    await onPage('screens deployments 900', { viewport: { width: 900, height: 768 } }, 'Service: circuit breaker rollback', async (page) => {
      // the scenario's own deploy is announced before it comes (a deploy of yours would be overtaken by it)
      await page.getByRole('button', { name: 'Run service' }).click();
      await expect.poll(() => page.locator('#service-status').textContent()).toContain("next in the scenario's timeline: UpdateService deploy web:2 at t = 5 min 00 s");
      await page.getByLabel('Speed').selectOption('max');
      // revision 2 failed (its row stays, INACTIVE, below the rollback's)
      await expect.poll(() => page.locator('#deployments-body').textContent(), { timeout: 20_000 }).toMatch(/web:2(ACTIVE|INACTIVE)FAILED/);
      const table = await page.evaluate(() => {
        const wrap = document.querySelector('.table-wrap')!;
        const failed = [...document.querySelectorAll('.deployments th')].at(-1)!.getBoundingClientRect();
        return { scrolls: wrap.scrollWidth > wrap.clientWidth + 1, failedRight: failed.right, width: innerWidth };
      });
      expect(table.scrolls).toBe(false);
      expect(table.failedRight).toBeLessThanOrEqual(table.width);
      const lanes = await page.$$eval('.lane .cards', (cs) => cs.map((c) => [...c.children].map((card) => Number((card as HTMLElement).dataset.i))));
      expect(lanes.flat().length).toBeGreaterThan(10);
      for (const numbers of lanes) expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    });
  });

  it('should say in colour, not grey, that a fault ticked mid-run reset the run, and mark a refused exit code on its box', async () => {
    await onPage('screens fault mid-run', { viewport: { width: 1366, height: 768 } }, null, async (page) => {
      await page.getByLabel('Speed').selectOption('60');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#clock').textContent()).not.toBe('t = 0.0 s');
      await page.getByLabel(/Health checks fail/).check();
      await expect.poll(() => page.locator('#notice').textContent()).toContain('settings and faults apply from the start. Press Run task');
      expect(await page.locator('#notice').getAttribute('data-tone')).toBe('warn');
      // said by whatever is said next in the notice, in the usual grey
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#status').textContent()).toMatch(/RUNNING|PENDING|ACTIVATING/);
      await page.locator('#exit-code').fill('999');
      await page.getByRole('button', { name: 'Exit container' }).click();
      await expect.poll(() => page.locator('#notice').textContent()).toBe('Not sent: exitCode must be an integer from 0 to 255, got 999');
      expect(await page.locator('#notice').getAttribute('data-tone')).toBeNull();
      expect(await page.locator('#exit-code').getAttribute('aria-invalid')).toBe('true');
      await page.locator('#exit-code').fill('3');
      expect(await page.locator('#exit-code').getAttribute('aria-invalid')).toBeNull();
    });
  });

  it('should let go of the controls bar once it grows past two fifths of the window (a notice of many rows), not before', async () => {
    await onPage('screens bar grows', { viewport: { width: 960, height: 540 } }, null, async (page) => {
      const bar = () => page.evaluate(() => ({ sticky: getComputedStyle(document.querySelector('.controls')!).position === 'sticky', height: document.querySelector<HTMLElement>('.controls')!.offsetHeight }));
      expect((await bar()).sticky).toBe(true);
      // what a wrapped status line and a long notice do at 150 % zoom, made certain here
      await page.evaluate(() => (document.getElementById('notice')!.textContent = 'A long notice. '.repeat(60)));
      await expect.poll(async () => (await bar()).sticky).toBe(false);
      expect((await bar()).height).toBeGreaterThan((540 * 2) / 5);
      // it stays let go as the notice goes (no flapping under the pointer), until the window changes
      await page.evaluate(() => (document.getElementById('notice')!.textContent = ''));
      await painted(page);
      expect((await bar()).sticky).toBe(false);
      await page.setViewportSize({ width: 960, height: 560 });
      await expect.poll(async () => (await bar()).sticky).toBe(true);
    });
  });

  it('should keep the top bar to one row at 1280 px, a long preset title cut in the closed list and whole on hover', async () => {
    await onPage('screens top bar 1280', { viewport: { width: 1280, height: 720 } }, 'Fargate web task behind a load balancer, stopped normally', async (page) => {
      const top = (name: string) => page.getByRole('heading', { name }).or(page.getByRole('button', { name })).first().evaluate((el) => Math.round(el.getBoundingClientRect().top));
      const title = await top('ECS task lifecycle');
      // the button sat on a second row under the 637 px list before
      expect(Math.abs((await top('Open inspector')) - title)).toBeLessThan(20);
      expect(Math.abs((await top('Save JSON')) - title)).toBeLessThan(20);
      const picker = page.getByLabel('Preset');
      expect(await picker.getAttribute('title')).toBe('Fargate web task behind a load balancer, stopped normally');
      // the hover text follows every way the choice changes: an edit of the JSON leaves the preset
      const area = page.getByLabel('Scenario JSON');
      await area.fill((await area.inputValue()).replace('"seed": 1', '"seed": 2'));
      await expect.poll(() => picker.getAttribute('title')).toBe('Custom (the JSON below)');
    });
  });

  it('should bring the whole statechart state into view as the arrow keys move to it (900 px)', async () => {
    await onPage('screens chart keys', { viewport: { width: 900, height: 768 } }, null, async (page) => {
      await page.getByRole('group', { name: /Task statechart/ }).locator('[role="button"]').first().focus();
      for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
      const seen = await page.evaluate(() => {
        const el = document.activeElement as SVGGraphicsElement;
        const box = el.getBoundingClientRect();
        const pane = el.closest('.chart')!.getBoundingClientRect();
        return { label: el.getAttribute('aria-label'), inside: box.left >= pane.left - 1 && box.right <= pane.right + 1 };
      });
      expect(seen.label).toMatch(/^DEPROVISIONING/);
      expect(seen.inside).toBe(true);
    });
  });
});
