import type { Page } from '@playwright/test';
import { switchyard, uniqueName } from './switchyard-cli.ts';

/** The password of every account the browser tests make. */
export const PASSWORD = 'correct horse battery staple';

/** Makes an account with the `switchyard` CLI (`createuser`, or `createadmin` for staff) and returns its username. */
export async function createAccount(label: string, { staff = false }: { staff?: boolean } = {}): Promise<string> {
  const username = uniqueName(label).slice(0, 32);
  await switchyard([staff ? 'createadmin' : 'createuser', username], { SWITCHYARD_PASSWORD: PASSWORD });
  return username;
}

/** Logs in through the HTML form on /login (then to `next`, if given), as a person would. */
export async function logIn(page: Page, username: string, { next, password = PASSWORD }: { next?: string; password?: string } = {}): Promise<void> {
  await page.goto(next ? `/login?next=${next}` : '/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
