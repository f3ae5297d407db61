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
import { jobThreadOptions } from './job-thread-options.ts';
import { processors } from './processors/index.ts';
import { runJob } from './run-job.ts';

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
 * A BullMQ worker serving one channel. A sandboxed channel's jobs run in
 * worker threads (sandbox.mjs: CPU-bound work never blocks this process's
 * event loop, and a processor that crashes takes only its thread down); a
 * light channel's run here, with this process's database and channel layer.
 * The runner reports progress and outcome; here a final failure it could not
 * report (its thread crashed) is announced as `crashed`.
 */
export function createChannelWorker(channel: WorkerChannelName, options: ChannelWorkerOptions): Worker<JobData> {
  const settings = channelSettings[channel];
  const deps = { db: options.db, layer: options.layer, processors, settings: channelSettings };
  const inProcess = (job: Job<JobData>, _token?: string, signal?: AbortSignal) => runJob(job, deps, signal);
  const worker = new Worker<JobData>(channel, settings.sandboxed ? sandbox : inProcess, {
    connection: options.connection,
    prefix: queuePrefix(options.prefix),
    concurrency: options.concurrency ?? settings.concurrency,
    useWorkerThreads: true,
    workerThreadsOptions: jobThreadOptions(process.execArgv),
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
