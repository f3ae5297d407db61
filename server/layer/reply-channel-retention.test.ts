import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from '../../bench/lib/redis-cleanup.ts';
import { closeRedis, openRedis } from './redis-connection.ts';
import type { RedisClient } from './redis-connection.ts';
import { singleRedis } from '../testing/redis-backends.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

/** Every key under the server's reply-channel prefix, with its remaining life in ms (-1: none). */
async function replyKeys(redis: RedisClient, prefix: string): Promise<Map<string, number>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:rc:*`, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));
  return new Map(keys.map((key, i) => [key, ttls[i] as number]));
}

const REPLY_BUFFER_TTL_SECONDS = 30;
const GROUP_EXPIRY_SECONDS = 86_400;

describe('what a reply channel leaves in Redis', () => {
  let server: TestServer;
  let redis: RedisClient;
  const keys = () => replyKeys(redis, server.config.redisPrefix);

  beforeAll(async () => {
    server = await startTestServer({
      REPLY_BUFFER_TTL_SECONDS: String(REPLY_BUFFER_TTL_SECONDS),
      GROUP_EXPIRY_SECONDS: String(GROUP_EXPIRY_SECONDS),
    });
    redis = openRedis(singleRedis(), 'retention-test');
  });
  afterAll(async () => {
    await closeRedis(redis);
    await server.close();
    await deleteKeys(server.config.redisUrl, server.config.redisPrefix);
  });

  it('fresh handshakes that never come back leave nothing that outlives the reply-buffer window', async () => {
    const before = await keys();
    for (let i = 0; i < 20; i += 1) {
      for (const namespace of ['/', '/jobs', '/liveblog', '/chat']) (await server.connect({ namespace })).close();
    }
    const left = [...(await keys())].filter(([key]) => !before.has(key));
    const longLived = left.filter(([, ttl]) => ttl < 0 || ttl > REPLY_BUFFER_TTL_SECONDS * 1000);
    expect(longLived).toEqual([]);
    // Each namespace's consumer may store a membership of its fresh channel, for the reply window at most.
    expect(left.length).toBeLessThanOrEqual(20);
  });

  it('a client that comes back with its token keeps its groups for GROUP_EXPIRY_SECONDS', async () => {
    const first = await server.connect();
    await server.server.layer.groupAdd('retention.kept', first.replyChannel);
    first.close();
    const back = await server.connect({ auth: { reply: first.replyToken } });
    expect(back.replyChannel).toBe(first.replyChannel);
    const ttl = await redis.pttl(`${server.config.redisPrefix}:rc:{${first.replyChannel}}:groups`);
    expect(ttl).toBeGreaterThan((GROUP_EXPIRY_SECONDS - 60) * 1000);
  });

  it('a sent message and its sequence are kept for REPLY_BUFFER_TTL_SECONDS, not longer', async () => {
    const client = await server.connect();
    await server.server.layer.send(client.replyChannel, 'notice.posted', { text: 'kept for the window' });
    await client.receive('reply.message');
    const mine = [...(await keys())].filter(([key]) => key.includes(`{${client.replyChannel}}:/:`));
    expect(mine.map(([key]) => key.split(':').pop()).sort()).toEqual(['buffer', 'seq']);
    for (const [, ttl] of mine) {
      expect(ttl).toBeGreaterThan((REPLY_BUFFER_TTL_SECONDS - 5) * 1000);
      expect(ttl).toBeLessThanOrEqual(REPLY_BUFFER_TTL_SECONDS * 1000);
    }
  });
});
