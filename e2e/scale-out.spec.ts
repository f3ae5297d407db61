import { expect, test } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { enter, say, sent, person } from './chat-people.ts';
import { E2E_BASE_URL, E2E_SECOND_BASE_URL } from './e2e-env.ts';
import { adminContext, createLiveblog, post, posts, reader } from './liveblog-pages.ts';
import { uniqueName } from './switchyard-cli.ts';

/**
 * Scale-out in real browsers: two interface server processes on one Redis and
 * one database (as behind a load balancer), people on different servers see
 * the same liveblog posts, chat messages and presence.
 */
test.describe('two interface servers', () => {
  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  test('readers on either server get the same liveblog posts, in order', async ({ browser }) => {
    const admin = await adminContext(browser);
    contexts.push(admin.context);
    const slug = await createLiveblog(admin.page);
    const readers = [await reader(browser, slug, E2E_BASE_URL), await reader(browser, slug, E2E_SECOND_BASE_URL)];
    contexts.push(...readers.map((r) => r.context));

    await post(admin.page, 'from the first server');
    await post(admin.page, 'seen on both');
    for (const { page } of readers) await expect(posts(page)).toHaveText(['seen on both', 'from the first server']);
  });

  test('people in one room on different servers see each other, their messages, and who leaves', async ({ browser }) => {
    const room = uniqueName('twoservers');
    const ann = await person(browser, 'ann', contexts, E2E_BASE_URL);
    const bob = await person(browser, 'bob', contexts, E2E_SECOND_BASE_URL);
    await enter(ann, room);
    await enter(bob, room);
    for (const { page } of [ann, bob]) {
      await expect(page.getByTestId('member').filter({ hasText: ann.name })).toHaveCount(1);
      await expect(page.getByTestId('member').filter({ hasText: bob.name })).toHaveCount(1);
    }

    await say(ann, 'hello from server one');
    await say(bob, 'hello from server two');
    for (const { page } of [ann, bob]) {
      await expect(sent(page, 'hello from server one')).toHaveCount(1);
      await expect(sent(page, 'hello from server two')).toHaveCount(1);
    }

    await bob.context.close();
    await expect(ann.page.getByTestId('member').filter({ hasText: bob.name })).toHaveCount(0);
  });
});
