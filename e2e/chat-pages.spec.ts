import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { E2E_PORT } from './e2e-env.ts';
import { freshDatabaseUrl, SCREENSHOT_NOW, startFreshInstall } from './fresh-install.ts';
import type { ServerProcess } from '../server/testing/spawn-server.ts';
import { expectAccessible, expectPage, openFrozen, screenshotContext } from './page-checks.ts';
import { seedMessages } from './seed-chat.ts';
import { SCREENS } from './viewports.ts';
import type { Screen } from './viewports.ts';

/**
 * The chat pages as a visitor meets them, at desktop and phone size: the
 * lobby (nobody chatting, and the rooms this browser was in with their unread
 * counts), an empty room and a room with messages (and, on a desktop, in the
 * dark theme) — each compared with its
 * committed screenshot and checked with axe (no serious or critical
 * violation). Its own fresh install (E2E_PORT + 4, database `<e2e>_chat`), so
 * it runs beside fresh-install.spec.ts; fixed messages and times, the clock
 * frozen at SCREENSHOT_NOW, the guest's name set before the page loads.
 * Update the baselines after an intended change with
 * `node_modules/.bin/playwright test e2e/chat-pages.spec.ts --update-snapshots` (e2e/README.md).
 */
test.describe.configure({ mode: 'serial' });

const PLACE = { port: E2E_PORT + 4, databaseUrl: freshDatabaseUrl('chat'), name: 'chat' };
const minutesBefore = (minutes: number) => new Date(SCREENSHOT_NOW.getTime() - minutes * 60_000);
let server: ServerProcess;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startFreshInstall(PLACE);
  await seedMessages(
    'general',
    [
      { author: 'Rosa', body: 'Morning all! Is the release still on for Friday?', at: minutesBefore(42) },
      { author: 'Sam', body: 'Yes — the checklist is at https://example.com/release/checklist.', at: minutesBefore(40) },
      { author: 'Rosa', body: 'Great. I will take the changelog.', at: minutesBefore(31) },
      { author: 'Kit', body: 'Markup like <b>this</b> shows as typed.', at: minutesBefore(12) },
      { author: 'Sam', body: 'Standup in five minutes.', at: minutesBefore(5) },
    ],
    PLACE.databaseUrl,
  );
});
test.afterAll(async () => {
  await server?.stop();
});

/** A guest called Ann who was in #general up to its second message (this browser's storage, set before any page loads). */
async function ann(browser: Browser, screen: Screen, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await screenshotContext(browser, server.url, screen, { colorScheme });
  await context.addInitScript(() => {
    localStorage.setItem('sy-chat-name', 'Ann');
    if (!localStorage.getItem('sy-chat-seen')) localStorage.setItem('sy-chat-seen', JSON.stringify([{ room: 'general', seq: '2' }]));
  });
  return context.newPage();
}

/** Opens a room and waits until Ann is in it. */
async function openRoom(page: Page, room: string): Promise<void> {
  await openFrozen(page, `/chat/${room}`);
  await expect(page.getByTestId('member-count')).toHaveText('1');
  await expect(page.getByTestId('members-toggle')).toHaveText('People (1)');
}

for (const screen of SCREENS) {
  test(`the lobby (${screen.name}): nobody chatting, and Ann's rooms with unread counts`, async ({ browser }) => {
    const page = await ann(browser, screen);
    try {
      await openFrozen(page, '/chat');
      await expect(page.getByTestId('no-rooms')).toBeVisible();
      await expect(page.getByTestId('your-room').getByTestId('unread')).toHaveText('3 new');
      await expectPage(page, `chat-lobby-${screen.name}`);
    } finally {
      await page.context().close();
    }
  });

  test(`a room with messages (${screen.name}), and its people open on a phone`, async ({ browser }) => {
    const page = await ann(browser, screen);
    try {
      await openRoom(page, 'general');
      await expect(page.getByTestId('message-body').last()).toBeInViewport();
      await expectPage(page, `chat-room-${screen.name}`);
      if (screen.name === 'phone') {
        await page.getByTestId('members-toggle').click();
        await expect(page.getByTestId('members')).toBeVisible();
        await expectAccessible(page, 'room with its people open');
        await expect(page).toHaveScreenshot(`chat-room-people-${screen.name}.png`);
      }
    } finally {
      await page.context().close();
    }
  });

  test(`an empty room (${screen.name})`, async ({ browser }) => {
    const page = await ann(browser, screen);
    try {
      await openRoom(page, 'quiet-corner');
      await expect(page.getByTestId('empty-room')).toBeVisible();
      await expectPage(page, `chat-room-empty-${screen.name}`);
    } finally {
      await page.context().close();
    }
  });
}

test('a room in the dark theme (desktop), and a message not sent, read against it', async ({ browser }) => {
  const page = await ann(browser, SCREENS[0]!, 'dark');
  try {
    await openRoom(page, 'general');
    await expectPage(page, 'chat-room-dark-desktop');
    await page.getByRole('textbox', { name: /^Message/ }).fill(`Too long: ${'x'.repeat(2000)}`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByTestId('message-error')).toHaveText('A message has at most 2000 characters');
    await expectAccessible(page, 'dark room with a message not sent');
  } finally {
    await page.context().close();
  }
});
