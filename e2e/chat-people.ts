import { expect } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { switchyard, uniqueName } from './switchyard-cli.ts';

/** People in the chat, each a separate browser context (own cookies and storage). */

export type Person = { context: BrowserContext; page: Page; name: string };

/** A guest in a new browser context (on `baseURL`'s server if given), closed by whoever holds `contexts`. */
export async function person(browser: Browser, label: string, contexts: BrowserContext[], baseURL?: string): Promise<Person> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  contexts.push(context);
  return { context, page: await context.newPage(), name: uniqueName(label).slice(0, 20) };
}

const PASSWORD = 'correct horse battery staple';

/** A registered user (made with `switchyard createuser`), logged in through /login in a new browser context. */
export async function registered(browser: Browser, label: string, contexts: BrowserContext[]): Promise<Person> {
  const name = uniqueName(label).slice(0, 20);
  await switchyard(['createuser', name], { SWITCHYARD_PASSWORD: PASSWORD });
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/login?next=/chat');
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  return { context, page, name };
}

/** Opens a room as a signed-in user (no name to choose) and waits until they are in its member list. */
export async function enterSignedIn({ page, name }: Person, room: string): Promise<void> {
  await page.goto(`/chat/${room}`);
  await expect(page.getByTestId('member').filter({ hasText: name })).toHaveCount(1);
}

/** Opens a room as a guest and waits until the server has them in its member list. */
export async function enter({ page, name }: Person, room: string): Promise<void> {
  await page.goto(`/chat/${room}`);
  await page.getByLabel('Your name in this room').fill(name);
  await page.getByRole('button', { name: 'Enter the room' }).click();
  await expect(page.getByTestId('member').filter({ hasText: name })).toHaveCount(1);
}

export async function say({ page }: Person, body: string): Promise<void> {
  await page.getByRole('textbox', { name: /^Message/ }).fill(body);
  await page.getByRole('button', { name: 'Send' }).click();
}

export const messages = (page: Page) => page.getByTestId('message');
export const sent = (page: Page, body: string) => page.locator('[data-testid="message"][data-state="sent"]', { hasText: body });
