import { Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Database } from '../prisma/client.ts';
import type { ChannelLayer } from '../server/layer/channel-layer.ts';
import { queuePrefix } from '../server/layer/worker-queues.ts';
import type { JobMetrics } from '../server/metrics/job-metrics.ts';
import type { JobData } from '../server/layer/worker-queues.ts';
import type { WorkerChannelName } from '../server/protocol/jobs.ts';
import { announceOutcome } from '../server/jobs/announce-outcome.ts';
import { channelSettings } from './channel-settings.ts';

/** What a channel worker needs from its pool. */
export type ChannelWorkerOptions = {
  connection: Redis;
  prefix: string;
  db: Database;
  layer: ChannelLayer;
  metrics: JobMetrics;
  /** How long a job's lock lives; a worker that dies mid-job gives the job up after this long. */
  lockMs: number;
  /** Jobs run at once (WORKER_CONCURRENCY). Default: the channel's own setting. */
  concurrency?: number;
};

const sandbox = new URL('./sandbox.mjs', import.meta.url);

/**
 * A BullMQ worker serving one channel. Jobs run in worker threads (sandboxed:
 * CPU-bound work never blocks this process's event loop, and a processor that
 * crashes takes only its thread down). Inside the thread the runner reports
 * progress and outcome; here a final failure the thread could not report (it
 * crashed) is announced as `crashed`.
 */
export function createChannelWorker(channel: WorkerChannelName, options: ChannelWorkerOptions): Worker<JobData> {
  const worker = new Worker<JobData>(channel, sandbox, {
    connection: options.connection,
    prefix: queuePrefix(options.prefix),
    concurrency: options.concurrency ?? channelSettings[channel].concurrency,
    useWorkerThreads: true,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    maxStalledCount: 2,
  });
  const observe = (job: Job<JobData> | undefined, outcome: 'completed' | 'failed') => {
    if (job?.processedOn && job.finishedOn) options.metrics.observe(channel, outcome, (job.finishedOn - job.processedOn) / 1000);
  };
  worker.on('completed', (job) => observe(job, 'completed'));
  worker.on('failed', (job: Job<JobData> | undefined, error: Error) => {
    observe(job, 'failed');
    if (!job?.id || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const ref = { id: job.id, channel, replyChannel: job.data.replyChannel };
    announceOutcome(options.db, options.layer, ref, { state: 'failed', code: 'crashed', reason: `the job failed: ${error.message}` }).catch(
      (announceError: unknown) => console.error(`[switchyard] ${channel}: could not announce failure of ${job.id}:`, announceError),
    );
  });
  worker.on('error', (error) => console.error(`[switchyard] ${channel} worker: ${error.message}`));
  return worker;
}
