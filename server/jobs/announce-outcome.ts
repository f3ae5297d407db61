import type { Database } from '../../prisma/client.ts';
import { SwitchyardError, Unavailable } from '../errors.ts';
import type { ChannelLayer } from '../layer/channel-layer.ts';
import { claimOutcome } from './job-records.ts';
import type { JOB_FAILURE_CODES, WorkerChannelName } from '../protocol/jobs.ts';

/** How long the notice of a claimed outcome waits for Redis to come back before giving up. */
const SEND_PATIENCE_MS = 30_000;

type Outcome =
  | { state: 'completed'; result: unknown }
  | { state: 'failed' | 'cancelled'; code: (typeof JOB_FAILURE_CODES)[number]; reason: string };

/**
 * Records a job's outcome and tells its client, at most once: the record is
 * claimed (notifiedAt set) in the same UPDATE that stores the outcome, so a
 * retried or duplicated completion never announces twice. Once claimed, the
 * send waits out a Redis outage of up to 30 s (a restart); if it still fails,
 * the client finds the outcome in its job list.
 */
export async function announceOutcome(
  db: Database,
  layer: ChannelLayer,
  job: { id: string; channel: WorkerChannelName; replyChannel: string },
  outcome: Outcome,
): Promise<boolean> {
  if (!(await claimOutcome(db, job.id, outcome, new Date()))) return false;
  await patiently(() =>
    outcome.state === 'completed'
      ? layer.send(job.replyChannel, 'job.completed', { jobId: job.id, channel: job.channel, result: outcome.result } as never)
      : layer.send(job.replyChannel, 'job.failed', { jobId: job.id, channel: job.channel, code: outcome.code, reason: outcome.reason }),
  );
  return true;
}

/** Runs `send` until it succeeds, retrying failures of Redis (not of the message) for up to SEND_PATIENCE_MS. */
async function patiently(send: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + SEND_PATIENCE_MS;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      const redisFailure = error instanceof Unavailable || !(error instanceof SwitchyardError);
      if (!redisFailure || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
