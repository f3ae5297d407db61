import type { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisBackend } from '../testing/redis-backends.ts';
import { clusterLayerStack } from '../testing/cluster-layer-stack.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';
import { groupRoom, replyRoom } from './rooms.ts';
import { namespaceChannels, partitionChannels, roomChannel } from './sharded-channels.ts';
import { createSocketsPublisher, pubsubKey } from './sockets-publisher.ts';
import { waitFor } from '../testing/wait-for.ts';
import { commandCalls } from '../testing/command-calls.ts';

const GROUPS = 60;

/**
 * On a Redis Cluster a namespace's group messages spread over the
 * namespace's partitions, and so over every primary: each group's join and
 * messages go on the partition its room hashes to, whose slot any primary
 * may own. A `groupAdd` from a process without sockets, followed at once by
 * a `groupSend` to that group, still reaches the new member: the join and
 * the message travel on one channel, in order, whichever shard carries it.
 * A disconnect goes on every channel of the namespace, so it comes before
 * whatever is published after it, on any partition.
 */
describe('pub/sub partitions on a Redis Cluster', () => {
  const { target } = redisBackend('cluster');
  const stack = clusterLayerStack('pubsub-partitions-test');

  const key = () => pubsubKey(stack.server.config.redisPrefix);
  // The `host:port` of the primary owning a channel's slot.
  const ownerOf = async (channel: string) => {
    const slot = Number(await stack.admin.call('CLUSTER', 'KEYSLOT', channel));
    const [, , [host, port]] = ((await stack.admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]).find(([from, to]) => slot >= from && slot <= to)!;
    return `${host}:${port}`;
  };
  const primaries = () => stack.admin.nodes('master');
  const spublishCalls = async () =>
    new Map<string, number>(
      await Promise.all(primaries().map(async (node): Promise<[string, number]> => [`${node.options.host}:${node.options.port}`, await commandCalls(node, 'spublish')])),
    );

  it('has the stack.server subscribed to every partition of a namespace, on whichever primary owns it, and those are all of them', async () => {
    const channels = partitionChannels(key(), '/liveblog', stack.server.config.pubsubPartitions);
    const owners = await Promise.all(channels.map(ownerOf));
    expect(new Set(owners).size).toBe(primaries().length);
    const subscribers = await Promise.all(
      channels.map(async (channel, i) => {
        const node = primaries().find((n) => `${n.options.host}:${n.options.port}` === owners[i])!;
        return ((await node.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number])[1];
      }),
    );
    expect(subscribers.every((count) => count >= 1)).toBe(true);
  });

  it('sends the groups of one namespace through every primary, each join before its message', async () => {
    const member = await stack.server.connect();
    const groups = Array.from({ length: GROUPS }, (_, i) => `test.partitions-${Date.now()}-${i}`);
    // Each primary's share: two SPUBLISH (the join and the message) per group whose partition it owns.
    const expected = new Map<string, number>();
    for (const group of groups) {
      const owner = await ownerOf(roomChannel(key(), '/', groupRoom(group), stack.server.config.pubsubPartitions));
      expected.set(owner, (expected.get(owner) ?? 0) + 2);
    }
    expect(expected.size).toBe(primaries().length);
    const before = await spublishCalls();
    for (const group of groups) {
      await stack.publisher.groupAdd(group, member.replyChannel);
      await stack.publisher.groupSend(group, 'notice.posted', { text: group });
    }
    const received = new Set<string>();
    for (let i = 0; i < GROUPS; i += 1) received.add((await member.receive<{ text: string }>('notice.posted')).text);
    expect([...received].sort()).toEqual([...groups].sort());
    const after = await spublishCalls();
    // At least: other specs may publish on the same cluster meanwhile.
    for (const [owner, calls] of expected) expect((after.get(owner) ?? 0) - (before.get(owner) ?? 0)).toBeGreaterThanOrEqual(calls);
    member.close();
  });

  it('disconnects sockets from another process through every channel of the namespace', async () => {
    const member = await stack.server.connect();
    const channels = namespaceChannels(key(), '/', stack.server.config.pubsubPartitions);
    const watcher = connectRedis(target, { name: 'pubsub-partitions-watcher' }) as Cluster;
    const arrived = new Set<string>();
    watcher.on('smessage', (channel: string, message: string) => {
      if ((JSON.parse(message) as { type: number }).type === 6) arrived.add(channel);
    });
    try {
      for (const channel of channels) await watcher.ssubscribe(channel);
      createSocketsPublisher(stack.server.config, stack.admin, stack.server.config.redisPrefix).of('/').in(replyRoom(member.replyChannel)).disconnectSockets(true);
      await waitFor('the member disconnected', 5000, () => (stack.server.server.io.of('/').adapter.rooms.has(replyRoom(member.replyChannel)) ? undefined : true));
      await waitFor('the disconnect on every channel', 5000, () => (arrived.size === channels.length ? true : undefined));
      expect([...arrived].sort()).toEqual([...channels].sort());
    } finally {
      member.close();
      await closeRedis(watcher);
    }
  });
});
