import { expect } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { uniqueName } from './switchyard-cli.ts';

/** People in the chat, each a separate browser context (own cookies and storage). */

export type Person = { context: BrowserContext; page: Page; name: string };

/** A guest in a new browser context (on `baseURL`'s server if given), closed by whoever holds `contexts`. */
export async function person(browser: Browser, label: string, contexts: BrowserContext[], baseURL?: string): Promise<Person> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  contexts.push(context);
  return { context, page: await context.newPage(), name: uniqueName(label).slice(0, 20) };
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
