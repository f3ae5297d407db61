import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupRoom } from './rooms.ts';
import { createRedisStore } from './redis-store.ts';
import { keepHoldingChannels } from './holder-records.ts';
import { issuerOf } from './reply-channel-token.ts';
import { privateRedisStack } from '../testing/private-redis-stack.ts';
import type { TestServer } from '../testing/test-server.ts';

/**
 * A group join or leave of a reply channel reaches the channel's sockets on
 * every namespace of every server. When the server doing it issued the
 * channel and no other server has attached a socket of it, those sockets
 * are all in this process: it joins them here, without the broadcast (one
 * PUBLISH per namespace, read by every server). Once another server holds a
 * socket of the channel, joins and leaves are broadcast again, and that
 * server's socket follows them. On a Redis of its own: its PUBLISH counts are
 * this spec's alone.
 */
describe('group joins of a reply channel held by one server', () => {
  const group = (name: string) => `holders-${name}-${randomBytes(3).toString('hex')}`;
  const stack = privateRedisStack({ servers: 2 });
  let a: TestServer;
  let b: TestServer;
  beforeAll(() => {
    [a, b] = stack.servers as [TestServer, TestServer];
  });

  const publishes = () => stack.calls('publish', 'spublish');
  const inGroup = (server: TestServer, namespace: string, socketId: string, name: string) =>
    server.server.io.of(namespace).adapter.rooms.get(groupRoom(name))?.has(socketId) === true;

  it('joins and leaves the sockets of a channel it issued and alone holds without a broadcast, on every namespace', async () => {
    const home = await a.connect({ namespace: '/' });
    const chat = await a.connect({ namespace: '/chat', auth: { reply: home.replyToken } });
    const name = group('here');
    const before = await publishes();
    await a.server.layer.groupAdd(name, home.replyChannel);
    for (const [namespace, client] of [['/', home], ['/chat', chat]] as const) expect(inGroup(a, namespace, client.socket.id as string, name)).toBe(true);
    await a.server.layer.groupDiscard(name, home.replyChannel);
    for (const [namespace, client] of [['/', home], ['/chat', chat]] as const) expect(inGroup(a, namespace, client.socket.id as string, name)).toBe(false);
    expect(await publishes()).toBe(before);
  });

  it('broadcasts once another server holds a socket of the channel, and that socket follows', async () => {
    const first = await a.connect({ namespace: '/' });
    const elsewhere = await b.connect({ namespace: '/', auth: { reply: first.replyToken } });
    expect(elsewhere.replyChannel).toBe(first.replyChannel);
    const name = group('elsewhere');
    const before = await publishes();
    await a.server.layer.groupAdd(name, first.replyChannel);
    expect(await publishes()).toBeGreaterThan(before);
    expect(inGroup(a, '/', first.socket.id as string, name)).toBe(true);
    await expect.poll(() => inGroup(b, '/', elsewhere.socket.id as string, name)).toBe(true);
    await a.server.layer.groupDiscard(name, first.replyChannel);
    await expect.poll(() => inGroup(b, '/', elsewhere.socket.id as string, name)).toBe(false);
  });

  it('broadcasts for a channel another server issued', async () => {
    const issued = await b.connect({ namespace: '/' });
    const here = await a.connect({ namespace: '/', auth: { reply: issued.replyToken } });
    const name = group('issued-elsewhere');
    const before = await publishes();
    await a.server.layer.groupAdd(name, here.replyChannel);
    expect(await publishes()).toBeGreaterThan(before);
    await expect.poll(() => inGroup(b, '/', issued.socket.id as string, name)).toBe(true);
  });

  it('renews the holder record of a channel whose socket came back and stays connected', async () => {
    const first = await a.connect({ namespace: '/' });
    const back = await b.connect({ namespace: '/', auth: { reply: first.replyToken } });
    const holderB = issuerOf((await b.connect({ namespace: '/' })).replyChannel);
    const { watcher } = stack;
    const holders = `${b.config.redisPrefix}:rc:{${back.replyChannel}}:holders`;
    expect(await watcher.smembers(holders)).toEqual([holderB]);
    await watcher.del(holders);
    const store = createRedisStore(watcher, { prefix: b.config.redisPrefix, replyTtlMs: 60_000, replyMaxMessages: 10, groupExpiryMs: 3_600_000 });
    const stop = keepHoldingChannels({ io: b.server.io, holder: holderB }, store, { namespaces: ['/'], everyMs: 20 });
    try {
      await expect.poll(() => watcher.smembers(holders), { timeout: 2000 }).toEqual([holderB]);
      expect(await watcher.pttl(holders)).toBeGreaterThan(3_000_000);
    } finally {
      stop();
    }
  });
});
