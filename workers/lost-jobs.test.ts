import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../prisma/client.ts';
import type { Database } from '../prisma/client.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { loadConfig } from '../server/config.ts';
import { createWorkerQueues } from '../server/layer/worker-queues.ts';
import { startPrivateRedis } from '../server/testing/private-redis.ts';
import { singleRedis } from '../server/testing/redis-backends.ts';
import { testDatabaseUrl } from '../server/testing/test-database.ts';
import { requeueLostJobs, watchForLostJobs } from './lost-jobs.ts';
import { app } from '../server/features/index.ts';

/** Jobs PostgreSQL records as in flight but Redis lost: real PostgreSQL, real Redis (a private one to restart). */
describe('lost jobs', () => {
  let db: Database;
  const ids: string[] = [];
  const record = async (channel: 'bigdata.process' | 'report.render', state: string) => {
    const id = randomUUID();
    ids.push(id);
    await db.job.create({ data: { id, channel, state, replyChannel: `lost-${id}`, label: 'x', input: { datasetId: `d-${id}` } } });
    return id;
  };
  const dataOf = (id: string) => ({ replyChannel: `lost-${id}`, input: { datasetId: `d-${id}` } });

  beforeAll(() => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  });
  afterAll(async () => {
    await db.job.deleteMany({ where: { id: { in: ids } } });
    await db.$disconnect();
  });

  it('puts back the queued and running jobs of its channels that the queues lack, and nothing else', async () => {
    const queues = createWorkerQueues({ channels: app.workerChannelNames, redis: loadConfig().queueRedis, prefix: `lost-${randomUUID()}`, history: loadConfig().queueHistory });
    try {
      const [queued, running, held, done, otherChannel] = [
        await record('bigdata.process', 'queued'),
        await record('bigdata.process', 'active'),
        await record('bigdata.process', 'queued'),
        await record('bigdata.process', 'completed'),
        await record('report.render', 'queued'),
      ];
      await queues.enqueue('bigdata.process', held, dataOf(held));

      const requeued = await requeueLostJobs(db, queues, ['bigdata.process']);
      expect(requeued).toEqual(expect.arrayContaining([queued, running]));
      expect(requeued).not.toContain(held);
      expect(requeued).not.toContain(done);
      expect(requeued).not.toContain(otherChannel);
      const queue = queues.all().find((q) => q.name === 'bigdata.process');
      const job = await queue?.getJob(queued);
      expect({ name: job?.name, data: job?.data, attempts: job?.opts.attempts }).toEqual({ name: 'bigdata.process', data: dataOf(queued), attempts: 3 });
      expect(await queue?.getJob(done)).toBeUndefined();
      expect(await requeueLostJobs(db, queues, ['bigdata.process'])).not.toContain(queued);
    } finally {
      await queues.close();
    }
  });

  it('notices a Redis that restarted empty, and puts the queued job back', async () => {
    const redis = await startPrivateRedis();
    const prefix = `lost-${randomUUID()}`;
    const queues = createWorkerQueues({ channels: app.workerChannelNames, redis: singleRedis(redis.url), prefix, history: loadConfig().queueHistory });
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    connection.on('error', () => {});
    const stop = watchForLostJobs({ db, queues, channels: ['bigdata.process'], redis: connection, prefix });
    try {
      const waiting = await record('bigdata.process', 'queued');
      await queues.enqueue('bigdata.process', waiting, dataOf(waiting));
      const queue = queues.all().find((q) => q.name === 'bigdata.process');
      await redis.kill();
      await redis.start();
      const job = await waitFor('the job back in its queue', 15_000, async () => (await queue?.getJob(waiting)) ?? undefined);
      expect(job.data).toEqual(dataOf(waiting));
    } finally {
      stop();
      await queues.close();
      connection.disconnect();
      await redis.kill();
    }
  });
});
