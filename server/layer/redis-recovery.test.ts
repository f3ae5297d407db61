import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from '../../bench/lib/redis-cleanup.ts';
import type { SocketData } from '../scope.ts';
import { startTestServer, uniquePrefix } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { createAliveMarker } from './alive-marker.ts';

/**
 * The parts of an interface server's recovery from a Redis that lost its data
 * (redis-recovery.ts): the marker that notices the loss, and the write-back of
 * a connected socket's group memberships. The whole recovery — clients made to
 * reconnect and catch up — is `npm run drills -- redis-restart`.
 */
describe('after Redis lost its data', () => {
  let server: TestServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startTestServer();
    redis = new Redis(server.config.redisUrl);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.close();
    await deleteKeys(server.config.redisUrl, server.config.redisPrefix);
  });

  it('the alive marker reads as lost only once its key is gone', async () => {
    const prefix = uniquePrefix();
    const marker = createAliveMarker(redis, prefix, 60_000);
    expect(await marker.lost()).toBe(false); // the first check only sets it
    expect(await marker.lost()).toBe(false);
    await deleteKeys(server.config.redisUrl, prefix);
    expect(await marker.lost()).toBe(true);
    expect(await marker.lost()).toBe(false);
    await deleteKeys(server.config.redisUrl, prefix);
  });

  it('restoreMemberships writes a connected socket’s groups back', async () => {
    const client = await server.connect();
    const { layer } = server.server;
    await layer.groupAdd('recovery.group', client.replyChannel);
    const groupsKey = `${server.config.redisPrefix}:rc:{${client.replyChannel}}:groups`;
    await redis.del(groupsKey);
    const socket = [...server.server.io.of('/').sockets.values()].find((s) => (s.data as SocketData).replyChannel === client.replyChannel);
    await layer.restoreMemberships(client.replyChannel, socket!.rooms);
    // The home consumer joined `announcements` on connect.
    expect((await redis.smembers(groupsKey)).sort()).toEqual(['announcements', 'recovery.group']);
  });
});
