import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import pg from 'pg';
import { E2E_ENV } from './e2e-env.ts';

/** The /jobs pages as a test sees them. */
export type JobsPage = {
  readonly page: Page;
  /** The job page's state badge (`queued`, `running`, `completed`, `failed`, `cancelled`). */
  readonly state: Locator;
  readonly statsTable: Locator;
  /** The form error shown before or instead of an upload. */
  readonly uploadError: Locator;
  /** Chooses a file and presses "Analyze file"; resolves with the new job's id once its page is open. */
  uploadFile(name: string, contents: string | Buffer): Promise<string>;
  /** Pastes text and presses "Analyze text"; resolves with the new job's id once its page is open. */
  pasteText(text: string): Promise<string>;
  /** Chooses a file without submitting it (the form checks it at once). */
  chooseFile(name: string, contents: Buffer): Promise<void>;
  /** Every value any progress bar on the page has shown so far (see `recordProgress`). */
  progressSeen(): Promise<number[]>;
};

const JOB_URL = /\/jobs\/([0-9a-f-]{36})$/;

/**
 * Opens /jobs in `page` and waits until it is connected. Call before the
 * first navigation to record progress values from the start.
 */
export async function openJobs(page: Page): Promise<JobsPage> {
  await recordProgress(page);
  await page.goto('/jobs');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  return jobsPage(page);
}

/** The /jobs locators and actions, without navigating. */
export function jobsPage(page: Page): JobsPage {
  const opened = async () => {
    await page.waitForURL(JOB_URL);
    return JOB_URL.exec(page.url())?.[1] ?? '';
  };
  return {
    page,
    state: page.getByTestId('job-detail').getByTestId('job-state'),
    statsTable: page.getByRole('table', { name: 'Values per column' }),
    uploadError: page.getByTestId('upload-error'),
    async uploadFile(name, contents) {
      await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(contents) });
      await page.getByRole('button', { name: 'Analyze file' }).click();
      return opened();
    },
    async pasteText(text) {
      await page.getByLabel('CSV text', { exact: true }).fill(text);
      await page.getByRole('button', { name: 'Analyze text' }).click();
      return opened();
    },
    async chooseFile(name, contents) {
      await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: contents });
    },
    progressSeen: () => page.evaluate(() => (window as unknown as { __progressSeen?: number[] }).__progressSeen ?? []),
  };
}

/**
 * Records, in the page, every `aria-valuenow` any progress bar takes, from
 * the first parsed node on (a MutationObserver installed before the page's
 * scripts). Event-driven, so a test can ask afterwards whether progress was
 * shown without sampling the page on a clock.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: number[] = [];
    Object.assign(window, { __progressSeen: seen });
    const record = (element: Element) => {
      const value = element.getAttribute('aria-valuenow');
      if (element.getAttribute('role') === 'progressbar' && value !== null) seen.push(Number(value));
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === 'attributes') record(mutation.target as Element);
        for (const node of mutation.addedNodes) {
          if (!(node instanceof Element)) continue;
          record(node);
          node.querySelectorAll('[role="progressbar"]').forEach(record);
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
}

/** A job's state as recorded in the e2e database (what the worker has finished, whether or not a page saw it). */
export async function recordedJobState(jobId: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: E2E_ENV.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string }>('SELECT state FROM jobs WHERE id = $1', [jobId]);
    return rows[0]?.state ?? null;
  } finally {
    await client.end();
  }
}
