import { MAX_CSV_BYTES, MAX_ROWS } from '../../../server/features/jobs/bigdata-protocol.ts';
import { formatBytes } from './format.ts';
import { sentence } from '../sentence.ts';

/** A CSV ready to upload: checked in the browser for what can be checked without parsing it. */
export type Dataset = { name: string; body: Blob; bytes: number };

/** The limits, as the form states them. */
export const DATASET_LIMITS = `a header row, then up to ${MAX_ROWS.toLocaleString('en')} rows; at most ${formatBytes(MAX_CSV_BYTES)}`;

/**
 * Why a dataset was not accepted: checked in the browser (`empty`,
 * `too_large`, `not_csv`), refused by the server (its error code, e.g.
 * `rate_limited`), or the request failed (`network`). `message` is written
 * for the person using the page.
 */
export class DatasetError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}

// The server looks at the same prefix for NUL bytes (server/http/job-routes.ts).
const SNIFF_BYTES = 65_536;

/**
 * Checks a chosen file before uploading it: not empty, within the size limit,
 * and text rather than a binary file such as a spreadsheet.
 *
 * @throws DatasetError naming what is wrong.
 */
export async function datasetFromFile(file: File): Promise<Dataset> {
  checkSize(file.size, 'The file');
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  if (head.includes(0)) {
    throw new DatasetError('not_csv', `${file.name} is a binary file, not CSV text; if it is a spreadsheet, export it as CSV first.`);
  }
  return { name: file.name, body: file, bytes: file.size };
}

/**
 * Checks pasted CSV text before uploading it (its size is counted in UTF-8 bytes, as the server counts it).
 *
 * @throws DatasetError naming what is wrong.
 */
export function datasetFromText(text: string, name = 'pasted data'): Dataset {
  const body = new Blob([text], { type: 'text/csv' });
  checkSize(text.trim() === '' ? 0 : body.size, 'The pasted text');
  if (text.includes('\0')) throw new DatasetError('not_csv', 'The pasted text holds NUL characters, so it is not CSV text.');
  return { name, body, bytes: body.size };
}

/**
 * Uploads a dataset for profiling (`POST /api/jobs/bigdata`). Progress and the
 * result will arrive on the reply channel whose token is given. Resolves with
 * the job's id.
 *
 * @throws DatasetError with the server's message (e.g. "you already have 3 jobs running …"), or code `network`.
 * @example const jobId = await uploadDataset(await datasetFromFile(file), await client.replyToken());
 */
export async function uploadDataset(dataset: Dataset, replyToken: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`/api/jobs/bigdata?name=${encodeURIComponent(dataset.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-reply-token': replyToken },
      body: dataset.body,
    });
  } catch (error) {
    throw new DatasetError('network', `The upload did not reach the server (${(error as Error).message}); check the connection and try again.`);
  }
  const answer = (await response.json().catch(() => null)) as { jobId?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (response.status === 202 && typeof answer?.jobId === 'string') return answer.jobId;
  if (response.status === 413) throw new DatasetError('payload_too_large', `The file is larger than the limit of ${formatBytes(MAX_CSV_BYTES)}.`);
  const { code, message } = answer?.error ?? {};
  if (typeof code === 'string' && typeof message === 'string') throw new DatasetError(code, sentence(message));
  throw new DatasetError('internal', `The server answered the upload with status ${response.status}; try again later.`);
}

function checkSize(bytes: number, what: string): void {
  if (bytes === 0) throw new DatasetError('empty', `${what} is empty; a CSV needs a header row and data rows.`);
  if (bytes > MAX_CSV_BYTES) {
    throw new DatasetError('too_large', `${what} is ${formatBytes(bytes)}; the limit is ${formatBytes(MAX_CSV_BYTES)}.`);
  }
}
