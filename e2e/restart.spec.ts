import { expect, test } from '@playwright/test';
import { E2E_PORT } from './e2e-env.ts';
import { startInterfaceServer } from './interface-server.ts';
import type { ServerProcess } from '../server/testing/spawn-server.ts';
import { homePage } from './home-page.ts';
import { switchyard, uniqueName } from './switchyard-cli.ts';

// A port of its own (the shared servers have E2E_PORT and the next one): this test stops its server, which the other tests must not notice.
const PORT = E2E_PORT + 2;

test.describe('server restarts', () => {
  let server: ServerProcess | undefined;

  test.afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  test('a tab reconnects after its server restarts, keeps its reply channel and gets what was sent meanwhile', async ({ page }) => {
    test.setTimeout(90_000);
    server = await startInterfaceServer(PORT);
    await page.goto(`${server.url}/about`);
    const home = homePage(page);
    const channel = await home.ready();

    await server.stop();
    await expect(home.status).toHaveAttribute('data-state', 'reconnecting');
    const missed = uniqueName('sent-while-down');
    await switchyard(['send', channel, 'notice.posted', JSON.stringify({ text: missed })]);

    server = await startInterfaceServer(PORT);
    await expect(home.status).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect(home.notices.filter({ hasText: missed })).toHaveCount(1);
    expect(await home.ready()).toBe(channel);
  });
});
