import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { adminContext, createLiveblog, post, postExactly, postWith, posts, reader } from './liveblog-pages.ts';
import { minuteByMinute, seedPosts } from './seed-liveblog.ts';
import { SCREENS } from './viewports.ts';

const newUpdates = (page: Page) => page.getByTestId('new-updates');

/**
 * The liveblog as a reader uses it, at desktop and phone size: "what arrives
 * while I read further down is announced, not lost; every update has a link
 * that opens it for anyone; times are mine; the index says what is live".
 */
for (const screen of SCREENS) {
  test.describe(`liveblog reader (${screen.name})`, () => {
    test('updates that arrive out of sight raise an "N new updates" bar that takes the reader to them', async ({ browser }) => {
      test.setTimeout(60_000); // three people and five updates
      const admin = await adminContext(browser);
      const slug = await createLiveblog(admin.page);
      await seedPosts(slug, minuteByMinute(12));
      const visitor = await reader(browser, slug, undefined, { options: screen.options });
      try {
        await visitor.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await post(admin.page, 'Breaking: first result');
        await post(admin.page, 'Breaking: second result');
        await expect(posts(visitor.page).first()).toHaveText('Breaking: second result');
        await expect(newUpdates(visitor.page)).toHaveText(/2 new updates/);
        await expect(postWith(visitor.page, 'Breaking: second result')).toHaveAttribute('data-new', 'true');
        await expect(postExactly(visitor.page, 'Update 12')).not.toHaveAttribute('data-new', 'true');

        await newUpdates(visitor.page).click();
        await expect(postWith(visitor.page, 'Breaking: second result')).toBeInViewport();
        await expect(newUpdates(visitor.page)).toHaveCount(0);

        // At the top of the page, a new update arrives in sight: marked new, no bar.
        await visitor.page.evaluate(() => window.scrollTo(0, 0));
        await post(admin.page, 'Breaking: third result');
        await expect(postWith(visitor.page, 'Breaking: third result')).toHaveAttribute('data-new', 'true');
        await expect(postWith(visitor.page, 'Breaking: third result')).toBeInViewport();
        await expect(newUpdates(visitor.page)).toHaveCount(0);
      } finally {
        await admin.context.close();
        await visitor.context.close();
      }
    });

    test('"Copy link" gives a stable address of the update that opens it for anyone, from any page of the liveblog', async ({ browser }) => {
      test.setTimeout(60_000);
      const admin = await adminContext(browser);
      const slug = await createLiveblog(admin.page);
      const ids = await seedPosts(slug, minuteByMinute(25));
      await admin.context.close();
      const visitor = await reader(browser, slug, undefined, { options: screen.options });
      const friend = await browser.newContext(screen.options);
      try {
        await visitor.context.grantPermissions(['clipboard-read', 'clipboard-write']);
        const shared = postWith(visitor.page, 'Update 20');
        await shared.getByRole('button', { name: 'Copy link' }).click();
        await expect(shared.getByRole('status')).toHaveText('Link copied');
        const link = await visitor.page.evaluate(() => navigator.clipboard.readText());
        expect(link).toBe(`${new URL(visitor.page.url()).origin}/liveblog/${slug}#post-${ids[19]}`);

        const page = await friend.newPage();
        await page.goto(link);
        await expect(postWith(page, 'Update 20')).toBeInViewport();
        await expect(postWith(page, 'Update 20')).toHaveClass(/post--targeted/);

        // The oldest update is not on the first page (20 newest): the page loads older ones until it is there.
        await page.goto(`/liveblog/${slug}#post-${ids[0]}`);
        await expect(postExactly(page, 'Update 1')).toBeInViewport();
        await expect(postExactly(page, 'Update 1')).toHaveClass(/post--targeted/);
      } finally {
        await visitor.context.close();
        await friend.close();
      }
    });
  });
}

test.describe('liveblog reader times and index', () => {
  test('times are the reader’s local time with how long ago, and the full date on hover', async ({ browser }) => {
    const admin = await adminContext(browser);
    const slug = await createLiveblog(admin.page);
    await admin.context.close();
    await seedPosts(slug, [{ body: 'Polls close', at: new Date('2026-03-01T03:00:00Z') }]);
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await page.clock.setFixedTime(new Date('2026-03-01T03:05:20Z'));
      await page.goto(`/liveblog/${slug}`);
      const time = postWith(page, 'Polls close').getByTestId('time');
      await expect(time).toHaveText('12:00 · 5 minutes ago');
      await expect(time).toHaveAttribute('title', /^Sunday,? 1 March 2026 at 12:00:00$/);
      await expect(time).toHaveAttribute('datetime', '2026-03-01T03:00:00.000Z');
    } finally {
      await context.close();
    }
  });

  test('the index lists each liveblog with whether it is live and when it was last updated', async ({ browser, page }) => {
    const admin = await adminContext(browser);
    const slug = await createLiveblog(admin.page);
    await post(admin.page, 'Something happened');
    try {
      await page.goto('/liveblog');
      const item = page.getByTestId('liveblog-index-item').filter({ hasText: `Blog ${slug}` });
      await expect(item.getByTestId('liveblog-state')).toHaveText('Live');
      await expect(item).toContainText(/Last update .*just now/);

      const about = admin.page.getByRole('form', { name: 'About this liveblog' });
      await about.getByRole('radio', { name: /Ended/ }).check();
      await about.getByRole('button', { name: 'Save' }).click();
      await expect(about.getByRole('button', { name: 'Save' })).toBeEnabled();
      await page.reload();
      await expect(item.getByTestId('liveblog-state')).toHaveText('Ended');
    } finally {
      await admin.context.close();
    }
  });
});
