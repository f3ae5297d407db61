import { Queue } from 'bullmq';
import type { RedisClient, RedisTarget } from './redis-connection.ts';
import type { WorkerChannelName, WorkerInput } from '../protocol/worker-channels.ts';
import { closeRedis, openRedis } from './redis-connection.ts';
import { inSpan, SpanKind } from '../tracing/trace-context.ts';
import type { TraceCarrier } from '../tracing/trace-context.ts';

/** What travels on a worker channel's queue: the job's input and where to answer. */
export type JobData<C extends WorkerChannelName = WorkerChannelName> = {
  replyChannel: string;
  input: WorkerInput<C>;
  /**
   * The trace the job continues, while tracing: given to `enqueue`, the trace
   * its enqueue span joins; in the queue, that span's (the worker's span of
   * the job continues it).
   */
  trace?: TraceCarrier;
};

/** How retries work for every worker channel (BullMQ job options). */
export const JOB_ATTEMPTS = 3;
const RETRIES = { attempts: JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 500 } } as const;

/**
 * How long BullMQ keeps a finished job's entry in Redis (QUEUE_COMPLETED_ /
 * QUEUE_FAILED_RETENTION_SECONDS), and at most how many per queue: a flood of
 * failing jobs must not grow Redis for a day. PostgreSQL keeps each job's
 * record and outcome; these entries are for the operators' dashboard.
 */
export type QueueHistory = { completedSeconds: number; failedSeconds: number };
const MAX_COMPLETED_ENTRIES = 1000;
const MAX_FAILED_ENTRIES = 10_000;

/**
 * Sends work to worker channels (Channels' `Channel("bigdata.process").send(...)`):
 * one BullMQ queue per channel, shared by every process that enqueues.
 */
export type WorkerQueues = {
  /** Enqueues a job under a caller-chosen id (the job's PostgreSQL record id). */
  enqueue<C extends WorkerChannelName>(channel: C, jobId: string, data: JobData<C>): Promise<void>;
  /**
   * Enqueues a job unless its queue still holds it (in any state); resolves
   * whether it was added. For putting back jobs Redis lost (workers/lost-jobs.ts).
   */
  enqueueIfMissing<C extends WorkerChannelName>(channel: C, jobId: string, data: JobData<C>): Promise<boolean>;
  /** Cancels a job: `removed` if it was still waiting, else `signalled` (its worker aborts it). */
  cancel(channel: WorkerChannelName, jobId: string): Promise<'removed' | 'signalled'>;
  /** The registered worker channels (`app.workerChannels`). */
  readonly channels: readonly WorkerChannelName[];
  /** Every channel's BullMQ queue, for the operators' dashboard. */
  all(): Queue[];
  /** Waiting + active jobs per channel (for /metrics and dashboards). */
  depth(channel: WorkerChannelName): Promise<number>;
  close(): Promise<void>;
};

/** `queues` with the jobs it enqueues continuing `trace` (unless their data names one); `queues` itself without a trace. */
export function queuesInTrace(queues: WorkerQueues, trace: TraceCarrier | undefined): WorkerQueues {
  if (!trace) return queues;
  return {
    ...queues,
    enqueue: (channel, jobId, data) => queues.enqueue(channel, jobId, { trace, ...data }),
    enqueueIfMissing: (channel, jobId, data) => queues.enqueueIfMissing(channel, jobId, { trace, ...data }),
  };
}

/**
 * The BullMQ key prefix under a deployment's Redis prefix. `{bull}` is a hash
 * tag: BullMQ's scripts touch several keys of a queue at once, so on a Redis
 * Cluster every queue key must hash to one slot (as BullMQ's docs require).
 */
export function queuePrefix(prefix: string): string {
  return `${prefix}:{bull}`;
}

/** The pub/sub channel on which cancellations reach every worker process. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:jobs:cancel`;
}

/** Opens the queues of every worker channel on one Redis connection. */
export function createWorkerQueues(options: { redis: RedisTarget; prefix: string; history: QueueHistory; channels: readonly string[] }): WorkerQueues {
  const redis: RedisClient = openRedis(options.redis, 'switchyard-queues');
  const jobOptions = {
    ...RETRIES,
    removeOnComplete: { age: options.history.completedSeconds, count: MAX_COMPLETED_ENTRIES },
    removeOnFail: { age: options.history.failedSeconds, count: MAX_FAILED_ENTRIES },
  };
  const queues = new Map<WorkerChannelName, Queue>();
  const queueOf = (channel: WorkerChannelName) => {
    let queue = queues.get(channel);
    if (!queue) {
      queue = new Queue(channel, { connection: redis, prefix: queuePrefix(options.prefix) });
      queue.on('error', () => {}); // the shared connection already reports outages, once
      queues.set(channel, queue);
    }
    return queue;
  };
  // Adding under an id the queue already holds is a no-op: enqueueing twice (a race of two adders) is harmless.
  const add = <C extends WorkerChannelName>(channel: C, jobId: string, { trace: parent, ...data }: JobData<C>) =>
    inSpan(`job.enqueue ${channel}`, { kind: SpanKind.PRODUCER, attributes: { 'switchyard.job': jobId }, parent }, async (_span, trace) => {
      await queueOf(channel).add(channel, trace ? { ...data, trace } : data, { ...jobOptions, jobId });
    });
  return {
    enqueue: add,
    async enqueueIfMissing(channel, jobId, data) {
      if (await queueOf(channel).getJob(jobId)) return false;
      await add(channel, jobId, data);
      return true;
    },
    async cancel(channel, jobId) {
      const job = await queueOf(channel).getJob(jobId);
      const state = await job?.getState();
      if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
        const removed = await job.remove().then(
          () => true,
          () => false, // taken by a worker meanwhile: signal it instead
        );
        if (removed) return 'removed';
      }
      await redis.publish(cancelChannel(options.prefix), jobId);
      return 'signalled';
    },
    channels: options.channels as readonly WorkerChannelName[],
    all: () => (options.channels as readonly WorkerChannelName[]).map(queueOf),
    async depth(channel) {
      const counts = await queueOf(channel).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      await closeRedis(redis);
    },
  };
}
