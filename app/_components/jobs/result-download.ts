import { jobResultPath, workerChannels } from '../../../server/features/jobs/jobs-protocol.ts';
import type { ErrorCode } from '../../../server/protocol/index.ts';
import type { JobWithResult, WorkerChannelName } from '../../../server/features/jobs/jobs-protocol.ts';
import { RealtimeError } from '../../_realtime/index.ts';

/**
 * Downloads the result of a completed job that was too large for a message
 * (`job.completed` and `job.get` named it by its size): `GET jobResultPath`
 * with the tab's reply token (and the share token of a job shared by link),
 * checked against its channel's schema.
 *
 * @throws RealtimeError with the server's code and message (`rate_limited`, `not_found`, …), or `unavailable` when the request failed.
 * @example dispatch({ type: 'completed', event: await downloadResult(job, await client.replyToken()) });
 */
export async function downloadResult(job: { jobId: string; channel: WorkerChannelName }, replyToken: string, share?: string): Promise<JobWithResult> {
  let response: Response;
  try {
    response = await fetch(jobResultPath(job.jobId), { headers: { 'x-reply-token': replyToken, ...(share ? { 'x-share-token': share } : {}) } });
  } catch (error) {
    throw new RealtimeError('unavailable', `The result did not arrive (${(error as Error).message}); check the connection and reload the page.`);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const { code, message } = (body as { error?: { code?: ErrorCode; message?: string } } | null)?.error ?? {};
    throw new RealtimeError(code ?? 'internal', message ?? `The server answered the download with status ${response.status}; reload the page to try again.`);
  }
  // One branch per channel, so TypeScript pairs each channel with its result type.
  return job.channel === 'bigdata.process'
    ? { jobId: job.jobId, channel: job.channel, result: workerChannels['bigdata.process'].result.parse(body) }
    : { jobId: job.jobId, channel: job.channel, result: workerChannels['report.render'].result.parse(body) };
}
