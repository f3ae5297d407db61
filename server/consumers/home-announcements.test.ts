import { describe, expect, it } from 'vitest';
import { ANNOUNCEMENTS_GROUP } from '../protocol/kit-protocol.ts';
import { privateRedisStack } from '../testing/private-redis-stack.ts';

/**
 * Every root-namespace connection joins the announcements group on connect,
 * so the group is joined by the connection alone (`groupAddConnection`), not
 * stored as a membership of its reply channel: a root handshake makes one
 * Redis script call (the handshake limit), not two. Fresh and returning
 * connections still get announcements. On a Redis of its own: its command
 * counts are this spec's alone.
 */
describe('announcements on the root namespace', () => {
  const stack = privateRedisStack();

  it('reach fresh and returning connections, with one Redis script call per handshake and no stored membership', async () => {
    const { server, watcher } = stack;
    const before = await stack.calls('evalsha', 'eval');
    const fresh = [];
    for (let i = 0; i < 5; i += 1) fresh.push(await server.connect({ namespace: '/' }));
    expect((await stack.calls('evalsha', 'eval')) - before).toBe(5);
    const first = fresh[0]!;
    first.close();
    const back = await server.connect({ namespace: '/', auth: { reply: first.replyToken } });
    expect(back.replyChannel).toBe(first.replyChannel);
    expect(await watcher.exists(`${server.config.redisPrefix}:rc:{${first.replyChannel}}:groups`)).toBe(0);

    await server.server.layer.groupSend(ANNOUNCEMENTS_GROUP, 'announcement.posted', { text: 'to everyone', author: 'staff', at: new Date().toISOString() });
    for (const client of [back, ...fresh.slice(1)]) expect(await client.receive('announcement.posted')).toMatchObject({ text: 'to everyone' });
  });
});
