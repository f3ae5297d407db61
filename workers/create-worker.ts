import { Worker } from 'bullmq';
import type { Job, WorkerOptions } from 'bullmq';
import type { RedisClient } from '../server/layer/redis-connection.ts';
import type { Database } from '../prisma/client.ts';
import { layerInTrace } from '../server/layer/channel-layer.ts';
import type { ChannelLayer } from '../server/layer/channel-layer.ts';
import { queuePrefix } from '../server/layer/worker-queues.ts';
import type { JobMetrics } from '../server/metrics/job-metrics.ts';
import type { JobData } from '../server/layer/worker-queues.ts';
import { JOB_FAILURES } from '../server/protocol/job-failures.ts';
import type { WorkerChannelName } from '../server/features/jobs/jobs-protocol.ts';
import { announceOutcome } from '../server/features/jobs/announce-outcome.ts';
import type { ChannelSettingsMap } from './channel-settings.ts';
import { JobFailure } from './job-failure.ts';
import { watchJobProcessStarts } from './job-process-starts.ts';
import type { ProcessorRegistry } from './processor.ts';
import { runJob } from './run-job.ts';
import { SandboxedWorker } from './sandboxed-worker.ts';
import { logger } from '../server/log/logger.ts';
import { carrierOf, openSpan, SpanKind, SpanStatusCode } from '../server/tracing/trace-context.ts';
import type { Span } from '../server/tracing/trace-context.ts';

const log = logger.child({ module: 'worker' });

/** What a channel worker needs from its pool. */
export type ChannelWorkerOptions = {
  connection: RedisClient;
  prefix: string;
  db: Database;
  layer: ChannelLayer;
  metrics: JobMetrics;
  /** How long a job's lock lives; a worker that dies mid-job gives the job up after this long. */
  lockMs: number;
  /** Every channel's settings, as this process runs them (effectiveChannelSettings). */
  settings: ChannelSettingsMap;
  /** The processor of every channel (loadProcessors). */
  processors: ProcessorRegistry;
};

/** A channel's worker: a sandboxed channel's can start a job process ahead of its first job. */
export type ChannelWorker = Worker<JobData> & { prestart?(): Promise<void> };

const sandbox = new URL('./sandbox.mjs', import.meta.url);

/**
 * A BullMQ worker serving one channel; it does not take jobs until `run()`.
 * A sandboxed channel's jobs run in job processes (sandbox.mjs; see
 * SandboxedWorker); a light channel's run here, with this process's database
 * and channel layer. The runner reports progress and outcome; a final failure
 * it could not report (its process died, or never started) is announced here
 * with its code (JobFailure; `crashed` for anything else), once.
 */
export function createChannelWorker(channel: WorkerChannelName, options: ChannelWorkerOptions): ChannelWorker {
  const settings = options.settings[channel];
  const workerOptions: WorkerOptions = {
    connection: options.connection,
    prefix: queuePrefix(options.prefix),
    concurrency: settings.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    maxStalledCount: 2,
    autorun: false,
  };
  const deps = { db: options.db, layer: options.layer, processors: options.processors, settings: options.settings };
  // Each attempt of a job is a span, child of its enqueue's (the trace context rides in the job's data);
  // what runs the job, here or in a job process, continues it.
  const spans = new Map<string, Span>();
  const spanOf = (job: Job) => (job.id ? spans.get(job.id) : undefined);
  const inProcess = (job: Job<JobData>, _token?: string, signal?: AbortSignal) =>
    runJob(job, { ...deps, layer: layerInTrace(deps.layer, carrierOf(spanOf(job))) }, signal);
  const starts = watchJobProcessStarts(channel, options.metrics);
  const worker = settings.sandbox
    ? new SandboxedWorker<JobData>(
        channel,
        { processorFile: sandbox, heapMb: settings.sandbox.heapMb, timeoutMs: settings.timeoutMs, starts, traceOf: (job) => carrierOf(spanOf(job)) },
        workerOptions,
      )
    : new Worker<JobData>(channel, inProcess, workerOptions);
  const observe = (job: Job<JobData> | undefined, outcome: 'completed' | 'failed') => {
    if (!job?.processedOn || !job.finishedOn) return;
    const seconds = (job.finishedOn - job.processedOn) / 1000;
    options.metrics.observe(channel, outcome, seconds);
    log.debug({ job: job.id, channel, replyChannel: job.data.replyChannel, outcome, seconds }, `job ${outcome}`);
  };
  const endSpan = (job: Job<JobData> | undefined, error?: Error) => {
    const span = job?.id ? spans.get(job.id) : undefined;
    if (!span || !job?.id) return;
    spans.delete(job.id);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
  };
  worker.on('active', (job) => {
    if (job.id) spans.set(job.id, openSpan(`job ${channel}`, { kind: SpanKind.CONSUMER, parent: job.data.trace, attributes: { 'switchyard.job': job.id, 'switchyard.attempt': job.attemptsMade + 1 } }));
    if (job.processedOn) options.metrics.waited(channel, (job.processedOn - job.timestamp) / 1000);
    log.debug({ job: job.id, channel, replyChannel: job.data.replyChannel, attempt: job.attemptsMade + 1 }, 'job started');
  });
  worker.on('completed', (job) => {
    endSpan(job);
    observe(job, 'completed');
  });
  worker.on('failed', (job: Job<JobData> | undefined, error: Error) => {
    endSpan(job, error);
    observe(job, 'failed');
    if (!job?.id) return;
    const failure = JobFailure.of(error, 'crashed', (message) => `the job failed: ${message}`);
    const final = error.name === 'UnrecoverableError' || !JOB_FAILURES[failure.code].retried || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    options.metrics.failed(channel, failure.code);
    const ref = { id: job.id, channel, replyChannel: job.data.replyChannel };
    const state = failure.code === 'cancelled' ? 'cancelled' : 'failed';
    announceOutcome(options.db, options.layer, ref, { state, code: failure.code, reason: failure.reason }).catch((announceError: unknown) =>
      log.error({ err: announceError, channel, job: job.id }, 'could not announce a job’s failure'),
    );
  });
  worker.on('error', (error) => log.error({ err: error, channel }, 'worker failed'));
  return worker;
}
