import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { openAccountMenu } from './home-page.ts';
import { createAccount, logIn } from './log-in.ts';
import { SCREENS } from './viewports.ts';

type Box = { x: number; y: number; width: number; height: number };

const box = async (locator: Locator): Promise<Box> => {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not visible');
  return found;
};
const navBoxes = (page: Page) => Promise.all(['Liveblog', 'Chat', 'Jobs'].map((name) => box(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }))));
const oneLine = (b: Box) => expect(b.height).toBeLessThan(44);

/**
 * The site header, at desktop and phone size: "the section links stand
 * apart, each on one line; they do not move when the visitor logs in; the
 * account's actions never break over two lines".
 */
for (const screen of SCREENS) {
  test.describe(`header (${screen.name})`, () => {
    test.use(screen.options);

    test('nav links apart and on one line, in the same place logged out and logged in', async ({ page }) => {
      await page.goto('/');
      const before = await navBoxes(page);
      for (const link of before) oneLine(link);
      for (let i = 1; i < before.length; i++) {
        const [left, right] = [before[i - 1] as Box, before[i] as Box];
        expect(right.x - (left.x + left.width), 'space between two links').toBeGreaterThanOrEqual(4);
      }
      const header = await box(page.locator('.site-header'));

      const username = await createAccount('reader');
      await logIn(page, username);
      await expect(page.getByTestId('current-user')).toHaveText(username);

      expect(await navBoxes(page)).toEqual(before);
      expect((await box(page.locator('.site-header'))).height).toBe(header.height);
      oneLine(await box(page.getByTestId('account-menu').locator('summary')));
      const menu = await openAccountMenu(page);
      oneLine(await box(menu.getByRole('button', { name: 'Log out' })));
    });

    test('nav links stay put while the connection status says a page is connecting or offline', async ({ page, context }) => {
      await logIn(page, await createAccount('a-long-reader-name1'));
      const status = page.getByTestId('connection-status');
      await expect(status).toHaveAttribute('data-state', 'connected');
      const connected = await navBoxes(page);
      const header = await box(page.locator('.site-header'));

      await context.setOffline(true);
      await expect(status).toHaveAttribute('data-state', 'offline');
      await expect(status).toContainText('Offline');
      expect(await navBoxes(page)).toEqual(connected);
      expect((await box(page.locator('.site-header'))).height).toBe(header.height);
      await context.setOffline(false);

      // What every page load shows until its socket is up: polling refused, and a WebSocket that opens but never answers.
      await context.route('**/socket.io/**', (route) => route.abort());
      await context.routeWebSocket(/\/socket\.io\//, () => {});
      await page.reload();
      await expect(status).not.toHaveAttribute('data-state', 'connected');
      expect(await navBoxes(page)).toEqual(connected);
      expect((await box(page.locator('.site-header'))).height).toBe(header.height);
    });
  });
}
