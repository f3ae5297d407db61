import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, openRedis } from '../../layer/redis-connection.ts';
import { queuePrefix } from '../../layer/worker-queues.ts';
import { repliesUntil, uploadCsv } from '../../testing/job-client.ts';
import { startPrivateRedis } from '../../testing/private-redis.ts';
import type { PrivateRedis } from '../../testing/private-redis.ts';
import { singleRedis } from '../../testing/redis-backends.ts';
import { scanKeys } from '../../testing/redis-keys.ts';
import { spawnWorker } from '../../testing/spawn-worker.ts';
import type { SwitchyardProcess } from '../../testing/switchyard-process.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';

/**
 * Roles split over two Redis servers: with REDIS_QUEUE_URL the job queues
 * live on their own Redis, the channel layer stays on REDIS_URL, and a job
 * still goes upload → queue → worker → the requester's reply channel.
 */
describe('job queues on their own Redis (REDIS_QUEUE_URL)', () => {
  let queueRedis: PrivateRedis;
  let server: TestServer;
  let worker: SwitchyardProcess;
  beforeAll(async () => {
    queueRedis = await startPrivateRedis();
    server = await startTestServer({ REDIS_QUEUE_URL: queueRedis.url, JOBS_PER_ADDRESS: '100', UPLOADS_PER_MINUTE: '1000' });
    const { redisPrefix, databaseUrl } = server.config;
    worker = await spawnWorker(['bigdata.process'], { env: { REDIS_PREFIX: redisPrefix, DATABASE_URL: databaseUrl, REDIS_QUEUE_URL: queueRedis.url } });
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    await queueRedis?.kill();
  });

  it('runs a job through the queue Redis and answers on the reply channel; the layer’s Redis holds no queue key', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const { status, body } = await uploadCsv(server.url, client, 'n\n1\n2\n3\n');
    expect(status).toBe(202);
    expect((await repliesUntil(client, 'job.completed')).at(-1)?.payload).toMatchObject({ jobId: body.jobId, result: { rowCount: 3 } });
    const pattern = `${queuePrefix(server.config.redisPrefix)}:*`;
    const [queues, layer] = [openRedis(singleRedis(queueRedis.url), 'queue-redis-test'), openRedis(singleRedis(server.config.redisUrl), 'queue-redis-test')];
    try {
      expect(await scanKeys(queues, pattern)).toContainEqual(expect.stringContaining(':bigdata.process:'));
      expect(await scanKeys(layer, pattern)).toEqual([]);
    } finally {
      await Promise.all([closeRedis(queues), closeRedis(layer)]);
    }
  });
});
