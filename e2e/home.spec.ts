import { expect, test } from '@playwright/test';
import { homePage, openAbout, openHome } from './home-page.ts';
import { switchyard, uniqueName } from './switchyard-cli.ts';

test.describe('home page', () => {
  test('connects to the interface server and says so in the header, in one word', async ({ page }) => {
    await page.goto('/');
    const status = page.getByTestId('connection-status');
    await expect(status).toHaveText('Connected');
    await expect(status).toHaveAttribute('data-state', 'connected');
    await expect(page.getByText(/reply!|reply channel/)).toHaveCount(0); // no architecture on the user's home page
    await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Announcements' })).toBeVisible();
  });

  test('shows an announcement sent with `switchyard group-send` without a reload', async ({ page }) => {
    const home = await openHome(page);
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const text = uniqueName('announcement');

    await switchyard([
      'group-send',
      'announcements',
      'announcement.posted',
      JSON.stringify({ text, author: null, at: new Date().toISOString() }),
    ]);

    const item = home.announcements.filter({ hasText: text });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('from the server');
    expect(await page.evaluate(() => '__sameDocument' in window), 'the page was not reloaded').toBe(true);
  });

  test('delivers a `switchyard send` notice to that tab only (shown on the developers’ page)', async ({ page, browser }) => {
    const mine = await openAbout(page);
    const otherContext = await browser.newContext();
    try {
      const other = await openAbout(await otherContext.newPage());
      const myChannel = await mine.ready();
      const otherChannel = await other.ready();
      expect(otherChannel).not.toBe(myChannel);

      const forMe = uniqueName('notice-for-me');
      await switchyard(['send', myChannel, 'notice.posted', JSON.stringify({ text: forMe })]);
      await expect(mine.notices.filter({ hasText: forMe })).toHaveCount(1);

      // The other tab gets its own notice, sent after mine: had mine been
      // misrouted to it, it would have arrived first.
      const forOther = uniqueName('notice-for-other');
      await switchyard(['send', otherChannel, 'notice.posted', JSON.stringify({ text: forOther, level: 'warning' })]);
      await expect(other.notices.filter({ hasText: forOther })).toHaveCount(1);
      await expect(other.notices.filter({ hasText: forMe })).toHaveCount(0);
      await expect(mine.notices.filter({ hasText: forOther })).toHaveCount(0);
    } finally {
      await otherContext.close();
    }
  });

  test('keeps the tab’s reply channel across reloads and catches up on what it missed', async ({ page, browser }) => {
    const home = await openAbout(page);
    const channel = await home.ready();

    // Leave the page (no socket), and send to the tab's channel meanwhile.
    await page.goto('about:blank');
    const missed = uniqueName('missed-notice');
    await switchyard(['send', channel, 'notice.posted', JSON.stringify({ text: missed })]);

    await page.goto('/about');
    expect(await home.ready()).toBe(channel);
    await expect(home.notices.filter({ hasText: missed })).toHaveCount(1);

    // A reload resumes after the last delivered message: nothing is delivered twice.
    await page.reload();
    expect(await home.ready()).toBe(channel);
    const after = uniqueName('after-reload');
    await switchyard(['send', channel, 'notice.posted', JSON.stringify({ text: after })]);
    await expect(home.notices.filter({ hasText: after })).toHaveCount(1);
    await expect(home.notices).toHaveCount(1);

    // Another browser (context) is another client, with its own channel.
    const otherContext = await browser.newContext();
    try {
      const other = homePage(await otherContext.newPage());
      await other.page.goto('/about');
      expect(await other.ready()).not.toBe(channel);
    } finally {
      await otherContext.close();
    }
  });

  test('says Offline while the browser is offline, and Connected once it is back', async ({ page, context }) => {
    const home = await openHome(page);

    await context.setOffline(true);
    await expect(home.status).toHaveText('Offline');
    await expect(home.status).toHaveAttribute('data-state', 'offline');

    await context.setOffline(false);
    await expect(home.status).toHaveText('Connected');
  });
});
