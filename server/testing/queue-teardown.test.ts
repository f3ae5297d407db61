import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, connectRedis } from '../layer/redis-connection.ts';
import type { RedisClient } from '../layer/redis-connection.ts';
import { queuePrefix } from '../layer/worker-queues.ts';
import { RETENTION_QUEUE } from '../retention/retention-schedule.ts';
import { tearDownQueues } from './queue-teardown.ts';
import { redisBackends } from './redis-backends.ts';
import { scanKeys } from './redis-keys.ts';
import { takeIssuedPrefixes } from './test-prefixes.ts';
import { startTestServer } from './test-server.ts';

/**
 * BullMQ gives a queue's keys no expiry, so a test that leaves a queue
 * leaves it in the shared Redis (or the test cluster) for good. After a test
 * file, the queues under the prefixes it was handed (a test server's, without
 * asking for one) are obliterated: a worker channel's queue with its job, and
 * the retention queue with its job scheduler, as a worker pool declares it.
 * Another run's queue, under a prefix of the same shape not handed to this
 * file, stays.
 */
describe.each(redisBackends())('the queues a test file leaves ($name)', (backend) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = connectRedis(backend.target, { name: 'queue-teardown-test', lazyConnect: true });
    await redis.connect();
  });
  afterAll(() => closeRedis(redis));

  // Keys under `prefix` without expiry.
  const lasting = async (prefix: string) => {
    const keys = await scanKeys(redis, `${prefix}:*`);
    const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));
    return keys.filter((_, i) => ttls[i] === -1).sort();
  };

  it('are gone after its teardown, under the prefixes it was handed and no others', async () => {
    const server = await startTestServer(backend.env);
    const { redisPrefix } = server.config;
    const retention = new Queue(RETENTION_QUEUE, { connection: redis, prefix: queuePrefix(redisPrefix) });
    try {
      const id = randomUUID();
      await server.app.queues.enqueue('report.render', id, { replyChannel: 'r', input: { sourceJobId: id } });
      await retention.upsertJobScheduler('retention', { every: 3_600_000 }, { name: 'retention.run' });
    } finally {
      await retention.close();
      await server.close();
    }
    const other = `sy-test-${randomBytes(4).toString('hex')}`;
    const elsewhere = new Queue('report.render', { connection: redis, prefix: queuePrefix(other) });
    try {
      await elsewhere.add('report.render', {});
      expect(await lasting(other)).not.toEqual([]);
      const left = await lasting(redisPrefix);
      const othersLeft = await lasting(other);
      expect(left).toContainEqual(expect.stringContaining(':report.render:'));
      expect(left).toContainEqual(expect.stringContaining(`:${RETENTION_QUEUE}:repeat`));

      const removed = await tearDownQueues(takeIssuedPrefixes());
      expect(removed.sort()).toEqual([`${queuePrefix(redisPrefix)}:${RETENTION_QUEUE}`, `${queuePrefix(redisPrefix)}:report.render`]);
      expect(await lasting(redisPrefix)).toEqual([]);
      expect(await lasting(other)).toEqual(othersLeft);
    } finally {
      await elsewhere.obliterate({ force: true });
      await elsewhere.close();
    }
  });
});
