import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deleteKeys } from '../../bench/lib/redis-cleanup.ts';
import type { SocketData } from '../scope.ts';
import { startTestServer, uniquePrefix } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { watchForDataLoss } from './data-loss-watch.ts';

/**
 * Redis losing its data under running servers (a restart without persistence,
 * a flush): the watcher notices when its own key is gone, and `restore` gives
 * a connected socket back what Redis forgot — its group memberships — and
 * restarts its reply sequence, so the client does not drop the new, lower
 * seqs as duplicates. (`npm run drills -- redis-restart` does it for real.)
 */
describe('after Redis lost its data', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('the watcher calls back once its key is gone and the connection is ready again, not before', async () => {
    const redis = new Redis(server.config.redisUrl);
    const prefix = uniquePrefix();
    const onLoss = vi.fn();
    const stop = watchForDataLoss(redis, prefix, onLoss);
    await vi.waitFor(async () => expect(await redis.keys(`${prefix}:alive:*`)).toHaveLength(1));
    redis.disconnect(true);
    await vi.waitFor(() => expect(redis.status).toBe('ready'));
    expect(onLoss).not.toHaveBeenCalled();

    await deleteKeys(server.config.redisUrl, prefix);
    redis.disconnect(true);
    await vi.waitFor(() => expect(onLoss).toHaveBeenCalledTimes(1));
    stop();
    await deleteKeys(server.config.redisUrl, prefix);
    redis.disconnect();
  });

  it('restore writes the socket’s groups back and restarts its reply sequence with reply.reset', async () => {
    const client = await server.connect();
    const { layer } = server.server;
    await layer.groupAdd('data-loss.group', client.replyChannel);
    for (let i = 0; i < 3; i += 1) await layer.send(client.replyChannel, 'notice.posted', { text: `before ${i}`, level: 'info' });
    for (let i = 0; i < 3; i += 1) await client.receive('reply.message');

    await deleteKeys(server.config.redisUrl, server.config.redisPrefix);
    await layer.send(client.replyChannel, 'notice.posted', { text: 'after the loss', level: 'info' });
    const socket = [...server.server.io.of('/').sockets.values()].find((s) => (s.data as SocketData).replyChannel === client.replyChannel);
    await layer.restore(socket!, client.replyChannel);

    const reset = await client.receive<{ epoch: string }>('reply.reset');
    expect(reset.epoch).not.toBe(client.epoch);
    expect(await client.receive('reply.message')).toMatchObject({ seq: 1, payload: { text: 'after the loss' } });
    const redis = new Redis(server.config.redisUrl);
    const groups = await redis.smembers(`${server.config.redisPrefix}:rc:${client.replyChannel}:groups`);
    expect(groups.sort()).toEqual(['announcements', 'data-loss.group']); // the home consumer joined `announcements` on connect
    redis.disconnect();
  });
});
