import { uploadCsv } from '../server/testing/job-client.ts';
import type { ReplyMessage } from '../server/testing/job-client.ts';
import type { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { monotonicMs } from './lib/clock.ts';

/**
 * What bench:jobs does as a `/jobs` client, through the same doors as the
 * browser: a CSV upload on `POST /api/jobs/bigdata` with the reply token, a
 * `report.request` on the socket, and outcomes read from the reply channel.
 */

/** Uploads a CSV for `bigdata.process`; resolves with the job id once the server answered 202. */
export async function submitBigdata(url: string, client: SocketCommunicator, csv: string, name: string): Promise<string> {
  const { status, body } = await uploadCsv(url, client, csv, name);
  if (status !== 202 || !body.jobId) throw new Error(`upload of ${name} refused: HTTP ${status} ${body.error?.message ?? ''}`);
  return body.jobId;
}

/** Requests a `report.render` job on a completed bigdata job; resolves with its id once the server acked. */
export async function submitReport(client: SocketCommunicator, sourceJobId: string): Promise<string> {
  const ack = await client.request<{ jobId: string }>('report.request', { sourceJobId });
  if (!ack.ok) throw new Error(`report.request refused: ${ack.error.code}: ${ack.error.message}`);
  return ack.data.jobId;
}

/** Reads the reply channel until every job in `jobIds` has completed; throws when one of them fails. */
export async function awaitCompletions(client: SocketCommunicator, jobIds: Iterable<string>, timeoutMs: number): Promise<void> {
  const pending = new Set(jobIds);
  const deadline = monotonicMs() + timeoutMs;
  while (pending.size > 0) {
    const message = await client.receive<ReplyMessage>('reply.message', Math.max(1, deadline - monotonicMs())).catch(() => {
      throw new Error(`${pending.size} jobs had not completed within ${timeoutMs} ms: ${[...pending].slice(0, 5).join(', ')}`);
    });
    const jobId = String(message.payload.jobId);
    if (message.event === 'job.failed' && pending.has(jobId)) throw new Error(`job ${jobId} failed: ${String(message.payload.reason)}`);
    if (message.event === 'job.completed') pending.delete(jobId);
  }
}
