// The page's "secret is not there" fault: offered only where a container
// names a secret, labelled by the secret's variable, and the run it gives.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { onPage as openPage, servedApp } from './harness.ts';

// its own build: the test files run in parallel (test-results/ is ignored by git)
const app = servedApp('test-results/dist-secrets');

describe('the RetrieveSecrets fault on the page', () => {
  const onPage = (name: string, body: (page: Page) => Promise<void>) => openPage(app, name, { viewport: { width: 1280, height: 900 } }, null, body);

  const box = (page: Page) => page.locator('input[data-fault="RetrieveSecrets"]');
  const described = async (page: Page) => JSON.parse((await page.locator('#describe').textContent())!) as Record<string, unknown>;
  const runToEnd = async (page: Page) => {
    await page.getByRole('button', { name: 'Run task' }).click();
    await page.getByLabel('Speed').selectOption('max');
  };

  it('should not offer the fault to a task definition without secrets, and say what it needs', async () => {
    await onPage('secrets none', async (page) => {
      await page.getByLabel('Preset').selectOption('fargate-web');
      await expect.poll(() => box(page).getAttribute('aria-disabled')).toBe('true');
      expect(await box(page).getAttribute('title')).toMatch(/^Needs a container with secrets/);
    });
  });

  it('should fail the guided task before any pull, and run it once the box is unticked', async () => {
    await onPage('secrets run', async (page) => {
      await page.getByLabel('Preset').selectOption('secret-not-found');
      await expect.poll(() => box(page).isChecked()).toBe(true);
      // the variable, not the long ARN it comes from (that is in the box's title)
      expect(await box(page).locator('xpath=..').innerText()).toBe('Secret DB_PASSWORD is not there');
      expect(await box(page).getAttribute('title')).toContain('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/db-Xk3p9Q');
      await runToEnd(page);
      await expect.poll(async () => (await described(page)).lastStatus).toBe('STOPPED');
      const task = await described(page);
      expect(task.stopCode).toBe('TaskFailedToStart');
      expect(task.stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: /);
      expect(task.pullStartedAt).toBeUndefined();
      // the fault unticked: the secret is there, and the task runs
      await box(page).uncheck();
      await expect.poll(() => page.getByLabel('Scenario JSON').inputValue()).not.toContain('RetrieveSecrets');
      await runToEnd(page);
      await expect.poll(async () => (await described(page)).lastStatus).toBe('RUNNING');
    });
  });

  it('should pick the same secret again when the box is ticked again', async () => {
    await onPage('secrets retick', async (page) => {
      await page.getByLabel('Preset').selectOption('secret-not-found');
      const json = page.getByLabel('Scenario JSON');
      await expect.poll(() => json.inputValue()).toContain('RetrieveSecrets');
      const o = JSON.parse(await json.inputValue()) as { faults: object[] };
      o.faults = [{ step: 'RetrieveSecrets', valueFrom: '/prod/api/key' }];
      await json.fill(JSON.stringify(o, null, 2));
      await expect.poll(() => box(page).locator('xpath=..').innerText()).toBe('Secret API_KEY is not there');
      await box(page).uncheck();
      await expect.poll(() => json.inputValue()).not.toContain('RetrieveSecrets');
      await box(page).check();
      await expect.poll(() => box(page).locator('xpath=..').innerText()).toBe('Secret API_KEY is not there');
      expect(JSON.parse(await json.inputValue()).faults).toEqual([{ step: 'RetrieveSecrets', valueFrom: '/prod/api/key' }]);
    });
  });
});
