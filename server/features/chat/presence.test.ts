import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisLayer } from '../../layer/redis-layer.ts';
import { singleRedis } from '../../testing/redis-backends.ts';
import { uniquePrefix } from '../../testing/test-server.ts';
import { createPresence } from './presence.ts';
import type { Presence } from './presence.ts';
import { app } from '../index.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TTL_MS = 400;

/**
 * Presence across two servers' services on one Redis: a leave that fails
 * because this server lost Redis (a blip) leaves no ghost — the entry is no
 * longer refreshed, and the other server's sweep removes it within
 * TTL + sweep — while the rest of this server's people stay.
 */
describe('chat presence when Redis fails under a leave', () => {
  const opened: { close(): Promise<unknown> | void }[] = [];
  afterEach(async () => {
    for (const thing of opened.splice(0).reverse()) await thing.close();
  });

  const start = (prefix: string): { presence: Presence; redis: Redis } => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const layer = createRedisLayer({ protocol: app.index, ...singleRedis(REDIS_URL), prefix, replyTtlMs: 60_000, replyMaxMessages: 10, groupExpiryMs: 60_000, maxMessageBytes: 65_536 });
    const presence = createPresence({ redis, prefix, layer: () => layer, listMax: 10, lobbyMax: 10, batchMs: 50, ttlMs: TTL_MS, heartbeatMs: 100, sweepMs: 100 });
    opened.push({ close: () => layer.close() }, { close: () => redis.quit().catch(() => {}) }, presence);
    return { presence, redis };
  };

  it('drops the person from every room within the bound although each leave failed, and keeps the others', async () => {
    const prefix = uniquePrefix();
    const a = start(prefix);
    const b = start(prefix);
    const rooms = ['one', 'two', 'three'];
    const ghost = { person: 'v:ghost', name: 'ghost', key: 'ghost' };
    const stays = { person: 'v:stays', name: 'stays', key: 'stays' };
    for (const room of rooms) await a.presence.join(room, ghost, 'conn-ghost');
    await a.presence.join('one', stays, 'conn-stays');

    a.redis.disconnect(); // this server loses Redis
    const leaves = await Promise.allSettled(rooms.map((room) => a.presence.leave(room, ghost, 'conn-ghost')));
    expect(leaves.map((l) => l.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await a.redis.connect(); // back: its heartbeat refreshes only the connection still here

    for (const room of rooms) {
      await expect.poll(async () => (await b.presence.snapshot(room)).members.map((m) => m.name), { timeout: 10 * TTL_MS, interval: 50 }).not.toContain('ghost');
    }
    await new Promise((resolve) => setTimeout(resolve, 2 * TTL_MS));
    expect((await b.presence.snapshot('one')).members.map((m) => m.name)).toEqual(['stays']);
    expect((await b.presence.rooms()).rooms).toEqual([{ room: 'one', count: 1 }]);
  });
});
