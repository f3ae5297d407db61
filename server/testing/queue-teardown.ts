import { Queue } from 'bullmq';
import { closeRedis, connectRedis } from '../layer/redis-connection.ts';
import type { RedisClient, RedisTarget } from '../layer/redis-connection.ts';
import { queuePrefix } from '../layer/worker-queues.ts';
import { redisBackends } from './redis-backends.ts';
import { scanKeys } from './redis-keys.ts';

/**
 * Obliterates (BullMQ `Queue.obliterate`, forced: active jobs too) every
 * queue under each of `prefixes` on `target`, and resolves with their key
 * bases (`<prefix>:{bull}:<queue>`). BullMQ gives a queue's keys no expiry,
 * so a test that leaves them leaves them for good. Only the queues under
 * `prefixes`: other test files, running at the same time, have their own.
 * Call it once nothing serves those queues any more.
 */
export async function obliterateQueues(target: RedisTarget, prefixes: readonly string[]): Promise<string[]> {
  // Connected before the search: a cluster client knows its primaries only then.
  const redis = connectRedis(target, { name: 'test-queue-teardown', lazyConnect: true });
  try {
    await redis.connect();
    const queues = (await Promise.all(prefixes.map((prefix) => queuesUnder(redis, queuePrefix(prefix))))).flat();
    for (const { base, name } of queues) {
      // No meta update on opening: the queue is opened only to be removed.
      const queue = new Queue(name, { connection: redis, prefix: base, skipMetasUpdate: true });
      queue.on('error', () => {}); // a failure rejects obliterate, below
      try {
        await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    }
    return queues.map(({ base, name }) => `${base}:${name}`);
  } finally {
    await closeRedis(redis);
  }
}

/**
 * Obliterates the queues under `prefixes` (a test file's: `takeIssuedPrefixes`)
 * on the shared test Redis and on the test Redis Cluster; a private Redis dies
 * with its spec. Run it after the file's own hooks, when its servers and
 * workers are stopped (server/testing/worker-setup.ts does); resolves with the
 * key bases of the queues it removed.
 */
export async function tearDownQueues(prefixes: readonly string[]): Promise<string[]> {
  const removed = await Promise.all(redisBackends().map(({ target }) => obliterateQueues(target, prefixes)));
  return removed.flat();
}

// The queues under a BullMQ prefix, found by their `<base>:<queue>:meta` key: BullMQ writes it when a Queue opens, so every queue a job was added to has one. A queue's name holds no colon.
async function queuesUnder(redis: RedisClient, base: string): Promise<{ base: string; name: string }[]> {
  const keys = await scanKeys(redis, `${base}:*:meta`);
  return keys.map((key) => key.slice(base.length + 1, -':meta'.length)).filter((name) => name !== '' && !name.includes(':')).map((name) => ({ base, name }));
}
