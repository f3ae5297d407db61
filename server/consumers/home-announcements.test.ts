import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOUNCEMENTS_GROUP } from '../protocol/kit-protocol.ts';
import { commandCalls } from '../testing/command-calls.ts';
import { startPrivateRedis } from '../testing/private-redis.ts';
import type { PrivateRedis } from '../testing/private-redis.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

/**
 * Every root-namespace connection joins the announcements group on connect,
 * so the group is joined by the connection alone (`groupAddConnection`), not
 * stored as a membership of its reply channel: a root handshake makes one
 * Redis script call (the handshake limit), not two. Fresh and returning
 * connections still get announcements. On a Redis of its own: its command
 * counts are this spec's alone.
 */
describe('announcements on the root namespace', () => {
  let redis: PrivateRedis;
  let watcher: Redis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    watcher = new Redis(redis.url);
    server = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await server?.close();
    watcher?.disconnect();
    await redis?.kill();
  });

  it('reach fresh and returning connections, with one Redis script call per handshake and no stored membership', async () => {
    const before = await commandCalls(watcher, 'evalsha', 'eval');
    const fresh = [];
    for (let i = 0; i < 5; i += 1) fresh.push(await server.connect({ namespace: '/' }));
    expect((await commandCalls(watcher, 'evalsha', 'eval')) - before).toBe(5);
    const first = fresh[0]!;
    first.close();
    const back = await server.connect({ namespace: '/', auth: { reply: first.replyToken } });
    expect(back.replyChannel).toBe(first.replyChannel);
    expect(await watcher.exists(`${server.config.redisPrefix}:rc:{${first.replyChannel}}:groups`)).toBe(0);

    await server.server.layer.groupSend(ANNOUNCEMENTS_GROUP, 'announcement.posted', { text: 'to everyone', author: 'staff', at: new Date().toISOString() });
    for (const client of [back, ...fresh.slice(1)]) expect(await client.receive('announcement.posted')).toMatchObject({ text: 'to everyone' });
  });
});
