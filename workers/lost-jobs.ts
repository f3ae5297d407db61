import type { RedisClient } from '../server/layer/redis-connection.ts';
import type { Database } from '../prisma/client.ts';
import { createAliveMarker } from '../server/layer/alive-marker.ts';
import { retryingCheck } from '../server/layer/retrying-check.ts';
import { queuePrefix } from '../server/layer/worker-queues.ts';
import type { JobData, WorkerQueues } from '../server/layer/worker-queues.ts';
import type { WorkerChannelName } from '../server/features/jobs/jobs-protocol.ts';
import { logger } from '../server/log/logger.ts';

const log = logger.child({ module: 'lost-jobs' });

const CHECK_EVERY_MS = 60_000;
// Queue lookups in flight at once while putting jobs back.
const BATCH = 100;

/**
 * Puts back into their queues the jobs on `channels` that PostgreSQL records
 * as queued or running but the queues no longer hold: BullMQ keeps queues in
 * Redis, and a Redis without persistence forgets them when it restarts. (A
 * submit whose process died between its insert and its enqueue is put back
 * too, when a loss is next noticed.) Oldest first; resolves the ids put back.
 * A job that was running runs again; its outcome is still announced once
 * (claimOutcome).
 */
export async function requeueLostJobs(db: Database, queues: WorkerQueues, channels: readonly WorkerChannelName[]): Promise<string[]> {
  const records = await db.job.findMany({
    where: { state: { in: ['queued', 'active'] }, channel: { in: [...channels] } },
    select: { id: true, channel: true, replyChannel: true, input: true },
    orderBy: { createdAt: 'asc' },
  });
  const requeued: string[] = [];
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    const added = await Promise.all(
      batch.map(({ id, channel, replyChannel, input }) => queues.enqueueIfMissing(channel as WorkerChannelName, id, { replyChannel, input } as JobData)),
    );
    requeued.push(...batch.filter((_, i) => added[i]).map(({ id }) => id));
  }
  return requeued;
}

/**
 * A worker process's watch over its channels' jobs: puts lost jobs back
 * (requeueLostJobs) whenever it finds Redis emptied (its alive marker gone,
 * checked when the connection is ready again and every minute); a failed
 * attempt is retried every second until it succeeds (retryingCheck). Not at
 * start: whether the queues were lost before this process watched cannot be
 * told (processes of other deployments, or tests, may share the database
 * with other Redis prefixes). Returns a function that stops watching.
 */
export function watchForLostJobs(options: {
  db: Database;
  queues: WorkerQueues;
  channels: readonly WorkerChannelName[];
  redis: RedisClient;
  prefix: string;
}): () => void {
  const { db, queues, channels, redis } = options;
  // Under the queues' hash tag: on a Redis Cluster the marker lives on the shard whose loss it must notice.
  const marker = createAliveMarker(redis, queuePrefix(options.prefix), CHECK_EVERY_MS * 3);
  let owed = false;
  const check = async () => {
    if (await marker.lost()) owed = true;
    if (!owed) return;
    const requeued = await requeueLostJobs(db, queues, channels);
    owed = false;
    if (requeued.length > 0) log.warn({ jobs: requeued.length }, `redis had lost ${requeued.length} queued or running jobs; they are back in their queues`);
  };
  const watch = retryingCheck(check, {
    retryMs: 1000,
    onFailure: (error) => log.error({ err: error }, 'checking for lost jobs failed; retrying every second'),
  });
  redis.on('ready', watch.trigger);
  const timer = setInterval(watch.trigger, CHECK_EVERY_MS);
  timer.unref();
  watch.trigger();
  return () => {
    watch.stop();
    clearInterval(timer);
    redis.off('ready', watch.trigger);
  };
}
