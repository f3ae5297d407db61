import { Redis } from 'ioredis';

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
