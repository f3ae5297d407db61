import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { adminContext } from './liveblog-pages.ts';
import { expectAccessible } from './page-checks.ts';
import { uniqueName } from './switchyard-cli.ts';
import { SCREENS } from './viewports.ts';

/** The poll option button labelled `label`. */
const option = (page: Page, label: string) => page.getByTestId('poll-option').filter({ hasText: label });

test.describe('live poll (the fourth feature, built on the kit alone)', () => {
  test('staff ask in the browser; a vote reaches another viewer without a reload; each browser votes once', async ({ browser }) => {
    test.setTimeout(180_000); // a hang guard: a CLI run (the staff account), three browsers and two accessibility checks
    const admin = await adminContext(browser);
    const question = `Lunch ${uniqueName('q')}?`;
    await admin.page.goto('/poll');
    const form = admin.page.getByRole('form', { name: 'New poll' });
    await form.getByLabel('Question').fill(question);
    await form.getByLabel(/Options, one per line/).fill('Soup\nSalad\nBoth');
    await form.getByRole('button', { name: 'Create poll' }).click();
    await expect(admin.page.getByRole('heading', { name: question })).toBeVisible();
    const url = admin.page.url();

    const voter = await browser.newContext();
    const phone = SCREENS.find((screen) => screen.name === 'phone');
    const watcher = await browser.newContext(phone?.options);
    try {
      const [voting, watching] = [await voter.newPage(), await watcher.newPage()];
      for (const page of [voting, watching]) {
        await page.goto(url);
        await expect(page.getByTestId('poll')).toHaveAttribute('data-state', 'connected');
        await expect(page.getByTestId('poll-total')).toContainText('0 votes');
      }
      await watching.evaluate(() => ((window as { marker?: number }).marker = 1));

      await option(voting, 'Salad').getByRole('button').click();
      await expect(option(voting, 'Salad').getByRole('button')).toHaveAttribute('aria-pressed', 'true');
      await expect(voting.getByTestId('poll-total')).toContainText('1 vote · you have voted');
      for (const page of [watching, admin.page]) {
        await expect(option(page, 'Salad').getByTestId('poll-count')).toHaveText('1 · 100%');
        await expect(page.getByTestId('poll-total')).toContainText('1 vote');
      }
      expect(await watching.evaluate(() => (window as { marker?: number }).marker)).toBe(1); // never reloaded

      // The vote is the browser's: after a reload it is remembered, and the buttons stay closed.
      await voting.reload();
      await expect(voting.getByTestId('poll-total')).toContainText('you have voted');
      await expect(option(voting, 'Soup').getByRole('button')).toBeDisabled();

      await expectAccessible(watching, 'a poll on a phone');
      await expect(watching.getByRole('link', { name: question })).toHaveCount(0);
      await watching.goto('/poll');
      await expect(watching.getByRole('link', { name: question })).toBeVisible();
      await expectAccessible(watching, 'the poll list on a phone');
    } finally {
      for (const context of [admin.context, voter, watcher]) await context.close();
    }
  });
});
