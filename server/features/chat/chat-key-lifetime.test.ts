import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysWithTtl } from '../../testing/redis-keys.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';

/**
 * "A guest who joins a room and never comes back leaves nothing in Redis that
 * outlives the reply window": every key named after its reply channel expires
 * within REPLY_BUFFER_TTL_SECONDS, like the layer's own memberships. A
 * reconnect loop that joins rooms from many handshakes then costs Redis a
 * bounded amount, not a key per handshake for a day.
 */
describe('Redis keys of a chat guest that never comes back', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('all expire within the reply window', async () => {
    const guest = await server.connect({ namespace: '/chat' });
    const joined = await guest.request('room.join', { room: `keys-${Date.now()}`, displayName: 'Passer-by' });
    expect(joined).toMatchObject({ ok: true });
    expect(await guest.request('lobby.watch', {})).toMatchObject({ ok: true });
    guest.close();
    const ofThisGuest = (await keysWithTtl(server.config.redisUrl, server.config.redisPrefix)).filter(({ key }) => key.includes(guest.replyChannel));
    expect(ofThisGuest.length).toBeGreaterThan(0);
    for (const { key, ttlMs } of ofThisGuest) {
      expect({ key, outlivesTheReplyWindow: ttlMs < 0 || ttlMs > server.config.replyTtlMs }).toEqual({ key, outlivesTheReplyWindow: false });
    }
  });
});
