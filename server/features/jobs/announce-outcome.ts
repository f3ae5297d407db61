import type { Database } from '../../../prisma/client.ts';
import { PayloadTooLarge, SwitchyardError, Unavailable } from '../../errors.ts';
import type { ChannelLayer } from '../../layer/channel-layer.ts';
import { claimOutcome } from './job-records.ts';
import type { JobFailureCode } from '../../protocol/job-failures.ts';
import type { WorkerChannelName } from './jobs-protocol.ts';

/** How long the notice of a claimed outcome waits for Redis to come back before giving up. */
const SEND_PATIENCE_MS = 30_000;
/** Longest failure reason `job.failed` carries (its schema's bound); longer ones are cut. */
const MAX_REASON_LENGTH = 2000;

type Outcome =
  | { state: 'completed'; result: unknown }
  | { state: 'failed' | 'cancelled'; code: JobFailureCode; reason: string };

type JobRef = { id: string; channel: WorkerChannelName; replyChannel: string };

/** Options of `announceOutcome`. */
export type AnnounceOptions = {
  /** How long a notice waits out a Redis outage. Default 30 s (a restart). */
  patienceMs?: number;
};

/**
 * Records a job's outcome and tells its client, at most once: the record is
 * claimed (notifiedAt set) in the same UPDATE that stores the outcome, so a
 * retried or duplicated completion never announces twice. A result too large
 * for one message (MAX_MESSAGE_BYTES) is announced by its size, and the
 * client downloads it (`jobResultPath`). Once claimed, the send waits out a
 * Redis outage of up to 30 s (a restart); if it still fails, that is logged,
 * and the client finds the outcome in its job list. Resolves whether this
 * call claimed the outcome.
 */
export async function announceOutcome(db: Database, layer: ChannelLayer, job: JobRef, outcome: Outcome, options: AnnounceOptions = {}): Promise<boolean> {
  const recorded = outcome.state === 'completed' ? outcome : { ...outcome, reason: cut(outcome.reason) };
  if (!(await claimOutcome(db, job.id, recorded, new Date()))) return false;
  const send = recorded.state === 'completed' ? () => sendCompleted(layer, job, recorded.result) : () => sendFailed(layer, job, recorded);
  try {
    await patiently(send, options.patienceMs ?? SEND_PATIENCE_MS);
  } catch (error) {
    console.error(`[switchyard] job ${job.id} ${recorded.state}, but its client could not be told (it will find the job in its list):`, error);
  }
  return true;
}

async function sendCompleted(layer: ChannelLayer, job: JobRef, result: unknown): Promise<void> {
  try {
    await layer.send(job.replyChannel, 'job.completed', { jobId: job.id, channel: job.channel, result } as never);
  } catch (error) {
    if (!(error instanceof PayloadTooLarge)) throw error;
    const resultBytes = Buffer.byteLength(JSON.stringify(result));
    await layer.send(job.replyChannel, 'job.completed', { jobId: job.id, channel: job.channel, resultBytes });
  }
}

function sendFailed(layer: ChannelLayer, job: JobRef, { code, reason }: { code: JobFailureCode; reason: string }): Promise<void> {
  return layer.send(job.replyChannel, 'job.failed', { jobId: job.id, channel: job.channel, code, reason });
}

function cut(reason: string): string {
  if (reason.length <= MAX_REASON_LENGTH) return reason;
  // One less when the cut would split a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(reason.charAt(MAX_REASON_LENGTH - 2)) ? MAX_REASON_LENGTH - 2 : MAX_REASON_LENGTH - 1;
  return `${reason.slice(0, end)}…`;
}

/** Runs `send` until it succeeds, retrying failures of Redis (not of the message) until `patienceMs` have passed. */
async function patiently(send: () => Promise<void>, patienceMs: number): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      const redisFailure = error instanceof Unavailable || !(error instanceof SwitchyardError);
      if (!redisFailure || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, patienceMs)));
    }
  }
}
