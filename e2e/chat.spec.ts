import { expect, test } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { crowd, enter, messages, person, say, sent } from './chat-people.ts';
import { uniqueName } from './switchyard-cli.ts';

/**
 * Chat rooms in real browsers, mirroring the Django Channels tutorial's
 * browser tests: each person is a separate browser context (own cookies and
 * storage), talking through the real interface server.
 */

test.describe('chat rooms', () => {
  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  test('a message posted in a room is seen by everyone in the room and by nobody in another room', async ({ browser }) => {
    const [room, other] = [uniqueName('room'), uniqueName('other')];
    const [ann, bob, cid] = [await person(browser, 'ann', contexts), await person(browser, 'bob', contexts), await person(browser, 'cid', contexts)];
    await enter(ann, room);
    await enter(bob, room);
    await enter(cid, other);

    await say(ann, 'hello from ann');
    await expect(sent(ann.page, 'hello from ann')).toHaveCount(1);
    await expect(sent(bob.page, 'hello from ann')).toHaveCount(1);
    await say(cid, 'cid was here');
    await expect(sent(cid.page, 'cid was here')).toHaveCount(1);
    // cid's own message arrived after ann's: had ann's leaked to cid's room, it would be there by now.
    await expect(messages(cid.page).filter({ hasText: 'hello from ann' })).toHaveCount(0);
    await expect(messages(bob.page).filter({ hasText: 'cid was here' })).toHaveCount(0);
  });

  test('history appears on join, oldest first', async ({ browser }) => {
    const room = uniqueName('history');
    const ann = await person(browser, 'ann', contexts);
    await enter(ann, room);
    for (const body of ['first', 'second', 'third']) {
      await say(ann, body);
      await expect(sent(ann.page, body)).toHaveCount(1);
    }
    const late = await person(browser, 'late', contexts);
    await enter(late, room);
    await expect(late.page.getByTestId('message-body')).toHaveText(['first', 'second', 'third']);
  });

  test('presence shows both people and updates when one leaves', async ({ browser }) => {
    const room = uniqueName('presence');
    const [ann, bob] = [await person(browser, 'ann', contexts), await person(browser, 'bob', contexts)];
    await enter(ann, room);
    await enter(bob, room);
    await expect(ann.page.getByTestId('member')).toHaveCount(2);
    await expect(bob.page.getByTestId('member')).toHaveCount(2);
    await expect(bob.page.getByTestId('member-count')).toHaveText('2');
    await bob.page.close();
    await expect(ann.page.getByTestId('member')).toHaveCount(1);
    await expect(ann.page.getByTestId('member')).toContainText(ann.name);
    await expect(ann.page.getByTestId('member-count')).toHaveText('1');
  });

  test('a room bigger than a member list keeps its count live with some names and a refresh, and lists everyone again once it is small', async ({ browser }) => {
    const room = uniqueName('crowded');
    const ann = await person(browser, 'ann', contexts);
    await enter(ann, room);
    // One more than a member list names (CHAT_MEMBER_LIST_MAX, 100), besides ann.
    const guests = await crowd(room, 101);
    try {
      await expect(ann.page.getByTestId('member-count')).toHaveText('102');
      await expect(ann.page.getByTestId('members-more')).toContainText('only the count is live');
      await ann.page.getByTestId('members-refresh').click();
      await expect(ann.page.getByTestId('member')).toHaveCount(100);
      await expect(ann.page.getByTestId('members-more')).toContainText('and 2 more');
    } finally {
      guests.leave();
    }
    await expect(ann.page.getByTestId('member-count')).toHaveText('1');
    await expect(ann.page.getByTestId('member')).toHaveCount(1);
    await expect(ann.page.getByTestId('member')).toContainText(ann.name);
    await expect(ann.page.getByTestId('members-more')).toHaveCount(0);
  });

  test('a person offline for a while sees what was said meanwhile, in order, once', async ({ browser }) => {
    const room = uniqueName('offline');
    const [ann, bob] = [await person(browser, 'ann', contexts), await person(browser, 'bob', contexts)];
    await enter(ann, room);
    await enter(bob, room);
    await say(ann, 'before');
    await expect(sent(bob.page, 'before')).toHaveCount(1);

    await bob.context.setOffline(true);
    await expect(bob.page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected');
    for (const body of ['while away 1', 'while away 2', 'while away 3']) {
      await say(ann, body);
      await expect(sent(ann.page, body)).toHaveCount(1);
    }
    await bob.context.setOffline(false);
    await expect(bob.page.getByTestId('message-body')).toHaveText(['before', 'while away 1', 'while away 2', 'while away 3']);
  });

  test('markup in a message is shown as text, and a refused message shows why', async ({ browser, page }) => {
    const room = uniqueName('markup');
    const ann = await person(browser, 'ann', contexts);
    await enter(ann, room);
    let dialogs = 0;
    ann.page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const markup = '<img src=x onerror="alert(1)"><b>bold?</b>';
    await say(ann, markup);
    await expect(sent(ann.page, markup)).toHaveCount(1);
    await expect(ann.page.locator('[data-testid="messages"] b')).toHaveCount(0);
    expect(dialogs).toBe(0);

    await say(ann, 'x'.repeat(2001));
    const failed = ann.page.locator('[data-testid="message"][data-state="failed"]');
    await expect(failed).toHaveCount(1);
    // In the reader's words: the field's own message, as a sentence, without the protocol's.
    await expect(failed.getByTestId('message-error')).toHaveText('A message has at most 2000 characters');
    void page;
  });

  test('the lobby lists active rooms with head counts and checks the name before joining', async ({ browser, page }) => {
    const room = uniqueName('lobby');
    const ann = await person(browser, 'ann', contexts);
    await enter(ann, room);
    await page.goto('/chat');
    const entry = page.locator(`[data-testid="active-room"][data-room="${room}"]`);
    await expect(entry.getByTestId('room-count')).toHaveText('1 person');

    await page.getByLabel(/^Room name/).fill('not a room!');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'room name' })).toContainText('1–64 letters');
    await page.getByLabel(/^Room name/).fill(room);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/chat/${room}$`));
  });

  test('an invalid room name in the address gets a clear message, not a crash', async ({ page }) => {
    const response = await page.goto('/chat/no%20spaces%20allowed');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Invalid room name' })).toBeVisible();
    await expect(page.getByTestId('room-name-error')).toContainText('1–64 letters');
  });
});
