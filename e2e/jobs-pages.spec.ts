import { expect, test } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { generatedCsv } from '../server/testing/job-client.ts';
import { E2E_BASE_URL, E2E_PORT } from './e2e-env.ts';
import { SCREENSHOT_NOW, freshDatabaseUrl, startFreshInstall } from './fresh-install.ts';
import type { ServerProcess } from '../server/testing/spawn-server.ts';
import { SCREENSHOT_JOB_ID, seedCompletedJob } from './jobs-fixtures.ts';
import { jobsPage, openJobs } from './jobs-page.ts';
import { expectAccessible, expectPage } from './page-checks.ts';
import { SCREENS } from './viewports.ts';
import type { Screen } from './viewports.ts';

/**
 * The jobs pages as people use them, at desktop and phone size: a result
 * belongs to the browser (every tab, and another context with its cookies),
 * reaches anyone else only through its share link, and reads well — the
 * statistics without a hidden sideways scroll, histograms with axis values
 * and tooltips, no architecture words.
 *
 * Screenshots (with axe) come from a server of this spec's own (E2E_PORT + 5,
 * a fresh database) holding one fixed completed job, the page clock frozen:
 * update them after an intended change with
 * `npm run test:e2e -- e2e/jobs-pages.spec.ts --update-snapshots`.
 * The sharing tests use the shared server and its real worker.
 */
test.describe.configure({ mode: 'serial' });

const OWN_PORT = E2E_PORT + 5;
let server: ServerProcess;
let owner: { name: string; value: string; url: string };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startFreshInstall({ port: OWN_PORT, databaseUrl: freshDatabaseUrl('jobs'), name: 'jobs' });
  owner = await seedCompletedJob(freshDatabaseUrl('jobs'), server.url);
});
test.afterAll(async () => {
  await server?.stop();
});

/** A context on this spec's own server, set up for identical screenshots. */
function ownContext(browser: Browser, screen: Screen): Promise<BrowserContext> {
  return browser.newContext({ ...screen.options, baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/London', colorScheme: 'light' });
}

/** Opens `path` with the clock frozen and waits until the page is connected. */
async function open(page: Page, path: string): Promise<void> {
  await page.clock.setFixedTime(SCREENSHOT_NOW);
  await page.goto(path);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/** The page is no wider than the screen: nothing is reached only by scrolling sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, 'page width').toBeLessThanOrEqual(widths.screen);
}

for (const screen of SCREENS) {
  test(`no jobs yet (${screen.name}): what the page does, in plain words`, async ({ browser }) => {
    const context = await ownContext(browser, screen);
    try {
      const page = await context.newPage();
      await open(page, '/jobs');
      await expect(page.getByText('No jobs yet: upload a CSV above.')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expect(page.getByRole('main')).not.toContainText(/bigdata\.process|reply channel|channel/i);
      await expectPage(page, `jobs-empty-${screen.name}`);
    } finally {
      await context.close();
    }
  });

  test(`a completed job (${screen.name}): both statistics tables in view, histograms with axes, the list`, async ({ browser }) => {
    const context = await ownContext(browser, screen);
    await context.addCookies([owner]);
    try {
      const page = await context.newPage();
      await open(page, `/jobs/${SCREENSHOT_JOB_ID}`);
      const jobs = jobsPage(page);
      await expect(jobs.state).toHaveText('completed');
      const spread = page.getByRole('table', { name: 'Distribution per column' });
      const score = spread.getByTestId('column-row').filter({ has: page.getByRole('rowheader', { name: 'score' }) });
      await expect(score.getByRole('cell')).toHaveCount(9);
      // Nothing hides to the side: the page does not scroll sideways and the row's last cell (std dev) is within the screen.
      const viewport = page.viewportSize()?.width ?? 0;
      await expectNoSidewaysScroll(page);
      const last = await score.getByRole('cell').last().boundingBox();
      expect((last?.x ?? Infinity) + (last?.width ?? 0)).toBeLessThanOrEqual(viewport);
      await expect(score.getByRole('cell').nth(7)).toHaveText('62.6'); // the mean, to three significant digits
      await expect(page.getByRole('main')).not.toContainText(/bigdata\.process|reply channel/i);
      await expectPage(page, `job-result-${screen.name}`);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
      await expect(page.getByTestId('job-row')).toHaveCount(1);
      await expectNoSidewaysScroll(page);
      await expectPage(page, `jobs-list-${screen.name}`);
    } finally {
      await context.close();
    }
  });
}

test('a histogram names its axis ends (100, not 101) and shows a bar’s range and count on hover and with the keyboard', async ({ browser }) => {
  const context = await ownContext(browser, SCREENS[0]!);
  await context.addCookies([owner]);
  try {
    const page = await context.newPage();
    await open(page, `/jobs/${SCREENSHOT_JOB_ID}`);
    const chart = page.getByRole('img', { name: 'Histogram of id' });
    await expect(chart.locator('text')).toHaveText(['5', '0', '1', '100']);
    await chart.getByTestId('histogram-bar').last().hover();
    const card = page.getByRole('article', { name: /^id/ });
    await expect(card.getByTestId('histogram-tip')).toHaveText('96 to 100: 5 values');
    await page.mouse.move(0, 0);
    await expect(card.getByTestId('histogram-tip')).toHaveCount(0);

    await chart.focus();
    await page.keyboard.press('Home');
    await expect(card.getByTestId('histogram-tip')).toHaveText('1 to 5: 5 values');
    await page.keyboard.press('ArrowRight');
    await expect(card.getByTestId('histogram-tip')).toHaveText('6 to 10: 5 values');
    await expectAccessible(page, 'a job with a histogram tooltip open');
  } finally {
    await context.close();
  }
});

/** A context on the shared server (with its worker) at `screen`'s size. */
const sharedContext = (browser: Browser, screen: Screen, extra: { storageState?: Awaited<ReturnType<BrowserContext['storageState']>> } = {}) =>
  browser.newContext({ ...screen.options, baseURL: E2E_BASE_URL, ...extra });

test('a visitor’s job opens in another tab — which follows it to its result — and in another browser context with the same cookies', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await sharedContext(browser, SCREENS[0]!);
  try {
    const jobs = await openJobs(await context.newPage());
    // Large enough to be still running when the other tab opens it, which gets none of its messages.
    const jobId = await jobs.uploadFile('large.csv', generatedCsv(600_000));
    const tab = jobsPage(await context.newPage());
    await tab.page.goto(`/jobs/${jobId}`);
    await expect(tab.state).toHaveText(/queued|running|completed/);
    await expect(tab.state).toHaveText('completed', { timeout: 90_000 });
    await expect(tab.page.getByRole('img', { name: 'Histogram of value' })).toBeVisible();

    const again = await sharedContext(browser, SCREENS[0]!, { storageState: await context.storageState() });
    const elsewhere = jobsPage(await again.newPage());
    await elsewhere.page.goto(`/jobs/${jobId}`);
    await expect(elsewhere.state).toHaveText('completed');
    await expect(elsewhere.statsTable.getByTestId('column-row')).toHaveCount(4);
    await again.close();
  } finally {
    await context.close();
  }
});

test('a stranger gets “No such job” without the share link, the result with it, and nothing once sharing stops', async ({ browser }) => {
  test.setTimeout(60_000);
  const [phone] = [SCREENS[1]!];
  const [ownerContext, strangerContext] = [await sharedContext(browser, phone), await sharedContext(browser, phone)];
  try {
    const jobs = await openJobs(await ownerContext.newPage());
    const jobId = await jobs.pasteText('item,price\npen,1.5\nink,4\n');
    await expect(jobs.state).toHaveText('completed', { timeout: 30_000 });
    const stranger = await strangerContext.newPage();
    await stranger.goto(`/jobs/${jobId}`);
    await expect(stranger.getByRole('heading', { name: 'No such job' })).toBeVisible();

    const share = jobs.page.getByTestId('share-panel');
    await share.getByRole('button', { name: 'Create a share link' }).click();
    const link = await share.getByLabel(/Anyone with this link/).inputValue();
    expect(link).toMatch(new RegExp(`/jobs/${jobId}\\?share=[A-Za-z0-9_-]{24}$`));

    await stranger.goto(link);
    await expect(jobsPage(stranger).state).toHaveText('completed');
    await expect(stranger.getByText('Shared with you by link.')).toBeVisible();
    await expect(stranger.getByRole('img', { name: 'Histogram of price' })).toBeVisible();
    await expect(stranger.getByRole('button', { name: /Render report|Create a share link/ })).toHaveCount(0);

    await stranger.goto(link.slice(0, -3));
    await expect(stranger.getByRole('heading', { name: 'No such job' })).toBeVisible();

    await share.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(share.getByRole('button', { name: 'Create a share link' })).toBeVisible();
    await stranger.goto(link);
    await expect(stranger.getByRole('heading', { name: 'No such job' })).toBeVisible();
  } finally {
    await ownerContext.close();
    await strangerContext.close();
  }
});
