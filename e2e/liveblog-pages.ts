import { expect } from '@playwright/test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { createAccount, logIn } from './log-in.ts';
import { uniqueName } from './switchyard-cli.ts';

/** The liveblog's pages as a person uses them: an admin (staff login, editor) and readers. */

export { PASSWORD } from './log-in.ts';

/** A staff user made with `switchyard createadmin`, logged in through /login in a new context (with `options`, e.g. a phone's screen). */
export async function adminContext(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const username = await createAccount('admin', { staff: true });
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await logIn(page, username, { next: '/admin' });
  await expect(page).toHaveURL(/\/admin$/);
  // Hydrated and live (the header's status needs the page's scripts): a form sent before that is a plain HTML post.
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  return { context, page };
}

/** Creates a liveblog in the admin UI and opens its editor; returns the slug. */
export async function createLiveblog(admin: Page): Promise<string> {
  const slug = uniqueName('blog');
  const form = admin.getByRole('form', { name: 'New liveblog' });
  await form.getByLabel('Slug').fill(slug);
  await form.getByLabel('Title').fill(`Blog ${slug}`);
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(admin.getByRole('heading', { name: `Blog ${slug}` })).toBeVisible();
  await expect(admin.getByTestId('liveblog')).toHaveAttribute('data-following', 'true');
  return slug;
}

/** Opens the public page of a liveblog (or `path` on it, e.g. `#post-…`) in a new context and waits until it follows live. */
export async function reader(
  browser: Browser,
  slug: string,
  baseURL?: string,
  { options = {}, path = '' }: { options?: BrowserContextOptions; path?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...options, ...(baseURL ? { baseURL } : {}) });
  const page = await context.newPage();
  await page.goto(`/liveblog/${slug}${path}`);
  await expect(page.getByTestId('liveblog')).toHaveAttribute('data-following', 'true');
  return { context, page };
}

export async function post(admin: Page, text: string): Promise<void> {
  const form = admin.getByRole('form', { name: 'New post' });
  await form.getByRole('textbox').fill(text);
  await form.getByRole('button', { name: 'Post update' }).click();
  await expect(form.getByRole('textbox')).toHaveValue('');
}

/** The timeline's post bodies (not the pinned copies above it). */
export const posts = (page: Page) => page.getByTestId('post').getByTestId('post-body');

/** The timeline's post showing `text`. */
export const postWith = (page: Page, text: string) => page.getByTestId('post').filter({ hasText: text });

/** The timeline's post whose text is exactly `text`. */
export const postExactly = (page: Page, text: string) => page.getByTestId('post').filter({ has: page.getByTestId('post-body').getByText(text, { exact: true }) });

/** Deletes a post in the editor: "Delete…", then "Delete update" in the dialog that asks first. */
export async function deletePost(admin: Page, text: string): Promise<void> {
  await postWith(admin, text).getByRole('button', { name: 'Delete…' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Delete this update?' });
  await dialog.getByRole('button', { name: 'Delete update' }).click();
  await expect(postWith(admin, text)).toHaveCount(0);
}
