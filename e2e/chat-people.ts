import { expect } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { E2E_BASE_URL } from './e2e-env.ts';
import { createAccount, logIn } from './log-in.ts';
import { uniqueName } from './switchyard-cli.ts';

/** People in the chat, each a separate browser context (own cookies and storage). */

export type Person = { context: BrowserContext; page: Page; name: string };

/** A guest in a new browser context (on `baseURL`'s server if given), closed by whoever holds `contexts`. */
export async function person(browser: Browser, label: string, contexts: BrowserContext[], baseURL?: string): Promise<Person> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  contexts.push(context);
  return { context, page: await context.newPage(), name: uniqueName(label).slice(0, 20) };
}


/** A registered user (made with `switchyard createuser`), logged in through /login in a new browser context. */
export async function registered(browser: Browser, label: string, contexts: BrowserContext[]): Promise<Person> {
  const name = await createAccount(label);
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await logIn(page, name, { next: '/chat' });
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

/**
 * A guest's own Socket.IO connection from this Node process, joined to
 * `room` as `displayName`. `track` gets the socket at once, so whoever
 * disconnects the guests gets it even if the join fails.
 */
async function joinedGuest(room: string, displayName: string, track: (socket: Socket) => void = () => {}): Promise<Socket> {
  const socket = io(`${E2E_BASE_URL}/chat`, { transports: ['websocket'], reconnection: false, forceNew: true });
  track(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const reply = (await socket.timeout(10_000).emitWithAck('room.join', { room, displayName })) as { ok: boolean };
  if (!reply.ok) throw new Error(`guest "${displayName}" could not join: ${JSON.stringify(reply)}`);
  return socket;
}

/**
 * A crowd of `size` guests in `room`, each its own Socket.IO connection from
 * this Node process (browsers would be too heavy), joined `width` at a time.
 * `leave()` disconnects them all.
 */
export async function crowd(room: string, size: number, width = 20): Promise<{ leave(): void }> {
  const sockets: Socket[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < size) await joinedGuest(room, `crowd ${next++}`, (socket) => sockets.push(socket));
    }),
  );
  return { leave: () => sockets.forEach((socket) => socket.disconnect()) };
}

/** A guest talking from this Node process (no browser), joined to `room` as `name`; `say` sends and waits for the ack. */
export async function talker(room: string, name: string): Promise<{ say(body: string): Promise<void>; leave(): void }> {
  let opened: Socket | undefined;
  const socket = await joinedGuest(room, name, (s) => (opened = s)).catch((error: unknown) => {
    opened?.disconnect();
    throw error;
  });
  return {
    async say(body) {
      const reply = (await socket.timeout(10_000).emitWithAck('message.send', { room, body })) as { ok: boolean };
      if (!reply.ok) throw new Error(`${name} could not say "${body}": ${JSON.stringify(reply)}`);
    },
    leave: () => socket.disconnect(),
  };
}
