import { Worker } from 'bullmq';
import type { Job, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Database } from '../prisma/client.ts';
import type { ChannelLayer } from '../server/layer/channel-layer.ts';
import { queuePrefix } from '../server/layer/worker-queues.ts';
import type { JobMetrics } from '../server/metrics/job-metrics.ts';
import type { JobData } from '../server/layer/worker-queues.ts';
import type { WorkerChannelName } from '../server/protocol/jobs.ts';
import { announceOutcome } from '../server/jobs/announce-outcome.ts';
import { channelSettings } from './channel-settings.ts';
import { processors } from './processors/index.ts';
import { runJob } from './run-job.ts';
import { JobOutOfMemory, SandboxedWorker } from './sandboxed-worker.ts';

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
  /** Heap of each job process of a sandboxed channel (JOB_HEAP_MB). Default: the channel's own setting. */
  heapMb?: number;
};

const sandbox = new URL('./sandbox.mjs', import.meta.url);

/**
 * A BullMQ worker serving one channel. A sandboxed channel's jobs run in job
 * processes (sandbox.mjs; see SandboxedWorker): CPU-bound work never blocks
 * this process's event loop, and a job that crashes or runs out of memory
 * takes only its own process down. A light channel's jobs run here, with this
 * process's database and channel layer. The runner reports progress and
 * outcome; here a final failure it could not report (its process died) is
 * announced: `out_of_memory`, or else `crashed`.
 */
export function createChannelWorker(channel: WorkerChannelName, options: ChannelWorkerOptions): Worker<JobData> {
  const settings = channelSettings[channel];
  const workerOptions: WorkerOptions = {
    connection: options.connection,
    prefix: queuePrefix(options.prefix),
    concurrency: options.concurrency ?? settings.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    maxStalledCount: 2,
  };
  const deps = { db: options.db, layer: options.layer, processors, settings: channelSettings };
  const inProcess = (job: Job<JobData>, _token?: string, signal?: AbortSignal) => runJob(job, deps, signal);
  const worker = settings.sandbox
    ? new SandboxedWorker<JobData>(channel, sandbox, options.heapMb ?? settings.sandbox.heapMb, workerOptions)
    : new Worker<JobData>(channel, inProcess, workerOptions);
  const observe = (job: Job<JobData> | undefined, outcome: 'completed' | 'failed') => {
    if (job?.processedOn && job.finishedOn) options.metrics.observe(channel, outcome, (job.finishedOn - job.processedOn) / 1000);
  };
  worker.on('completed', (job) => observe(job, 'completed'));
  worker.on('failed', (job: Job<JobData> | undefined, error: Error) => {
    observe(job, 'failed');
    const outOfMemory = error instanceof JobOutOfMemory;
    if (!job?.id || (!outOfMemory && job.attemptsMade < (job.opts.attempts ?? 1))) return;
    const ref = { id: job.id, channel, replyChannel: job.data.replyChannel };
    const outcome = outOfMemory
      ? ({ state: 'failed', code: 'out_of_memory', reason: error.message } as const)
      : ({ state: 'failed', code: 'crashed', reason: `the job failed: ${error.message}` } as const);
    announceOutcome(options.db, options.layer, ref, outcome).catch((announceError: unknown) =>
      console.error(`[switchyard] ${channel}: could not announce failure of ${job.id}:`, announceError),
    );
  });
  worker.on('error', (error) => console.error(`[switchyard] ${channel} worker: ${error.message}`));
  return worker;
}
