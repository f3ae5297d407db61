import { expect, test } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { talker } from './chat-people.ts';
import { chatter, seedMessages } from './seed-chat.ts';
import { withDatabase } from './seed-liveblog.ts';
import { uniqueName } from './switchyard-cli.ts';
import { SCREENS } from './viewports.ts';
import type { Screen } from './viewports.ts';

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message/ });
const bodies = (page: Page) => page.getByTestId('message-body');
const message = (page: Page, body: string) => page.getByTestId('message').filter({ has: page.getByTestId('message-body').getByText(body, { exact: true }) });

/** A guest at `screen` size in `room` (a new context: own storage), with the composer ready. */
async function guest(browser: Browser, screen: Screen, room: string, contexts: BrowserContext[], name = uniqueName('ann').slice(0, 20)): Promise<Page> {
  const context = await browser.newContext(screen.options);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`/chat/${room}`);
  // The name form fits the screen: nothing to scroll sideways.
  await expect(page.getByLabel('Your name in this room')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await page.getByLabel('Your name in this room').fill(name);
  await page.getByRole('button', { name: 'Enter the room' }).click();
  await expect(page.getByTestId('member').filter({ hasText: name })).toHaveCount(1);
  return page;
}

/**
 * A chat room as people use Slack or Discord, at desktop and phone size: "the
 * newest message is in sight as it arrives, unless I scrolled up to read —
 * then a pill says how many are new and takes me down; the composer is always
 * at hand; every message I send says whether it went, and one that did not
 * can be sent again; links work; who is here is a glance (or a tap) away".
 */
for (const screen of SCREENS) {
  test.describe(`chat room (${screen.name})`, () => {
    const contexts: BrowserContext[] = [];
    test.afterEach(async () => {
      for (const context of contexts.splice(0)) await context.close();
    });

    test('sticky scroll: new messages stay in sight at the bottom; scrolled up, a pill counts them and takes the reader down', async ({ browser }) => {
      const room = uniqueName('sticky');
      await seedMessages(room, chatter(60));
      const page = await guest(browser, screen, room, contexts);
      await expect(message(page, 'Earlier message 60')).toBeInViewport();
      await expect(composer(page)).toBeInViewport();

      const bob = await talker(room, 'bob');
      try {
        await bob.say('from bob, at the bottom');
        await expect(message(page, 'from bob, at the bottom')).toBeInViewport();
        await composer(page).fill('my own, at the bottom');
        await composer(page).press('Enter');
        await expect(message(page, 'my own, at the bottom')).toHaveAttribute('data-state', 'sent');
        await expect(message(page, 'my own, at the bottom')).toBeInViewport();

        await page.getByTestId('message-scroller').evaluate((list) => list.scrollTo({ top: 0 }));
        await bob.say('while reading 1');
        await bob.say('while reading 2');
        const pill = page.getByTestId('new-messages');
        await expect(pill).toHaveText(/2 new messages/);
        await expect(message(page, 'while reading 2')).not.toBeInViewport();
        await pill.click();
        await expect(message(page, 'while reading 2')).toBeInViewport();
        await expect(pill).toHaveCount(0);

        // The screen gets shorter (a phone's keyboard opens): the newest message stays in sight, above the composer.
        const { width, height } = page.viewportSize()!;
        await page.setViewportSize({ width, height: height - 300 });
        await expect(message(page, 'while reading 2')).toBeInViewport();
        await expect(composer(page)).toBeInViewport();
      } finally {
        bob.leave();
      }
    });

    test('the composer: in sight without scrolling, Send off for a blank message, Enter sends; an empty room says so', async ({ browser }) => {
      const room = uniqueName('composer');
      const page = await guest(browser, screen, room, contexts);
      await expect(page.getByTestId('empty-room')).toContainText('No messages yet');
      await expect(composer(page)).toBeInViewport();
      const send = page.getByRole('button', { name: 'Send' });
      await expect(send).toBeInViewport();
      await expect(send).toBeDisabled();
      await composer(page).fill('   ');
      await expect(send).toBeDisabled();
      await composer(page).fill('hello room');
      await expect(send).toBeEnabled();
      await composer(page).press('Enter');
      await expect(message(page, 'hello room')).toHaveAttribute('data-state', 'sent');
      await expect(message(page, 'hello room').getByTestId('message-state')).toHaveText('Sent');
      await expect(composer(page)).toHaveValue('');
      await expect(page.getByTestId('empty-room')).toHaveCount(0);
    });

    test('30 quick messages: each is stored or shown as not sent with when to retry, and Retry sends the rest', async ({ browser }) => {
      test.setTimeout(90_000);
      const room = uniqueName('burst');
      const page = await guest(browser, screen, room, contexts);
      // Type and submit (what Enter does) 30 times from inside the page, in one task: React renders each
      // keystroke in a microtask, so no timer (which a busy machine delays by seconds, letting the rate
      // limit refill between messages) paces the burst, and some of the 30 are refused.
      await composer(page).evaluate(async (input: HTMLInputElement) => {
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const tick = () => Promise.resolve();
        for (let i = 1; i <= 30; i += 1) {
          setValue.call(input, `quick ${i}`);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await tick();
          input.form!.requestSubmit();
          await tick();
        }
      });
      const states = page.locator('[data-testid="message"][data-state="sent"], [data-testid="message"][data-state="failed"]');
      await expect(states).toHaveCount(30);
      const failed = page.locator('[data-testid="message"][data-state="failed"]');
      const refused = await failed.count();
      expect(refused, 'the burst should go past the rate limit').toBeGreaterThan(0);
      await expect(failed.first().getByTestId('message-error')).toHaveText(/^Sending too fast\./);
      await expect(failed.first().getByRole('button', { name: 'Retry' })).toBeVisible();

      // Retry each one once its wait is over: in the end all 30 are stored, once each, in the order sent.
      while ((await failed.count()) > 0) {
        const retry = failed.first().getByRole('button', { name: 'Retry' });
        await expect(retry).toBeEnabled({ timeout: 15_000 });
        await retry.click();
        await expect(page.locator('[data-testid="message"][data-state="pending"]')).toHaveCount(0);
      }
      await expect(page.locator('[data-testid="message"][data-state="sent"]')).toHaveCount(30);
      const stored = await withDatabase((db) => db.query<{ body: string }>('SELECT body FROM chat_messages WHERE room_name = $1', [room]));
      expect(stored.rows.map((r) => r.body).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `quick ${i + 1}`).sort());
    });

    test('links in messages open safely in a new tab; other addresses and markup stay text', async ({ browser }) => {
      const room = uniqueName('links');
      const page = await guest(browser, screen, room, contexts);
      const text = 'see https://example.com/results?x=1, not javascript:alert(1) nor <a href="https://evil.example">this</a>';
      await composer(page).fill(text);
      await composer(page).press('Enter');
      const sent = page.locator('[data-testid="message"][data-state="sent"]');
      await expect(sent.getByTestId('message-body')).toHaveText(text);
      const links = sent.getByTestId('message-body').getByRole('link');
      await expect(links).toHaveCount(2);
      await expect(links.first()).toHaveAttribute('href', 'https://example.com/results?x=1');
      await expect(links.first()).toHaveAttribute('rel', 'noopener noreferrer nofollow');
      await expect(links.first()).toHaveAttribute('target', '_blank');
      // The address inside the typed markup is linked as an address; the markup itself is not an element.
      await expect(links.nth(1)).toHaveAttribute('href', 'https://evil.example');
      await expect(sent.locator('a[href^="javascript:"]')).toHaveCount(0);
    });

    test('who is here: beside the messages on a desktop, behind a toggle on a phone; one status word, the header’s', async ({ browser }) => {
      const room = uniqueName('members');
      const page = await guest(browser, screen, room, contexts);
      const members = page.getByTestId('members');
      if (screen.name === 'desktop') {
        await expect(members).toBeVisible();
        await expect(page.getByTestId('members-toggle')).toBeHidden();
        const [list, side] = [await page.getByTestId('message-scroller').boundingBox(), await members.boundingBox()];
        expect(side!.x).toBeGreaterThan(list!.x + list!.width - 1);
      } else {
        await expect(members).toBeHidden();
        await page.getByTestId('members-toggle').click();
        await expect(members).toBeVisible();
        await expect(page.getByTestId('members-toggle')).toHaveAttribute('aria-expanded', 'true');
        await page.getByTestId('members-toggle').click();
        await expect(members).toBeHidden();
      }
      const main = await page.getByRole('main').innerText();
      expect(main).not.toMatch(/\bconnected\b|reply channel/);
      await expect(page.getByTestId('chat-status')).toHaveCount(0);
    });

    test('the lobby counts unread messages in the rooms the visitor has been in', async ({ browser }) => {
      const room = uniqueName('unread');
      await seedMessages(room, chatter(3));
      const page = await guest(browser, screen, room, contexts);
      await expect(message(page, 'Earlier message 3')).toBeInViewport();
      await page.goto('/chat');
      const entry = page.locator(`[data-testid="your-room"][data-room="${room}"]`);
      await expect(entry).toBeVisible();
      await expect(entry.getByTestId('unread')).toHaveCount(0);

      const bob = await talker(room, 'bob');
      try {
        for (const body of ['one', 'two', 'three']) await bob.say(body);
      } finally {
        bob.leave();
      }
      await page.reload();
      await expect(entry.getByTestId('unread')).toHaveText('3 new');
      await entry.getByRole('link').click();
      await expect(bodies(page).last()).toHaveText('three');
      await expect(page.getByTestId('member-count')).toHaveText('1');
      await page.goto('/chat');
      await expect(entry).toBeVisible();
      await expect(entry.getByTestId('unread')).toHaveCount(0);
    });
  });
}
