import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisBackend } from '../testing/redis-backends.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';
import type { InterfaceLayer } from './channel-layer.ts';
import { createRedisLayer } from './redis-layer.ts';
import { app } from '../features/index.ts';
import { roomChannel } from './sharded-channels.ts';
import { groupRoom, replyRoom } from './rooms.ts';
import { pubsubKey } from './sockets-publisher.ts';

/**
 * On a Redis Cluster a process without sockets (a worker, the relay, the
 * CLI) reaches sockets through sharded pub/sub: its message is one SPUBLISH
 * on the partition of the namespace that its room hashes to, in the sharded
 * adapter's format, and nothing is published the classic way (which every
 * node would forward).
 */
describe('sharded emitter on a Redis Cluster', () => {
  const { target, env } = redisBackend('cluster');
  let server: TestServer;
  let publisher: InterfaceLayer;
  let watcher: Cluster;
  const sharded: { channel: string; message: { uid: string; type: number; data: { packet: { data: unknown[] } } } }[] = [];
  const classic: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ ...env, CHANNEL_LAYER: 'redis' });
    publisher = createRedisLayer({ protocol: app.index, ...server.config, prefix: server.config.redisPrefix });
    watcher = connectRedis(target, { name: 'sharded-emitter-test' }) as Cluster;
    watcher.on('smessage', (channel: string, message: string) => sharded.push({ channel, message: JSON.parse(message) }));
    // Classic pub/sub on every primary: a PUBLISH on any node reaches all of them.
    for (const node of watcher.nodes('master')) {
      const sub = node.duplicate();
      sub.on('pmessage', (_pattern: string, channel: string) => classic.push(channel));
      await sub.psubscribe(`${server.config.redisPrefix}*`);
      afterAll(() => closeRedis(sub));
    }
  });
  afterAll(async () => {
    await publisher?.close();
    await closeRedis(watcher);
    await server?.close();
  });

  it('delivers a groupSend from another process to the member’s socket through one SPUBLISH, none classic', async () => {
    const group = `test.sharded-${Date.now()}`;
    const [member, other] = [await server.connect(), await server.connect()];
    await watcher.ssubscribe(roomChannel(pubsubKey(server.config.redisPrefix), '/', groupRoom(group), server.config.pubsubPartitions));
    await publisher.groupAdd(group, member.replyChannel);
    await publisher.groupSend(group, 'notice.posted', { text: 'through the shard' });
    expect(await member.receive('notice.posted')).toEqual({ text: 'through the shard', level: 'info' });
    await other.receiveNothing('notice.posted');
    const broadcasts = sharded.filter(({ message }) => message.type === 3 && message.data.packet.data[0] === 'notice.posted');
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]?.message.uid).toMatch(/^emitter-/);
    expect(classic).toEqual([]);
  });

  it('delivers a reply-channel send from another process, numbered, to that client only', async () => {
    const [alice, bob] = [await server.connect(), await server.connect()];
    const channel = roomChannel(pubsubKey(server.config.redisPrefix), '/', replyRoom(alice.replyChannel), server.config.pubsubPartitions);
    await watcher.ssubscribe(channel);
    await publisher.send(alice.replyChannel, 'notice.posted', { text: 'for alice' });
    expect(await alice.receive('reply.message')).toMatchObject({ seq: 1, payload: { text: 'for alice' } });
    // Waiting out bob's silence first gives the watcher's own subscription time to get the message too (it may come after alice's).
    await bob.receiveNothing('reply.message');
    expect(sharded.filter((message) => message.channel === channel && message.message.type === 3)).toHaveLength(1);
    expect(classic).toEqual([]);
  });
});
