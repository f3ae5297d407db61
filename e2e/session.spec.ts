import { expect, test } from '@playwright/test';
import { io } from 'socket.io-client';
import { E2E_BASE_URL } from './e2e-env.ts';
import { homePage, openAbout, openAccountMenu, openHome } from './home-page.ts';
import { createAccount, logIn } from './log-in.ts';
import { uniqueName } from './switchyard-cli.ts';


test.describe('sessions', () => {
  test('a staff user logs in with the form, and the socket knows them: their announcement reaches everyone', async ({ page, browser }) => {
    const username = await createAccount('staff', { staff: true });
    await logIn(page, username);

    await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
    await expect(page.getByTestId('current-user')).toHaveText(username);
    await expect((await openAbout(page)).socketUser).toHaveText(username);
    const staff = await openHome(page);
    await expect(staff.announcementForm).toBeVisible();

    const visitorContext = await browser.newContext();
    try {
      const visitor = await openHome(await visitorContext.newPage());
      const text = uniqueName('staff-announcement');
      await staff.announcementForm.getByRole('textbox').fill(text);
      await staff.announcementForm.getByRole('button', { name: 'Post' }).click();

      await expect(visitor.announcements.filter({ hasText: text })).toContainText(`by ${username}`);
      await expect(staff.announcements.filter({ hasText: text })).toHaveCount(1);
      await expect(staff.announcementForm.getByRole('textbox')).toHaveValue('');
      await expect(staff.announcementForm.getByRole('alert')).toHaveCount(0);
    } finally {
      await visitorContext.close();
    }
  });

  test('a wrong password sends the visitor back to the form with an error, logged out', async ({ page }) => {
    const username = await createAccount('staff', { staff: true });
    await logIn(page, username, { password: 'not the password' });

    await expect(page).toHaveURL(/\/login\?error=1/);
    // (Next.js adds a route announcer with role=alert outside <main>.)
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Wrong username or password');
    await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
    await expect(page.getByTestId('current-user')).toHaveCount(0);
  });

  test('logging out makes the page and the socket anonymous again', async ({ page }) => {
    const username = await createAccount('staff', { staff: true });
    await logIn(page, username);
    await expect(page.getByTestId('current-user')).toHaveText(username);

    await (await openAccountMenu(page)).getByRole('button', { name: 'Log out' }).click();

    await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
    const home = homePage(page);
    await home.connected();
    await expect(home.announcementForm).toHaveCount(0);
    await expect((await openAbout(page)).socketUser).toHaveText('anonymous');
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('the login and logout forms work', async ({ page }) => {
      const username = await createAccount('staff', { staff: true });
      await logIn(page, username);
      await expect(page.getByTestId('current-user')).toHaveText(username);

      await (await openAccountMenu(page)).getByRole('button', { name: 'Log out' }).click();

      await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
      await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
      await expect(page.getByTestId('current-user')).toHaveCount(0);
    });
  });

  test('an anonymous visitor gets no announcement form, and the server refuses `announcement.post` without a session', async ({ page }) => {
    const about = await openAbout(page);
    await expect(about.socketUser).toHaveText('anonymous');
    await openHome(page);
    await expect(homePage(page).announcementForm).toHaveCount(0);

    // Hiding the form is not the protection: a client without a session cookie is refused by the server.
    const socket = io(E2E_BASE_URL, { transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const reply: unknown = await socket.timeout(5_000).emitWithAck('announcement.post', { text: uniqueName('sneaky') });
      expect(reply).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
    } finally {
      socket.disconnect();
    }
  });
});
