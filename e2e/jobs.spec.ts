import { expect, test } from '@playwright/test';
import { MAX_CSV_BYTES } from '../server/features/jobs/bigdata-protocol.ts';
import { generatedCsv } from '../server/testing/job-client.ts';
import { jobsPage, openJobs, recordedJobState } from './jobs-page.ts';

// Large enough that the worker reports progress several times before it is done
// (about 14 MB: reading and profiling take hundreds of milliseconds even on a fast machine).
const LARGE_ROWS = 600_000;
const largeCsv = generatedCsv(LARGE_ROWS);
// Just under the 20 MB limit.
const CANCELLED_ROWS = 780_000;

/**
 * The bigdata jobs in a real browser: a CSV goes up over HTTP, a real worker
 * process profiles it, and progress and the result come back on the tab's
 * reply channel — also across a reload, or after the tab was away while the
 * job finished.
 */
test.describe('bigdata jobs', () => {
  test('profiles an uploaded CSV: progress while it runs, then the statistics table and a histogram', async ({ page }) => {
    test.setTimeout(120_000);
    const jobs = await openJobs(page);
    await expect(page.getByText('at most 20 MB')).toBeVisible();

    const jobId = await jobs.uploadFile('large.csv', largeCsv);
    await expect(jobs.state).toHaveText('completed', { timeout: 90_000 });

    // Progress was shown between the start and the end: the bar held a value strictly between 0 and 100.
    const seen = await jobs.progressSeen();
    expect(seen.some((value) => value > 0 && value < 100), `progress values shown: ${seen.join(', ')}`).toBe(true);

    await expect(page.getByTestId('dataset-size')).toHaveText('600,000 rows · 13.9 MB · 4 columns');
    const rows = jobs.statsTable.getByTestId('column-row');
    await expect(rows).toHaveCount(4);
    const value = rows.filter({ has: page.getByRole('rowheader', { name: 'value', exact: true }) });
    await expect(value.getByRole('cell').nth(0)).toHaveText('number');
    await expect(value.getByRole('cell').nth(1)).toHaveText('600,000');
    await expect(rows.filter({ has: page.getByRole('rowheader', { name: 'flag' }) }).getByRole('cell').nth(0)).toHaveText('boolean');
    await expect(rows.filter({ has: page.getByRole('rowheader', { name: 'label' }) }).getByRole('cell').nth(0)).toHaveText('text');

    const histogram = page.getByRole('img', { name: 'Histogram of value' });
    await expect(histogram).toBeVisible();
    await expect(histogram.getByTestId('histogram-bar')).toHaveCount(20);
    await expect(page.getByRole('article', { name: /label/ }).getByText('Top values')).toBeVisible();

    // The job list, reached from the header, shows it as completed.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    const row = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);
    await expect(row.getByTestId('job-state')).toHaveText('completed');
    await expect(row.getByRole('link', { name: 'large.csv' })).toBeVisible();
  });

  test('names the malformed row, and refuses empty, binary and oversized files before uploading', async ({ page }) => {
    test.setTimeout(60_000);
    const jobs = await openJobs(page);

    await jobs.uploadFile('ragged.csv', 'a,b\n1,2\n3,4,5\n');
    await expect(jobs.state).toHaveText('failed');
    await expect(page.getByTestId('job-error')).toContainText('Row 3 has 3 fields, the header has 2');
    await expect(page.getByTestId('job-error-code')).toHaveText('Failure code: bad_input');

    await page.goto('/jobs');
    await jobs.chooseFile('empty.csv', Buffer.alloc(0));
    await expect(jobs.uploadError).toHaveText('The file is empty; a CSV needs a header row and data rows.');
    await jobs.chooseFile('sheet.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]));
    await expect(jobs.uploadError).toContainText('sheet.xlsx is a binary file, not CSV text');
    await jobs.chooseFile('huge.csv', Buffer.alloc(MAX_CSV_BYTES + 1, 'a'));
    await expect(jobs.uploadError).toHaveText('The file is 20.1 MB; the limit is 20 MB.');
    await page.getByRole('button', { name: 'Analyze file' }).click();
    await expect(jobs.uploadError).toHaveText('The file is 20.1 MB; the limit is 20 MB.');
    await expect(page).toHaveURL(/\/jobs$/);
  });

  test('a tab that reloads mid-job, or is away while the job finishes, still gets the result', async ({ page }) => {
    test.setTimeout(120_000);
    const jobs = await openJobs(page);

    // Reloaded straight after the upload: the job is still being processed or has only just finished.
    await jobs.uploadFile('reloaded.csv', largeCsv);
    await page.reload();
    await expect(jobs.state).toHaveText('completed', { timeout: 90_000 });
    await expect(page.getByRole('img', { name: 'Histogram of value' })).toBeVisible();

    // Away (no socket at all) until the worker has recorded the job as finished: every message about it was missed.
    await page.goto('/jobs');
    const away = await jobs.uploadFile('away.csv', largeCsv);
    await page.goto('about:blank');
    await expect.poll(() => recordedJobState(away), { timeout: 90_000 }).toBe('completed');
    await page.goto(`/jobs/${away}`);
    const back = jobsPage(page);
    await expect(back.state).toHaveText('completed');
    await expect(back.statsTable.getByTestId('column-row')).toHaveCount(4);
    await expect(page.getByRole('img', { name: 'Histogram of value' })).toBeVisible();
  });

  test('cancels a running job at the person’s request', async ({ page }) => {
    test.setTimeout(120_000);
    const jobs = await openJobs(page);
    // The largest accepted file: profiling it takes about a second on a fast machine, time enough to press Cancel.
    await jobs.uploadFile('cancelled.csv', generatedCsv(CANCELLED_ROWS));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(jobs.state).toHaveText('cancelled', { timeout: 60_000 });
    await expect(page.getByTestId('job-error')).toHaveText('The job was cancelled: cancelled by the client.');
  });

  test('renders the Markdown report of a completed job on the report worker channel', async ({ page }) => {
    test.setTimeout(60_000);
    const jobs = await openJobs(page);
    await jobs.pasteText('city,temp\nOslo,3\nRome,18\n');
    await expect(jobs.state).toHaveText('completed');
    await expect(page.getByRole('img', { name: 'Histogram of temp' })).toBeVisible();

    await page.getByRole('button', { name: 'Render report' }).click();
    const report = page.getByTestId('report');
    await expect(report).toContainText('| temp | number | 2 |');
    await expect(report).toContainText('# Dataset report: pasted data');
  });

  test('opening someone else’s (or no) job says so', async ({ page }) => {
    await openJobs(page);
    await page.goto('/jobs/00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('heading', { name: 'No such job' })).toBeVisible();
  });
});
