import { expect, test } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { enter, enterSignedIn, person, registered, say, sent } from './chat-people.ts';
import { uniqueName } from './switchyard-cli.ts';

/**
 * Who is who in a chat room, in real browsers: signed-in people are marked
 * apart from guests (on the member list and on their messages), and a guest
 * cannot take a registered user's name, nor a name that only looks like it.
 */
test.describe('chat names', () => {
  // Each registered person is made by the CLI (a tsx process) and logs in through /login before the test proper.
  test.describe.configure({ timeout: 60_000 });
  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  test('a signed-in user is marked as signed in, a guest as a guest, on the member list and on messages', async ({ browser }) => {
    const room = uniqueName('signed');
    const [user, guest] = [await registered(browser, 'dana', contexts), await person(browser, 'guest', contexts)];
    await enterSignedIn(user, room);
    await enter(guest, room);
    for (const page of [user.page, guest.page]) {
      await expect(page.getByTestId('member-count')).toHaveText('2');
      await expect(page.getByTestId('member').filter({ hasText: user.name }).getByTestId('signed-in')).toBeVisible();
      await expect(page.getByTestId('member').filter({ hasText: guest.name }).getByTestId('guest')).toBeVisible();
    }
    await say(user, 'from a registered user');
    await expect(sent(guest.page, 'from a registered user').getByTestId('signed-in')).toBeVisible();
    await say(guest, 'from a guest');
    await expect(sent(user.page, 'from a guest').getByTestId('guest')).toBeVisible();
  });

  test('a guest cannot take a registered username, nor a lookalike of it, and is told to choose another or log in', async ({ browser }) => {
    const room = uniqueName('reserved');
    const user = await registered(browser, 'erin', contexts);
    const guest = await person(browser, 'guest', contexts);
    const lookalike = user.name.toUpperCase().replace('E', 'Е'); // Cyrillic Е
    await guest.page.goto(`/chat/${room}`);
    for (const name of [user.name, lookalike]) {
      await guest.page.getByLabel('Your name in this room').fill(name);
      await guest.page.getByRole('button', { name: 'Enter the room' }).click();
      await expect(guest.page.getByRole('alert').filter({ hasText: `"${name}"` })).toContainText('registered user; choose another display name, or log in if it is yours');
    }
    await guest.page.getByLabel('Your name in this room').fill(guest.name);
    await guest.page.getByRole('button', { name: 'Enter the room' }).click();
    await expect(guest.page.getByTestId('member').filter({ hasText: guest.name })).toHaveCount(1);
    await enterSignedIn(user, room);
    await expect(guest.page.getByTestId('member-count')).toHaveText('2');
  });
});
