import { Queue, Worker } from 'bullmq';
import type { RedisClient } from '../layer/redis-connection.ts';
import type { Database } from '../../prisma/client.ts';
import { queuePrefix } from '../layer/worker-queues.ts';
import type { RetentionPolicy } from './retention-policy.ts';
import { runRetention } from './run-retention.ts';
import type { RetentionReport } from './run-retention.ts';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'retention' });

/** The BullMQ queue the retention job runs on; every worker pool serves it. */
export const RETENTION_QUEUE = 'maintenance.retention';
const SCHEDULER_ID = 'retention';

/** What the retention schedule needs from its worker pool. */
export type RetentionScheduleOptions = {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  connection: RedisClient;
  /** REDIS_PREFIX: the queue lives under it. */
  prefix: string;
  /** The chat rooms someone is in now (read from presence): idle-room deletion spares them. */
  occupiedRooms: () => Promise<ReadonlySet<string>>;
  db: Database;
  /** What to keep, and `everyMs`, the period. */
  policy: RetentionPolicy;
  /** The run's lock; a pool that dies mid-run leaves the run to another after this long. */
  lockMs: number;
};

/** Why a run that was under way when its pool shut down failed; the next period's run goes on where it stopped. */
export const STOPPED_BY_SHUTDOWN = 'stopped between two batches by the worker pool shutting down; the next run goes on';

/** A worker pool's part in the retention job. */
export type RetentionSchedule = { close(): Promise<void> };

/**
 * Serves the retention job in this worker pool and (re)declares its schedule:
 * a BullMQ job scheduler that adds one run per `policy.everyMs`, the first at
 * once. However many pools serve the queue, each run is one job, taken by one
 * of them; a pool starting again with the same period keeps the next run
 * where it was. A run that fails is tried again next period.
 */
export async function startRetentionSchedule(options: RetentionScheduleOptions): Promise<RetentionSchedule> {
  const { connection, policy } = options;
  const prefix = queuePrefix(options.prefix);
  const queue = new Queue(RETENTION_QUEUE, { connection, prefix });
  queue.on('error', () => {}); // the shared connection already reports outages, once
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { every: policy.everyMs },
    { name: 'retention.run', opts: { attempts: 1, removeOnComplete: { count: 48 }, removeOnFail: { count: 48 } } },
  );
  const worker = new Worker<unknown, RetentionReport>(
    RETENTION_QUEUE,
    async (_job, _token, signal) => {
      const report = await runRetention(options.db, policy, { occupiedRooms: options.occupiedRooms, signal }).catch((error: unknown) => {
        // A run cut short by this pool's shutdown stops between batches: say so (the signal's reason is a bare string).
        throw signal?.aborted ? new Error(STOPPED_BY_SHUTDOWN) : error;
      });
      const deleted = Object.entries(report).filter(([, count]) => count.deleted > 0);
      if (deleted.length > 0) log.info({ deleted: Object.fromEntries(deleted.map(([store, count]) => [store, count.deleted])) }, `retention deleted ${deleted.map(([store, count]) => `${store}=${count.deleted}`).join(' ')}`);
      return report;
    },
    { connection, prefix, concurrency: 1, lockDuration: options.lockMs, stalledInterval: options.lockMs },
  );
  worker.on('failed', (_job, error) => log.error({ err: error }, 'retention run failed (tried again next period)'));
  worker.on('error', (error) => log.error({ err: error }, 'retention worker failed'));
  await worker.waitUntilReady();
  return {
    async close() {
      // A run stops between two batches; the next period starts again.
      worker.cancelAllJobs('shutdown');
      await worker.close();
      await queue.close();
    },
  };
}
