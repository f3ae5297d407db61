import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLayer } from '../../layer/redis-layer.ts';
import { singleRedis } from '../../testing/redis-backends.ts';
import { uniquePrefix } from '../../testing/test-server.ts';
import { occupiedChatRooms } from './occupied-rooms.ts';
import { createPresence } from './presence.ts';
import { app } from '../index.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * "The retention job never deletes the record of a room someone is in":
 * the rooms it keeps are the ones chat presence counts people in, read from
 * presence's own keys, so the two cannot drift apart.
 */
describe('occupiedChatRooms', () => {
  const prefix = uniquePrefix();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const layer = createRedisLayer({ protocol: app.index, ...singleRedis(REDIS_URL), prefix, replyTtlMs: 60_000, replyMaxMessages: 10, groupExpiryMs: 60_000, maxMessageBytes: 65_536 });
  const presence = createPresence({ redis, prefix, layer: () => layer, listMax: 10, lobbyMax: 1, batchMs: 100, ttlMs: 60_000 });
  afterAll(async () => {
    await presence.close();
    await layer.close();
    await redis.quit();
  });

  it('lists every room with someone in it, beyond what the lobby shows, and forgets a room once its last person left', async () => {
    const ada = { person: 'v:ada', name: 'Ada', key: 'ada' };
    await presence.join('quiet', ada, 'conn-1');
    await presence.join('busy', ada, 'conn-2');
    expect(await occupiedChatRooms(redis, prefix)).toEqual(new Set(['quiet', 'busy']));
    await presence.leave('quiet', ada, 'conn-1');
    expect(await occupiedChatRooms(redis, prefix)).toEqual(new Set(['busy']));
  });
});
