import { expect, test } from '@playwright/test';
import { adminContext, createLiveblog, post, postWith, posts, reader } from './liveblog-pages.ts';
import { SCREENS } from './viewports.ts';

/**
 * The liveblog editor as an editor uses it, at desktop and phone size:
 * "a form the server refuses keeps what was typed; deleting asks first; the
 * Markdown preview is what readers get; pinning, key updates, the summary
 * and the status reach readers without a reload".
 */
for (const screen of SCREENS) {
  test.describe(`admin (${screen.name})`, () => {
    test('a refused form keeps what was typed: a bad address, an oversize update, an oversize edit', async ({ browser }) => {
      const admin = await adminContext(browser, screen.options);
      try {
        const create = admin.page.getByRole('form', { name: 'New liveblog' });
        await create.getByLabel('Title').fill('Count night');
        await create.getByLabel('Slug').fill('Count Night!');
        await create.getByRole('button', { name: 'Create' }).click();
        await expect(create.getByRole('alert')).toHaveText(/^A slug is lowercase letters and digits joined by hyphens/);
        await expect(create.getByLabel('Title')).toHaveValue('Count night');
        await expect(create.getByLabel('Slug')).toHaveValue('Count Night!');

        const slug = await createLiveblog(admin.page);
        const long = 'x'.repeat(10_001);
        const newPost = admin.page.getByRole('form', { name: 'New post' });
        await newPost.getByRole('textbox').fill(long);
        await newPost.getByRole('button', { name: 'Post update' }).click();
        await expect(newPost.getByRole('alert')).toHaveText('A post has at most 10,000 characters');
        await expect(newPost.getByRole('textbox')).toHaveValue(long);

        await post(admin.page, 'Short and fine');
        const item = postWith(admin.page, 'Short and fine');
        await item.getByRole('button', { name: 'Edit' }).click();
        await item.getByRole('textbox', { name: 'Post text' }).fill(long);
        await item.getByRole('button', { name: 'Save' }).click();
        await expect(item.getByRole('alert')).toHaveText('A post has at most 10,000 characters');
        await expect(item.getByRole('textbox', { name: 'Post text' })).toHaveValue(long);
        expect(slug).toBeTruthy();
      } finally {
        await admin.context.close();
      }
    });

    test('deleting asks first, in a dialog that names the update; "Keep it" keeps it', async ({ browser }) => {
      const admin = await adminContext(browser, screen.options);
      const slug = await createLiveblog(admin.page);
      const visitor = await reader(browser, slug, undefined, { options: screen.options });
      try {
        await post(admin.page, 'Keep me');
        await post(admin.page, 'Delete me');
        await expect(posts(visitor.page)).toHaveText(['Delete me', 'Keep me']);

        // Delete is a quiet link, not the post's most prominent button.
        const remove = postWith(admin.page, 'Delete me').getByRole('button', { name: 'Delete…' });
        await expect(remove).toHaveClass(/link-button/);
        await remove.click();
        const dialog = admin.page.getByRole('dialog', { name: 'Delete this update?' });
        await expect(dialog).toBeVisible();
        await expect(dialog).toContainText('Delete me');
        await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeFocused();
        await dialog.getByRole('button', { name: 'Keep it' }).click();
        await expect(dialog).toBeHidden();
        await expect(posts(admin.page)).toHaveText(['Delete me', 'Keep me']);

        await remove.click();
        await admin.page.keyboard.press('Escape');
        await expect(dialog).toBeHidden();
        await expect(posts(visitor.page)).toHaveText(['Delete me', 'Keep me']);

        await remove.click();
        await dialog.getByRole('button', { name: 'Delete update' }).click();
        await expect(posts(admin.page)).toHaveText(['Keep me']);
        await expect(posts(visitor.page)).toHaveText(['Keep me']);
      } finally {
        await admin.context.close();
        await visitor.context.close();
      }
    });

    test('the Markdown preview shows the update as readers will see it, markup as text', async ({ browser }) => {
      const admin = await adminContext(browser, screen.options);
      const slug = await createLiveblog(admin.page);
      const visitor = await reader(browser, slug, undefined, { options: screen.options });
      try {
        const form = admin.page.getByRole('form', { name: 'New post' });
        await form.getByRole('textbox').fill('**Turnout** is up\n- north: 71%\n- <b>south</b>: 68%');
        await form.getByRole('tab', { name: 'Preview' }).click();
        const preview = form.getByTestId('markdown-preview');
        await expect(preview.locator('strong')).toHaveText('Turnout');
        await expect(preview.locator('li')).toHaveText(['north: 71%', '<b>south</b>: 68%']);
        await expect(preview.locator('b')).toHaveCount(0);
        await form.getByRole('button', { name: 'Post update' }).click(); // sent from the preview tab too
        const body = visitor.page.getByTestId('post').getByTestId('post-body');
        await expect(body.locator('strong')).toHaveText('Turnout');
        await expect(body.locator('li')).toHaveText(['north: 71%', '<b>south</b>: 68%']);
      } finally {
        await admin.context.close();
        await visitor.context.close();
      }
    });

    test('pinning, a key update, the summary and the end of the liveblog reach a reader without a reload', async ({ browser }) => {
      const admin = await adminContext(browser, screen.options);
      const slug = await createLiveblog(admin.page);
      await post(admin.page, 'Polls open at 7am');
      await post(admin.page, 'Exit poll: a hung parliament');
      const visitor = await reader(browser, slug, undefined, { options: screen.options });
      try {
        await visitor.page.evaluate(() => Object.assign(window, { __sameDocument: true }));
        await postWith(admin.page, 'Polls open at 7am').getByRole('button', { name: 'Pin' }).click();
        await expect(visitor.page.getByTestId('pinned-post')).toContainText('Polls open at 7am');

        await postWith(admin.page, 'Exit poll').getByRole('button', { name: 'Mark as key' }).click();
        await expect(visitor.page.getByTestId('key-updates').getByRole('link')).toHaveText(/Exit poll: a hung parliament/);
        await expect(postWith(visitor.page, 'Exit poll')).toContainText('Key update');

        const about = admin.page.getByRole('form', { name: 'About this liveblog' });
        await about.getByRole('textbox', { name: /Summary/ }).fill('Results from **every** constituency, as they are declared.');
        await about.getByRole('radio', { name: /Ended/ }).check();
        await about.getByRole('button', { name: 'Save' }).click();
        await expect(visitor.page.getByTestId('liveblog-summary').locator('strong')).toHaveText('every');
        await expect(visitor.page.getByTestId('liveblog-state')).toHaveText('Ended');
        await expect(visitor.page.getByTestId('liveblog-ended')).toBeVisible();

        await postWith(admin.page, 'Polls open at 7am').getByRole('button', { name: 'Unpin' }).click();
        await expect(visitor.page.getByTestId('pinned-post')).toHaveCount(0);
        expect(await visitor.page.evaluate(() => '__sameDocument' in window), 'the page was not reloaded').toBe(true);
      } finally {
        await admin.context.close();
        await visitor.context.close();
      }
    });
  });
}
