import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { liveblogAboutGroup, liveblogGroup } from '../features/liveblog/liveblog-protocol.ts';
import { groupRoom } from '../layer/rooms.ts';
import { privateRedisStack } from '../testing/private-redis-stack.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';

/**
 * A reconnecting client's socket is put back in its stored groups when it
 * attaches; when its consumer then adds it to one of those groups again (a
 * liveblog reader following again after a reconnect), the membership is
 * refreshed without asking every server and namespace to join its sockets
 * (one PUBLISH per namespace per group, handled by every interface server) —
 * in a reconnect storm those joins were a third of a reconnect's Redis
 * commands. A socket not yet in the group still gets the join: its reply
 * channel's other sockets must join too.
 * On a Redis of its own: its command counts are this spec's alone. The
 * liveblogs are written without hooks, so no relay publish falls in between.
 */
describe('groupAdd for a socket already in the group', () => {
  const slug = `joined-${randomBytes(3).toString('hex')}`;
  const stack = privateRedisStack();
  let db: Database;

  beforeAll(async () => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: [] });
    await db.liveblog.create({ data: { slug, title: 'Joined' } });
  });
  afterAll(async () => {
    await db?.liveblog.deleteMany({ where: { slug: { startsWith: slug } } });
    await db?.$disconnect();
  });

  const publishes = () => stack.calls('publish', 'spublish');
  const scripts = () => stack.calls('evalsha', 'eval');
  const inRoom = (socketId: string, group: string) => stack.server.server.io.of('/liveblog').adapter.rooms.get(groupRoom(group))?.has(socketId) === true;

  /** A follower that followed, left, and came back with its token. */
  const reconnectedFollower = async () => {
    const first = await stack.server.connect({ namespace: '/liveblog' });
    expect(await first.request('liveblog.follow', { slug })).toMatchObject({ ok: true });
    const token = first.replyToken;
    first.close();
    return { token, again: await stack.server.connect({ namespace: '/liveblog', auth: { reply: token } }) };
  };

  it('a reconnected follower following again writes nothing: attach renewed the memberships it put back', async () => {
    const { server } = stack;
    const { token, again } = await reconnectedFollower();
    const [publishesBefore, scriptsBefore] = [await publishes(), await scripts()];
    expect(await again.request('liveblog.follow', { slug })).toMatchObject({ ok: true });
    expect([await publishes(), await scripts()]).toEqual([publishesBefore, scriptsBefore]);
    again.close();

    // Still stored: the next connection with the token is put back in both groups.
    const third = await server.connect({ namespace: '/liveblog', auth: { reply: token } });
    for (const group of [liveblogGroup(slug), liveblogAboutGroup(slug)]) expect(inRoom(third.socket.id as string, group)).toBe(true);
  });

  it('refreshes the membership of a reconnected follower without a join broadcast; the channel\'s socket not in the group still joins', async () => {
    const { server } = stack;
    const { token, again } = await reconnectedFollower();
    expect(inRoom(again.socket.id as string, liveblogGroup(slug))).toBe(true);
    const before = await publishes();
    expect(await again.request('liveblog.follow', { slug })).toMatchObject({ ok: true });
    expect(await publishes()).toBe(before);
    for (const group of [liveblogGroup(slug), liveblogAboutGroup(slug)]) expect(inRoom(again.socket.id as string, group)).toBe(true);

    // The same reply channel on the home namespace, in no liveblog group: following joins it there too, here (this server issued the channel and holds its sockets alone; server/layer/holder-joins.test.ts has the broadcast once another server holds one).
    const home = await server.connect({ namespace: '/', auth: { reply: token } });
    const other = `${slug}-other`;
    await db.liveblog.create({ data: { slug: other, title: 'Other' } });
    const beforeOther = await publishes();
    expect(await again.request('liveblog.follow', { slug: other })).toMatchObject({ ok: true });
    expect(server.server.io.of('/').adapter.rooms.get(groupRoom(liveblogGroup(other)))?.has(home.socket.id as string)).toBe(true);
    expect(await publishes()).toBe(beforeOther);
  });
});
