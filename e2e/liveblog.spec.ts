import { expect, test } from '@playwright/test';
import { io } from 'socket.io-client';
import { adminContext, createLiveblog, deletePost, post, posts, reader } from './liveblog-pages.ts';
import { switchyard, uniqueName } from './switchyard-cli.ts';

test.describe('liveblog', () => {
  test('post, edit and delete in the admin UI reach two readers without a reload', async ({ browser }) => {
    // Three browser contexts (a staff login and two readers): 17 s alone, and a CI run beside the other
    // worker's specs spent 46 s opening them before the first post, every step then passing within a second.
    test.setTimeout(120_000);
    const admin = await adminContext(browser);
    const slug = await createLiveblog(admin.page);
    const readers = [await reader(browser, slug), await reader(browser, slug)];
    try {
      for (const { page } of readers) await page.evaluate(() => ((window as { marker?: number }).marker = 1));
      await post(admin.page, 'Polls are open');
      await post(admin.page, 'First results in');
      for (const { page } of readers) await expect(posts(page)).toHaveText(['First results in', 'Polls are open']);

      const first = admin.page.getByTestId('post').filter({ hasText: 'Polls are open' });
      await first.getByRole('button', { name: 'Edit' }).click();
      await first.getByRole('textbox', { name: 'Post text' }).fill('Polls are open until 10pm');
      await first.getByRole('button', { name: 'Save' }).click();
      for (const { page } of readers) await expect(posts(page)).toHaveText(['First results in', 'Polls are open until 10pm']);

      await deletePost(admin.page, 'First results in');
      for (const { page } of readers) {
        await expect(posts(page)).toHaveText(['Polls are open until 10pm']);
        expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBe(1); // never reloaded
      }
    } finally {
      for (const { context } of [admin, ...readers]) await context.close();
    }
  });

  test('a reader that was offline while two posts were made sees both, in order, once it is back', async ({ browser }) => {
    const admin = await adminContext(browser);
    const slug = await createLiveblog(admin.page);
    const offline = await reader(browser, slug);
    try {
      await post(admin.page, 'before the outage');
      await expect(posts(offline.page)).toHaveText(['before the outage']);
      await offline.context.setOffline(true);
      await expect(offline.page.getByTestId('liveblog-status')).not.toHaveAttribute('data-state', 'connected');
      await post(admin.page, 'missed one');
      await switchyard(['post', slug, 'missed two (from a script)']);
      await expect(posts(admin.page)).toHaveText(['missed two (from a script)', 'missed one', 'before the outage']);
      await offline.context.setOffline(false);
      await expect(offline.page.getByTestId('liveblog-status')).toHaveAttribute('data-state', 'connected');
      await expect(posts(offline.page)).toHaveText(['missed two (from a script)', 'missed one', 'before the outage']);
    } finally {
      await admin.context.close();
      await offline.context.close();
    }
  });

  test('a liveblog made, changed and deleted from a shell: its reader sees each change without a reload', async ({ browser }) => {
    test.setTimeout(60_000); // five CLI runs, each its own process
    const slug = uniqueName('shell');
    await switchyard(['liveblog', 'create', slug, 'Made in a shell']);
    await switchyard(['post', slug, 'first from a script']);
    const open = await reader(browser, slug);
    try {
      await expect(posts(open.page)).toHaveText(['first from a script']);
      await switchyard(['liveblog', 'edit', slug, '--summary', 'All over **now**.', '--status', 'ended']);
      await expect(open.page.getByText('All over now.')).toBeVisible();
      await switchyard(['liveblog', 'delete', slug]);
      await expect(open.page.getByTestId('liveblog-removed')).toContainText('This liveblog has been removed');
      await open.page.reload();
      await expect(open.page.getByRole('heading', { level: 1 })).not.toHaveText('Made in a shell');
    } finally {
      await open.context.close();
    }
  });

  test('an anonymous visitor cannot reach the editor or post over the socket', async ({ page, browser }) => {
    const admin = await adminContext(browser);
    const slug = await createLiveblog(admin.page);
    await admin.context.close();

    await page.goto('/admin');
    await expect(page.getByTestId('admin-login-required')).toBeVisible();
    await expect(page.getByRole('form', { name: 'New liveblog' })).toHaveCount(0);
    await page.goto(`/admin/liveblogs/${slug}`);
    await expect(page.getByRole('form', { name: 'New post' })).toHaveCount(0);

    const socket = io(`${test.info().project.use.baseURL}/liveblog`, { transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
      const ack = await socket.timeout(5000).emitWithAck('post.create', { slug, body: 'sneaky' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    } finally {
      socket.close();
    }
    const visitor = await reader(browser, slug);
    await expect(visitor.page.getByText('No updates yet')).toBeVisible();
    await visitor.context.close();
  });

  test('an admin action replayed with a tampered session cookie, or from another origin, is refused and writes nothing', async ({ browser, request }) => {
    const admin = await adminContext(browser);
    try {
      await createLiveblog(admin.page);
      const [action] = await Promise.all([
        admin.page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
        post(admin.page, 'the one real post'),
      ]);
      const session = (await admin.context.cookies()).find((c) => c.name === 'sy_session')?.value ?? '';
      const tampered = `${session.slice(0, -1)}${session.endsWith('A') ? 'B' : 'A'}`;
      const origin = test.info().project.use.baseURL ?? '';
      const replay = (cookie: string, from: string) =>
        request.post(action.url(), { headers: { ...action.headers(), cookie: `sy_session=${cookie}`, origin: from }, data: action.postDataBuffer() ?? '' });

      expect(await (await replay(tampered, origin)).text()).toContain('log in as staff to edit liveblogs');
      expect((await replay(session, 'http://evil.example')).ok()).toBe(false);
      await admin.page.reload();
      await expect(posts(admin.page)).toHaveText(['the one real post']);
    } finally {
      await admin.context.close();
    }
  });

  test('Markdown formats a post; markup in it renders as text and never runs; empty and oversize posts get a message', async ({ browser }) => {
    const admin = await adminContext(browser);
    const slug = await createLiveblog(admin.page);
    const visitor = await reader(browser, slug);
    try {
      const hostile = 'Look: <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> javascript:alert(1) https://example.com/ok';
      await post(admin.page, `**Now:** ${hostile} [click](javascript:window.__pwned=3)`);
      for (const page of [visitor.page, admin.page]) {
        await expect(posts(page)).toHaveText([`Now: ${hostile} click`]);
        await expect(page.getByTestId('post-body').locator('strong')).toHaveText('Now:');
        await expect(page.getByTestId('post-body').locator('img, script')).toHaveCount(0);
        await expect(page.getByTestId('post-body').getByRole('link')).toHaveAttribute('href', 'https://example.com/ok'); // the javascript: one is no link
        expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      }
      await visitor.page.reload(); // server-rendered the same way
      await expect(posts(visitor.page)).toHaveText([`Now: ${hostile} click`]);
      expect(await visitor.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

      const form = admin.page.getByRole('form', { name: 'New post' });
      await form.getByRole('button', { name: 'Post update' }).click();
      await expect(form.getByRole('alert')).toHaveText('The post is empty');
      await form.getByRole('textbox').fill('x'.repeat(10_001));
      await form.getByRole('button', { name: 'Post update' }).click();
      await expect(form.getByRole('alert')).toHaveText('A post has at most 10,000 characters');
      await expect(posts(visitor.page)).toHaveCount(1);
    } finally {
      await admin.context.close();
      await visitor.context.close();
    }
  });
});
