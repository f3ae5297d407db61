import { expect, test } from '@playwright/test';
import { wideCsv } from '../server/testing/job-client.ts';
import { openJobs } from './jobs-page.ts';

/**
 * A profile larger than one socket message (MAX_MESSAGE_BYTES, 64 KiB) in a
 * real browser: `job.completed` names its size, the page downloads it and
 * shows the table — and does so again after a reload, from `job.get`.
 */
test('shows the profile of a CSV whose result is larger than a message, also after a reload', async ({ page }) => {
  test.setTimeout(90_000);
  const jobs = await openJobs(page);
  const downloads: number[] = [];
  page.on('response', (response) => {
    if (/\/api\/jobs\/[^/]+\/result$/.test(response.url())) downloads.push(response.status());
  });

  await jobs.uploadFile('wide.csv', wideCsv(200, 30));
  await expect(jobs.state).toHaveText('completed', { timeout: 60_000 });
  await expect(page.getByTestId('dataset-size')).toHaveText('30 rows · 242.3 KB · 200 columns');
  const rows = jobs.statsTable.getByTestId('column-row');
  await expect(rows).toHaveCount(200);
  const last = rows.filter({ has: page.getByRole('rowheader', { name: 'column_199', exact: true }) });
  await expect(last.getByRole('cell').nth(0)).toHaveText('text');
  await expect(last.getByRole('cell').nth(1)).toHaveText('30');

  await page.reload();
  await expect(jobs.statsTable.getByTestId('column-row')).toHaveCount(200);
  expect(downloads).toEqual([200, 200]);
});
