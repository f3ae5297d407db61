import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

/**
 * "A guest who joins a room and never comes back leaves nothing in Redis that
 * outlives the reply window": every key named after its reply channel expires
 * within REPLY_BUFFER_TTL_SECONDS, like the layer's own memberships. A
 * reconnect loop that joins rooms from many handshakes then costs Redis a
 * bounded amount, not a key per handshake for a day.
 */
describe('Redis keys of a chat guest that never comes back', () => {
  let server: TestServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startTestServer();
    redis = new Redis(server.config.redisUrl);
  });
  afterAll(async () => {
    redis.disconnect();
    await server?.close();
  });

  it('all expire within the reply window', async () => {
    const guest = await server.connect({ namespace: '/chat' });
    const joined = await guest.request('room.join', { room: `keys-${Date.now()}`, displayName: 'Passer-by' });
    expect(joined).toMatchObject({ ok: true });
    expect(await guest.request('lobby.watch', {})).toMatchObject({ ok: true });
    guest.close();
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${server.config.redisPrefix}:*`, count: 1000 }) as AsyncIterable<string[]>) keys.push(...batch);
    const ofThisGuest = keys.filter((key) => key.includes(guest.replyChannel));
    expect(ofThisGuest.length).toBeGreaterThan(0);
    for (const key of ofThisGuest) {
      const ttl = await redis.pttl(key);
      expect({ key, outlivesTheReplyWindow: ttl < 0 || ttl > server.config.replyTtlMs }).toEqual({ key, outlivesTheReplyWindow: false });
    }
  });
});
