// Builds the app once, serves dist/ with `vite preview` (started directly, so
// its PID is the server's), and drives Debian's Chromium with playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
const VITE = 'node_modules/vite/bin/vite.js';
// Flags that work as root, headless and offline (see xstate-notes.md): without
// the background-networking ones Chromium keeps calling home.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (Debian/Ubuntu), then run npm test again.`);
}

/** `outDir`: test files run in parallel, so each builds into its own directory. */
export function buildApp(outDir = 'dist'): void {
  const r = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Preview {
  url: string;
  stop(): void;
}

export async function startPreview(outDir = 'dist'): Promise<Preview> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [VITE, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1', '--outDir', outDir], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(`vite preview did not answer on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => void (child.pid && process.kill(child.pid)) };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * Run in each page before its scripts (`context.addInitScript`): Chromium reports
 * what the Content-Security-Policy refused only to the page, not to its console,
 * so each refusal is logged as an error for `watch` to catch.
 */
export function reportPolicyViolations(): void {
  document.addEventListener('securitypolicyviolation', (e) =>
    console.error(`Content-Security-Policy refused ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
  );
}

/** Everything a page did wrong: console errors, uncaught exceptions, requests leaving the origin. */
export function watch(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request outside the origin: ${u}`);
  });
  return problems;
}

export async function screenshot(page: Page | undefined, name: string): Promise<void> {
  if (!page || page.isClosed()) return;
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true }).catch(() => {});
}

/**
 * For a describe block: build the app into `outDir`, serve it and launch
 * Chromium before its tests, stop both after. Read `url` and `browser` inside tests.
 */
export function servedApp(outDir = 'dist'): { readonly url: string; readonly browser: Browser } {
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    requireChromium();
    buildApp(outDir);
    preview = await startPreview(outDir);
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    preview?.stop();
  });
  return {
    get url() {
      return preview!.url;
    },
    get browser() {
      return browser!;
    },
  };
}

export interface PageOptions extends BrowserContextOptions {
  /**
   * Give the page Playwright's clock, installed before it loads (installed
   * later, it would set the page's performance.now() back). Time flows as
   * usual until a test lets some go by at once with `letPageTimePass`.
   */
  pageClock?: boolean;
}

/**
 * Let `ms` of the page's time go by at once: every timer and animation frame
 * due in it has run when this returns (the page needs `pageClock`, or a
 * context whose clock is installed). For a test that checks that something
 * did NOT happen after a debounce or while frames go by: a real wait could
 * end before the debounce did on a loaded machine, and the test would pass
 * without checking anything.
 */
export function letPageTimePass(page: Page, ms: number): Promise<void> {
  // on a page already loaded, runFor would install the clock there and then (setting
  // performance.now() back, and running none of the timers set before): nothing checked
  if (!clocked.has(page.context())) throw new Error('letPageTimePass: open the page with pageClock (or installPageClock on its context first)');
  return page.clock.runFor(ms);
}

/** Contexts whose clock is installed, for letPageTimePass to check. */
const clocked = new WeakSet<BrowserContext>();

/** Install Playwright's clock on `context`, before it opens a page (see PageOptions.pageClock). */
export async function installPageClock(context: BrowserContext): Promise<void> {
  await context.clock.install();
  clocked.add(context);
}

/**
 * Settled: no preset file or preset list on its way, which could still
 * replace the scenario shown (the text area is aria-busy meanwhile) or pick a
 * preset and tell its story (the picker is). Typing is not covered: poll for
 * what the typing shows.
 */
export async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.getByLabel('Scenario JSON').getAttribute('aria-busy')).toBeNull();
  await expect.poll(() => page.getByLabel('Preset').getAttribute('aria-busy')).toBeNull();
}

/**
 * Two frames later: what the page did in its next frame is laid out and
 * painted, its resize observers have run. Under Playwright's clock the frames
 * are the clock's (not the browser's rendering): they still come after the
 * page's own frame callbacks, which is what a test reading a Step needs.
 */
export function painted(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Open the app in a context made with `options`, on the preset labelled
 * `preset` if given, and run `body`: no console error or request outside the
 * origin allowed, a screenshot named `name` when it fails.
 */
export async function onPage(
  app: { readonly url: string; readonly browser: Browser },
  name: string,
  options: PageOptions,
  preset: string | null,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const { pageClock, ...contextOptions } = options;
  const context = await app.browser.newContext(contextOptions);
  if (pageClock) await installPageClock(context);
  const page = await context.newPage();
  const problems = watch(page, app.url.slice(0, -1));
  try {
    await page.goto(app.url);
    await page.getByRole('group', { name: /Task statechart/ }).waitFor();
    await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).not.toBe('');
    if (preset) {
      await expect.poll(() => page.getByLabel('Preset').locator('option', { hasText: preset }).count()).toBe(1);
      await page.getByLabel('Preset').selectOption({ label: preset });
    }
    await body(page);
    expect(problems, 'console errors or requests outside the origin').toEqual([]);
  } catch (err) {
    await screenshot(page, name);
    throw err;
  } finally {
    await context.close();
  }
}
