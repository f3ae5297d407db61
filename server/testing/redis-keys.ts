import { once } from 'node:events';
import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../layer/redis-connection.ts';

/** The keys under `<prefix>:` and each one's time to live in ms (-1: no expiry), read with a client of its own. */
export async function keysWithTtl(redisUrl: string, prefix: string): Promise<{ key: string; ttlMs: number }[]> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const found: { key: string; ttlMs: number }[] = [];
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      const ttls = (await keys.reduce((batch, key) => batch.pttl(key), redis.pipeline()).exec()) ?? [];
      keys.forEach((key, i) => found.push({ key, ttlMs: Number(ttls[i]?.[1] ?? -2) }));
    }
    return found;
  } finally {
    redis.disconnect();
  }
}

/**
 * Every key matching `pattern`: on a Redis Cluster, from each primary (SCAN
 * walks one node's keys only), once the client is ready — before that it
 * lists no primaries, and the answer would be an empty list whatever Redis holds.
 */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  if (redis instanceof Cluster && redis.status === 'wait') await redis.connect();
  if (redis instanceof Cluster && redis.status !== 'ready') await once(redis, 'ready');
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const keys: string[] = [];
  for (const node of nodes) {
    for (let cursor = '0'; ; ) {
      const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...found);
      if ((cursor = next) === '0') break;
    }
  }
  return keys;
}
