import { expect } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { switchyard, uniqueName } from './switchyard-cli.ts';

/** The liveblog's pages as a person uses them: an admin (staff login, editor) and readers. */

export const PASSWORD = 'correct horse battery staple';

/** A staff user made with `switchyard createadmin`, logged in through /login in a new context. */
export async function adminContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const username = uniqueName('admin');
  await switchyard(['createadmin', username], { SWITCHYARD_PASSWORD: PASSWORD });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login?next=/admin');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/admin$/);
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

/** Opens the public page of a liveblog in a new context (on `baseURL`'s server if given) and waits until it follows live. */
export async function reader(browser: Browser, slug: string, baseURL?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  const page = await context.newPage();
  await page.goto(`/liveblog/${slug}`);
  await expect(page.getByTestId('liveblog')).toHaveAttribute('data-following', 'true');
  return { context, page };
}

export async function post(admin: Page, text: string): Promise<void> {
  const form = admin.getByRole('form', { name: 'New post' });
  await form.getByRole('textbox').fill(text);
  await form.getByRole('button', { name: 'Post update' }).click();
  await expect(form.getByRole('textbox')).toHaveValue('');
}

export const posts = (page: Page) => page.getByTestId('post-body');
