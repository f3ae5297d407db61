import type { Database } from '../prisma/client.ts';
import type { ChannelLayer } from '../server/layer/channel-layer.ts';
import type { JobData } from '../server/layer/worker-queues.ts';
import { workerChannels } from '../server/features/jobs/jobs-protocol.ts';
import type { WorkerChannelName } from '../server/features/jobs/jobs-protocol.ts';
import { announceOutcome } from '../server/features/jobs/announce-outcome.ts';
import { markJobActive, storeProgress } from '../server/features/jobs/job-records.ts';
import type { ChannelSettingsMap } from './channel-settings.ts';
import { JobFailure } from './job-failure.ts';
import { PermanentFailure } from './processor.ts';
import type { Processor, ProcessorRegistry } from './processor.ts';

/** The parts of a BullMQ job the runner reads (a sandboxed job has the same shape). */
export type RunnableJob = {
  id?: string;
  name: string;
  data: JobData;
  attemptsMade: number;
  opts: { attempts?: number };
};

/** What running a job needs. */
export type RunDeps = {
  db: Database;
  layer: ChannelLayer;
  processors: ProcessorRegistry;
  settings: ChannelSettingsMap;
};

const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs one job: checks its record, calls the channel's processor with a signal
 * that also fires on timeout, streams throttled progress to the requester's
 * reply channel, and announces the outcome once. Retryable errors are
 * rethrown for BullMQ to retry; final ones are announced, then thrown as a
 * JobFailure (its code first in BullMQ's `failedReason`).
 */
export async function runJob(job: RunnableJob, deps: RunDeps, signal: AbortSignal = new AbortController().signal): Promise<unknown> {
  const channel = job.name as WorkerChannelName;
  const id = job.id ?? '';
  const { replyChannel } = job.data;
  const ref = { id, channel, replyChannel };
  if (!(await markJobActive(deps.db, id))) {
    const record = await deps.db.job.findUnique({ where: { id }, select: { result: true } });
    if (!record) throw new PermanentFailure(`job ${id} has no record; it was enqueued without one`);
    return record.result; // announced already (a retry after the outcome was sent)
  }

  const timeout = AbortSignal.timeout(deps.settings[channel].timeoutMs);
  const combined = AbortSignal.any([signal, timeout]);
  let lastProgressAt = 0;
  const progress = (value: unknown) => {
    const now = Date.now();
    const fraction = (value as { fraction?: number }).fraction;
    if (now - lastProgressAt < PROGRESS_INTERVAL_MS && fraction !== 1) return;
    lastProgressAt = now;
    void deps.layer.send(replyChannel, 'job.progress', { jobId: id, channel, progress: value } as never).catch(() => {});
    if (typeof fraction === 'number') void storeProgress(deps.db, id, fraction).catch(() => {});
  };

  try {
    const input = workerChannels[channel].input.parse(job.data.input);
    const processor = deps.processors[channel] as Processor<WorkerChannelName>;
    const result = await processor(input as never, { signal: combined, progress, db: deps.db });
    await announceOutcome(deps.db, deps.layer, ref, { state: 'completed', result });
    return result;
  } catch (error) {
    const failure = classify(error as Error, signal, timeout, deps.settings[channel].timeoutMs);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!failure.final && !lastAttempt) throw error;
    await announceOutcome(deps.db, deps.layer, ref, failure.outcome);
    throw new JobFailure(failure.outcome.code, failure.outcome.reason);
  }
}

function classify(error: Error, signal: AbortSignal, timeout: AbortSignal, timeoutMs: number) {
  if (signal.aborted && signal.reason === 'cancelled') {
    return { final: true, outcome: { state: 'cancelled', code: 'cancelled', reason: 'cancelled by the client' } as const };
  }
  if (timeout.aborted) {
    return { final: true, outcome: { state: 'failed', code: 'timed_out', reason: `the job ran longer than ${timeoutMs / 1000} s, its channel's time limit (JOB_TIMEOUT_MS)` } as const };
  }
  if (error.name === 'UnrecoverableError') {
    return { final: true, outcome: { state: 'failed', code: 'bad_input', reason: error.message } as const };
  }
  return { final: false, outcome: { state: 'failed', code: 'internal', reason: `the job failed: ${error.message}` } as const };
}
