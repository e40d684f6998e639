// The page in a dark colour scheme (prefers-color-scheme: dark): what a person
// working in dark mode must get is a dark page whose text still reads (WCAG AA,
// 4.5:1), a statechart whose active state stands out, a board whose cards keep
// their deployment's colour and their red ring, and the light scheme unchanged
// for everyone else.
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { onPage as openPage, servedApp } from './harness.ts';

// its own build: the test files run in parallel (test-results/ is ignored by git)
const OUT_DIR = 'test-results/dist-dark';
const DARK: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, colorScheme: 'dark' };
const LIGHT: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, colorScheme: 'light' };
const PHONE_DARK: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, colorScheme: 'dark' };

const app = servedApp(OUT_DIR);

type Rgb = [number, number, number];

/** "rgb(1, 2, 3)" or "rgba(1, 2, 3, 0.5)" as numbers; a translucent colour is laid over `under`. */
function rgb(css: string, under: Rgb = [255, 255, 255]): Rgb {
  const m = css.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b, a = 1] = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number) as number[];
  return [r!, g!, b!].map((v, i) => v * a + under[i]! * (1 - a)) as Rgb;
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two CSS colours, from 1 to 21. */
function contrast(a: string, b: string, under?: Rgb): number {
  const [x, y] = [luminance(rgb(a, under)), luminance(rgb(b, under))].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** An element's colour and the background it is drawn on (the nearest ancestor's that is not transparent). */
const colours = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((el) => {
    let bg = 'rgba(0, 0, 0, 0)';
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') {
        bg = c;
        break;
      }
    }
    return { color: getComputedStyle(el).color, bg };
  });

describe('the page in a dark colour scheme', () => {
  const onPage = (name: string, options: BrowserContextOptions, preset: string | null, body: (page: Page) => Promise<void>) => openPage(app, name, options, preset, body);

  it('should draw the page dark with text that reads at 4.5:1, and native controls in the dark scheme too', async () => {
    await onPage('dark task page', DARK, null, async (page) => {
      const root = await page.evaluate(() => ({ bg: getComputedStyle(document.documentElement).backgroundColor, scheme: getComputedStyle(document.documentElement).colorScheme }));
      expect(luminance(rgb(root.bg))).toBeLessThan(0.02);
      // scrollbars, checkboxes and select lists follow
      expect(root.scheme).toBe('light dark');
      // body text on the page, on a panel, in the controls bar, grey text, the header's and the text area's
      for (const selector of ['footer', '#teach-title', '.controls .clock', '#scenario-title', '.legend', '.hint', '.top .small', '#scenario-json', '.events-key code']) {
        const { color, bg } = await colours(page, selector);
        expect(luminance(rgb(bg)), `${selector} on a dark ground`).toBeLessThan(0.05);
        expect(contrast(color, bg), `${selector}: ${color} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
      // the first button (Run task): its label on its fill
      const run = await colours(page, '#run');
      expect(contrast(run.color, run.bg), `Run task: ${run.color} on ${run.bg}`).toBeGreaterThanOrEqual(4.5);
    });
  });

  it('should keep the active state standing out from the visited ones, each name readable, and the timeline bars readable', async () => {
    await onPage('dark statechart', DARK, null, async (page) => {
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toContain('lastStatus: STOPPED');
      // a state's box fades to its new colour (a quarter of a second): read the colours it settles on
      await page.waitForFunction(() => document.getAnimations().length === 0);
      const chart = page.getByRole('group', { name: /Task statechart/ });
      const state = (key: string) =>
        chart.locator(`[data-state="${key}"]`).evaluate((g) => {
          const svg = g.closest('svg')!;
          let ground = 'rgba(0, 0, 0, 0)';
          for (let e: Element | null = svg; e && ground === 'rgba(0, 0, 0, 0)'; e = e.parentElement) ground = getComputedStyle(e).backgroundColor;
          return { classes: g.getAttribute('class'), box: getComputedStyle(g.querySelector('rect')!).fill, name: getComputedStyle(g.querySelector('text')!).fill, ground };
        });
      const active = await state('STOPPED');
      const visited = await state('RUNNING');
      expect(active.classes).toContain('active');
      expect(visited.classes).toContain('visited');
      // the active box against the panel, and against a visited box: told apart at a glance
      expect(contrast(active.box, active.ground)).toBeGreaterThanOrEqual(3);
      expect(contrast(active.box, visited.box)).toBeGreaterThanOrEqual(3);
      // each state's name on its own box
      expect(contrast(active.name, active.box), `active: ${active.name} on ${active.box}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(visited.name, visited.box), `visited: ${visited.name} on ${visited.box}`).toBeGreaterThanOrEqual(4.5);
      // the inferred badge ("partly inferred") on the panel
      const badge = await chart.locator('.badge').first().evaluate((t) => getComputedStyle(t).fill);
      expect(contrast(badge, active.ground)).toBeGreaterThanOrEqual(4.5);

      // every timeline bar's label on its bar (hues hashed from the state names, a darker variant in dark)
      const bars = await page.locator('#timeline g.tl-bar').evaluateAll((gs) =>
        gs.filter((g) => g.querySelector('text')).map((g) => ({ state: g.querySelector('text')!.textContent, fill: getComputedStyle(g.querySelector('rect')!).fill, text: getComputedStyle(g.querySelector('text')!).fill })),
      );
      expect(bars.length).toBeGreaterThan(3);
      for (const bar of bars) expect(contrast(bar.text, bar.fill), `${bar.state}: ${bar.text} on ${bar.fill}`).toBeGreaterThanOrEqual(4.5);
    });
  });

  it('should keep the light scheme as it was', async () => {
    await onPage('light unchanged', LIGHT, null, async (page) => {
      const seen = await page.evaluate(() => ({
        page: getComputedStyle(document.documentElement).backgroundColor,
        ink: getComputedStyle(document.documentElement).color,
        panel: getComputedStyle(document.querySelector('.panel')!).backgroundColor,
        top: getComputedStyle(document.querySelector('.top')!).backgroundColor,
        run: getComputedStyle(document.querySelector('#run')!).backgroundColor,
        state: getComputedStyle(document.querySelector('.st rect')!).fill,
      }));
      expect(seen).toEqual({ page: 'rgb(246, 247, 249)', ink: 'rgb(28, 35, 48)', panel: 'rgb(255, 255, 255)', top: 'rgb(35, 47, 62)', run: 'rgb(184, 79, 6)', state: 'rgb(255, 255, 255)' });
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#timeline g.tl-bar').count()).toBeGreaterThan(3);
      // the timeline's bars keep their light pastel: hsl(hue, 55 %, 82 %) has a luminance of 0.5 or more whatever the hue (dark: below 0.15)
      const fills = await page.locator('#timeline g.tl-bar > rect:first-child').evaluateAll((rs) => rs.map((r) => getComputedStyle(r).fill));
      for (const fill of fills) expect(luminance(rgb(fill)), fill).toBeGreaterThan(0.45);
    });
  });

  it('should keep each board card its deployment colour, readable, its open ring and its red ring for a failing health check', async () => {
    await onPage('dark board', DARK, 'Service: rolling deployment', async (page) => {
      await page.getByLabel('Speed').selectOption('max');
      await page.getByRole('button', { name: 'Run service' }).click();
      await expect.poll(() => page.locator('.lane[data-status="RUNNING"] .card').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const card = page.locator('.lane[data-status="RUNNING"] .card').first();
      await card.click();
      await expect.poll(() => page.getByRole('region', { name: /^Task \d+/ }).count()).toBe(1);
      await page.mouse.move(0, 0); // a hovered button takes the hover border
      const seen = await card.evaluate((el) => {
        const lane = el.closest('.lane')!;
        const style = getComputedStyle(el);
        // a card failing its health checks, as the board draws one: a copy of this one, marked, then gone
        const sick = el.cloneNode(true) as HTMLElement;
        sick.removeAttribute('aria-current');
        sick.setAttribute('data-unhealthy', '');
        el.parentElement!.append(sick);
        const ring = getComputedStyle(sick).boxShadow;
        sick.remove();
        const swatch = document.querySelector(`.swatch[data-d="${el.getAttribute('data-d')}"]`)!;
        return { lane: getComputedStyle(lane).backgroundColor, bg: style.backgroundColor, text: style.color, mark: style.borderLeftColor, swatch: getComputedStyle(swatch).backgroundColor, outline: style.outlineColor, ring: ring.match(/rgba?\([^)]+\)/)![0] };
      });
      expect(luminance(rgb(seen.lane))).toBeLessThan(0.05);
      expect(contrast(seen.text, seen.bg), `card text ${seen.text} on ${seen.bg}`).toBeGreaterThanOrEqual(4.5);
      // its deployment's mark is the Deployments table's swatch, and shows on the dark lane and card
      expect(seen.mark).toBe(seen.swatch);
      expect(contrast(seen.mark, seen.lane)).toBeGreaterThanOrEqual(3);
      expect(contrast(seen.mark, seen.bg)).toBeGreaterThanOrEqual(3);
      // the open card's ring and the red ring stand out from the lane
      expect(contrast(seen.outline, seen.lane)).toBeGreaterThanOrEqual(3);
      expect(contrast(seen.ring, seen.lane)).toBeGreaterThanOrEqual(3);
      const [r, g, b] = rgb(seen.ring);
      expect(r).toBeGreaterThan(Math.max(g, b) + 60); // still red
    });
  });

  it('should show the toast readable and apart from the dark page on a phone', async () => {
    await onPage('dark phone toast', PHONE_DARK, null, async (page) => {
      await page.getByRole('button', { name: 'Run task' }).click();
      await expect.poll(() => page.locator('#clock').textContent()).not.toBe('t = 0.0 s');
      const delay = page.getByLabel('Deregistration delay (s)');
      await delay.scrollIntoViewIfNeeded();
      await delay.fill('30');
      await delay.press('Tab');
      await expect.poll(() => page.getByTestId('toast').isVisible()).toBe(true);
      const toast = await colours(page, '[data-testid="toast"]');
      const ground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(contrast(toast.color, toast.bg), `toast ${toast.color} on ${toast.bg}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(toast.bg, ground)).toBeGreaterThanOrEqual(3);
    });
  });

  it('should draw the inspector dark with readable text', async () => {
    await onPage('dark inspector', DARK, null, async (page) => {
      await page.goto(`${app.url}inspector.html`);
      await page.getByRole('heading', { name: 'Inspector' }).waitFor();
      const ground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(luminance(rgb(ground))).toBeLessThan(0.02);
      for (const selector of ['#actors-title', 'th', 'label.small', '#connection']) {
        const { color, bg } = await colours(page, selector);
        expect(contrast(color, bg), `${selector}: ${color} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    });
  });
});
