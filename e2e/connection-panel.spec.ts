import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { E2E_SECOND_BASE_URL } from './e2e-env.ts';
import { jobsPage } from './jobs-page.ts';
import { expectAccessible } from './page-checks.ts';

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Connection' });
const valueOf = (page: Page, name: string) => panelOf(page).locator('dt', { hasText: name }).locator('+ dd');

/**
 * The connection panel, for support requests: "absent unless the browser
 * turned the debug flag on (`?debug=1`, remembered until `?debug=0`); then it
 * shows the connection state, the interface server's id (another server,
 * another id), the tab's reply channel and the latency of the last reply
 * message, and copies them as text".
 */
test.describe('connection panel', () => {
  test('is absent without the debug flag', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await expect(panelOf(page)).toHaveCount(0);
  });

  test('shows the connection with real values behind ?debug=1, copies them, and remembers the flag until ?debug=0', async ({ page, context, browser }) => {
    test.setTimeout(60_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/jobs?debug=1');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await expect(valueOf(page, 'State')).toHaveText('Connected');
    await expect(valueOf(page, 'Server')).toHaveText(/^[0-9a-f]{8}$/);
    await expect(valueOf(page, 'Reply channel')).toHaveText(/^reply![A-Za-z0-9_-]{22}$/);
    await expect(valueOf(page, 'Last delivery')).toHaveText('none yet');
    await expectAccessible(page, 'a page with the connection panel');

    // A job's progress and outcome arrive on the reply channel, stamped by the server that published them.
    const jobs = jobsPage(page);
    await jobs.pasteText('a,b\n1,2\n3,4\n');
    await expect(jobs.state).toHaveText('completed');
    await expect(valueOf(page, 'Last delivery')).toHaveText(/^\d+ ms \(job\.(progress|completed)\)$/);
    const server = await valueOf(page, 'Server').textContent();

    await panelOf(page).getByRole('button', { name: 'Copy details' }).click();
    await expect(panelOf(page).getByRole('status')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`Server: ${server}`);
    expect(copied).toMatch(/^State: Connected\nServer: [0-9a-f]{8}\nReply channel: reply!\S{22}\nLast delivery: \d+ ms \(job\.\w+\)\nPage: \/jobs\/[0-9a-f-]{36}\nTime: \d{4}-/);

    // Remembered on later pages without the parameter.
    await page.goto('/');
    await expect(valueOf(page, 'State')).toHaveText('Connected');

    // Another interface server: another id.
    const elsewhere = await browser.newPage({ baseURL: E2E_SECOND_BASE_URL });
    await elsewhere.goto('/?debug=1');
    await expect(valueOf(elsewhere, 'Server')).toHaveText(/^[0-9a-f]{8}$/);
    expect(await valueOf(elsewhere, 'Server').textContent()).not.toBe(server);
    await elsewhere.close();

    await page.goto('/?debug=0');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await expect(panelOf(page)).toHaveCount(0);
  });
});
