import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/**
 * The home page (announcements) and the "How it works" page (this tab's
 * connection, reply channel and notices) as a test sees them.
 */
export type HomePage = {
  readonly page: Page;
  /** The header's connection status. */
  readonly status: Locator;
  readonly replyChannel: Locator;
  readonly socketUser: Locator;
  readonly announcements: Locator;
  readonly notices: Locator;
  readonly announcementForm: Locator;
  /** Waits until the header says the socket is connected. */
  connected(): Promise<void>;
  /** On /about: waits until connected and the server has told the page its reply channel; returns the channel. */
  ready(): Promise<string>;
};

/** Opens `/` in `page` and waits until it is connected. */
export async function openHome(page: Page): Promise<HomePage> {
  await page.goto('/');
  const home = homePage(page);
  await home.connected();
  return home;
}

/** Opens `/about` in `page` and waits until it is live (connected, reply channel known). */
export async function openAbout(page: Page, base = ''): Promise<HomePage> {
  await page.goto(`${base}/about`);
  const about = homePage(page);
  await about.ready();
  return about;
}

/** The locators of both pages, without navigating. */
export function homePage(page: Page): HomePage {
  const home: HomePage = {
    page,
    status: page.getByTestId('connection-status'),
    replyChannel: page.getByTestId('reply-channel'),
    socketUser: page.getByTestId('socket-user'),
    announcements: page.getByTestId('announcements').getByTestId('announcement'),
    notices: page.getByTestId('notices').getByTestId('notice'),
    announcementForm: page.getByRole('form', { name: 'Post an announcement' }),
    async connected() {
      await expect(home.status).toHaveAttribute('data-state', 'connected');
    },
    async ready() {
      await home.connected();
      await expect(home.replyChannel).toHaveText(/^reply![A-Za-z0-9_-]{22}$/);
      return (await home.replyChannel.textContent()) ?? '';
    },
  };
  return home;
}

/** Opens the header's account menu (the logged-in user's name), where Admin and Log out are. */
export async function openAccountMenu(page: Page): Promise<Locator> {
  const menu = page.getByTestId('account-menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
  return menu;
}
