import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The home page as a test sees it: its live regions and what they show. */
export type HomePage = {
  readonly page: Page;
  readonly status: Locator;
  readonly replyChannel: Locator;
  readonly announcements: Locator;
  readonly notices: Locator;
  readonly announcementForm: Locator;
  /** Waits until the socket is connected and the server has told the page its reply channel; returns the channel. */
  ready(): Promise<string>;
};

/** Opens `/` in `page` and waits until it is live (connected, reply channel known). */
export async function openHome(page: Page): Promise<HomePage> {
  await page.goto('/');
  const home = homePage(page);
  await home.ready();
  return home;
}

/** The home page's locators, without navigating. */
export function homePage(page: Page): HomePage {
  const home: HomePage = {
    page,
    status: page.getByTestId('connection-status'),
    replyChannel: page.getByTestId('reply-channel'),
    announcements: page.getByTestId('announcements').getByTestId('announcement'),
    notices: page.getByTestId('notices').getByTestId('notice'),
    announcementForm: page.getByRole('form', { name: 'Post an announcement' }),
    async ready() {
      await expect(home.status).toHaveText('connected');
      await expect(home.replyChannel).toHaveText(/^reply![A-Za-z0-9_-]{22}$/);
      return (await home.replyChannel.textContent()) ?? '';
    },
  };
  return home;
}
