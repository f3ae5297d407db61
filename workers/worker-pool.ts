import { createPrismaClient } from '../prisma/client.ts';
import type { Config } from '../server/config.ts';
import { ImproperlyConfigured } from '../server/errors.ts';
import { closeRedis, connectRedis } from '../server/layer/redis-connection.ts';
import { createRedisLayer } from '../server/layer/redis-layer.ts';
import { cancelChannel, createWorkerQueues } from '../server/layer/worker-queues.ts';
import { registerJobMetrics } from '../server/metrics/job-metrics.ts';
import { createMetricsRegistry } from '../server/metrics/metrics-registry.ts';
import { startMetricsServer } from '../server/metrics/metrics-server.ts';
import { startRetentionSchedule } from '../server/retention/index.ts';
import type { WorkerChannelName } from '../server/features/jobs/jobs-protocol.ts';
import { effectiveChannelSettings } from './channel-settings.ts';
import { createChannelWorker } from './create-worker.ts';
import type { ChannelWorker } from './create-worker.ts';
import type { JobFailure } from './job-failure.ts';
import { loadProcessors } from './load-processors.ts';
import { watchForLostJobs } from './lost-jobs.ts';
import { app } from '../server/features/index.ts';
import { occupiedChatRooms } from '../server/features/chat/occupied-rooms.ts';

/** A running worker process: one BullMQ worker per channel it serves. */
export type WorkerPool = {
  readonly channels: readonly WorkerChannelName[];
  /** Stops taking jobs, lets running ones finish (or aborts them after the shutdown bound), closes connections. */
  close(): Promise<void>;
};

/**
 * Starts workers for the given channels (Channels' `runworker`). Cancellations
 * arrive on a pub/sub channel so the process running the job can abort it;
 * jobs Redis lost are put back in their queues (workers/lost-jobs.ts). Every
 * pool also serves the retention job (server/retention).
 * @throws ImproperlyConfigured when a channel's processor cannot be loaded at all (before any job is taken)
 */
export async function startWorkerPool(config: Config, channels: readonly WorkerChannelName[]): Promise<WorkerPool> {
  const processors = await loadProcessors(config.workerProcessors);
  const settings = effectiveChannelSettings(config);
  const connection = connectRedis(config.queueRedis, { name: 'switchyard-worker', retryForever: true });
  connection.on('error', () => {});
  const db = createPrismaClient(config.databaseUrl, { hooks: app.hooks });
  const layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
  const queues = createWorkerQueues({ channels: app.workerChannelNames, redis: config.queueRedis, prefix: config.redisPrefix, history: config.queueHistory });
  const registry = createMetricsRegistry('worker', queues);
  const metrics = registerJobMetrics(registry);
  const workers: ChannelWorker[] = channels.map((channel) =>
    createChannelWorker(channel, { connection, prefix: config.redisPrefix, db, layer, metrics, lockMs: config.jobLockMs, settings, processors }),
  );
  try {
    await Promise.all(workers.map((worker) => prestart(worker)));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.close()));
    await Promise.all([queues.close(), layer.close(), db.$disconnect(), closeRedis(connection)]);
    throw error;
  }
  for (const worker of workers) worker.run().catch((error: unknown) => worker.emit('error', error as Error));
  const closeMetrics = await startMetricsServer(registry, {
    host: config.host,
    port: config.workerMetricsPort,
    token: config.metricsToken,
    trustedProxies: config.trustedProxies,
  });
  const cancellations = connection.duplicate();
  cancellations.on('error', () => {});
  await cancellations.subscribe(cancelChannel(config.redisPrefix));
  cancellations.on('message', (_channel: string, jobId: string) => {
    for (const worker of workers) worker.cancelJob(jobId, 'cancelled');
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const stopWatching = watchForLostJobs({ db, queues, channels, redis: connection, prefix: config.redisPrefix });
  // Every pool serves the retention job; its scheduler makes one run per period among all of them.
  const retention = await startRetentionSchedule({ connection, prefix: config.redisPrefix, occupiedRooms: () => occupiedChatRooms(connection, config.redisPrefix), db, policy: config.retention, lockMs: config.jobLockMs });
  return {
    channels,
    async close() {
      stopWatching();
      await retention.close();
      await closeRedis(cancellations);
      const closing = Promise.all(workers.map((worker) => worker.close()));
      const bound = setTimeout(() => {
        for (const worker of workers) worker.cancelAllJobs('shutdown');
      }, config.shutdownTimeoutMs);
      await closing;
      clearTimeout(bound);
      await closeMetrics();
      await queues.close();
      await layer.close();
      await db.$disconnect();
      await closeRedis(connection);
    },
  };
}

/**
 * Starts a sandboxed channel's first job process, proving its processor
 * module loads. One that cannot start is logged (and in /metrics) and
 * serving goes on: its jobs fail with `start_failed` until one starts.
 */
async function prestart(worker: ChannelWorker): Promise<void> {
  try {
    await worker.prestart?.();
  } catch (error) {
    const failure = error as JobFailure;
    if (failure.code === 'processor_unavailable') throw new ImproperlyConfigured(`${worker.name}: ${failure.reason}`);
  }
}
