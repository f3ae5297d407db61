import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { uniquePrefix } from '../testing/test-server.ts';
import { singleRedis } from '../testing/redis-backends.ts';
import { createWorkerQueues, queuePrefix } from './worker-queues.ts';
import { app } from '../features/index.ts';

/** What BullMQ keeps in Redis of a finished job: bounded by age (QUEUE_*_RETENTION_SECONDS) and by count. */
describe('worker queue history', () => {
  const { redisUrl } = loadConfig();
  const prefix = uniquePrefix();
  const queues = createWorkerQueues({ channels: app.workerChannelNames, redis: singleRedis(redisUrl), prefix, history: { completedSeconds: 120, failedSeconds: 600 } });
  const queue = new Queue('report.render', { connection: { url: redisUrl }, prefix: queuePrefix(prefix) });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await queues.close();
  });

  it('gives every job an age and a count bound for its completed and its failed entry', async () => {
    const id = randomUUID();
    await queues.enqueue('report.render', id, { replyChannel: 'r', input: { sourceJobId: id } });
    const job = await queue.getJob(id);
    expect(job?.opts).toMatchObject({ removeOnComplete: { age: 120, count: 1000 }, removeOnFail: { age: 600, count: 10_000 } });
  });
});
