import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { createScratchDatabase } from '../../testing/scratch-database.ts';
import type { ScratchDatabase } from '../../testing/scratch-database.ts';
import { createSessionStore, createUser, SESSION_COOKIE } from '../../auth/index.ts';
import { setPostFlags, updateLiveblog } from './index.ts';
import type { PostChange, WireLiveblog } from './liveblog-protocol.ts';
import { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { spawnServer } from '../../testing/spawn-server.ts';
import type { ServerProcess } from '../../testing/spawn-server.ts';
import { testEnv, uniquePrefix } from '../../testing/test-server.ts';
import { app } from '../index.ts';
import { redisBackends } from '../../testing/redis-backends.ts';

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
type Follow = { cursor: string; changes: { event: string; change: PostChange }[]; reset: boolean; liveblog?: WireLiveblog };

/**
 * The `/liveblog` namespace across two interface server processes (each with
 * its own outbox relay, one of them the leader): "a committed post change
 * reaches every follower of its liveblog on either server exactly once, with
 * a cursor; a reader that reconnects with its cursor gets every post it
 * missed as it is now; writes are staff-only and a refused write leaves nothing".
 */
describe.each(redisBackends())('/liveblog on two interface servers ($name)', (backend) => {
  const run = randomBytes(3).toString('hex');
  const prefix = uniquePrefix();
  const sockets: SocketCommunicator[] = [];
  let scratch: ScratchDatabase;
  let db: Database;
  let one: ServerProcess;
  let two: ServerProcess;
  let staffCookie = '';
  let userCookie = '';
  let liveblogId = '';
  const slug = `live-${run}`;

  beforeAll(async () => {
    scratch = await createScratchDatabase('consumer');
    db = createPrismaClient(scratch.url, { hooks: app.hooks });
    const env = { REDIS_PREFIX: prefix, DATABASE_URL: scratch.url, ...backend.env };
    [one, two] = await Promise.all([spawnServer({ env: testEnv(env) }), spawnServer({ env: testEnv(env) })]);
    const sessions = createSessionStore(db, { ttlSeconds: 3600 });
    const staff = await createUser(db, { username: `editor-${run}`, password: 'correct horse battery', isStaff: true });
    const user = await createUser(db, { username: `reader-${run}`, password: 'correct horse battery' });
    staffCookie = `${SESSION_COOKIE}=${(await sessions.create(staff.id)).token}`;
    userCookie = `${SESSION_COOKIE}=${(await sessions.create(user.id)).token}`;
    liveblogId = (await db.liveblog.create({ data: { slug, title: 'Live' }, select: { id: true } })).id;
    await db.liveblog.create({ data: { slug: `other-${run}`, title: 'Other' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([one?.stop(), two?.stop()]);
    await db?.$disconnect();
    await scratch?.drop();
  });

  const connect = async (server: ServerProcess, cookie?: string) => {
    const socket = await SocketCommunicator.connect(server.url, { namespace: '/liveblog', headers: cookie ? { cookie } : {} });
    sockets.push(socket);
    return socket;
  };
  const follow = async (socket: SocketCommunicator, followed = slug, after?: string) => {
    const ack = await socket.request<Follow>('liveblog.follow', after ? { slug: followed, after } : { slug: followed });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    return ack.data;
  };

  it('a post created by staff over the socket reaches followers on both servers once, and not another liveblog', async () => {
    const [a, b, outsider, editor] = [await connect(one), await connect(two), await connect(two), await connect(one, staffCookie)];
    await follow(a);
    await follow(b);
    await follow(outsider, `other-${run}`);
    const ack = (await editor.request<{ post: { id: string } }>('post.create', { slug, body: 'hello readers' })) as Ack<{ post: { id: string } }>;
    expect(ack.ok).toBe(true);
    for (const reader of [a, b]) {
      const change = await reader.receive<PostChange>('post.published');
      expect(change).toMatchObject({ slug, post: { body: 'hello readers', version: 1, author: `editor-${run}` } });
      expect(change.cursor).toMatch(/^\d+$/);
    }
    await outsider.receiveNothing('post.published');
    await a.receiveNothing('post.published'); // exactly once, although two relays and two servers run
    await b.receiveNothing('post.published');
  });

  it('edit and delete arrive as post.updated and post.deleted with growing versions and cursors', async () => {
    const [reader, editor] = [await connect(two), await connect(one, staffCookie)];
    await follow(reader);
    const created = (await editor.request<{ post: { id: string } }>('post.create', { slug, body: 'draft' })) as Ack<{ post: { id: string } }>;
    if (!created.ok) throw new Error('create failed');
    const id = created.data.post.id;
    await editor.request('post.update', { id, body: 'final' });
    await editor.request('post.delete', { id });
    const published = await reader.receive<PostChange>('post.published');
    const updated = await reader.receive<PostChange>('post.updated');
    const deleted = await reader.receive<PostChange>('post.deleted');
    expect([published.post.version, updated.post.version, deleted.post.version]).toEqual([1, 2, 3]);
    expect(updated.post.body).toBe('final');
    expect(deleted.post).toMatchObject({ id, body: '' });
    expect(BigInt(published.cursor) < BigInt(updated.cursor) && BigInt(updated.cursor) < BigInt(deleted.cursor)).toBe(true);
  });

  it('a reader that follows again with its cursor gets each post it missed once, as it is now, in order of its last change', async () => {
    const reader = await connect(one);
    const { cursor } = await follow(reader);
    reader.close();
    const bodies = ['missed 1', 'missed 2'];
    for (const body of bodies) await db.liveblogPost.create({ data: { liveblogId, body } });
    const edited = await db.liveblogPost.findFirstOrThrow({ where: { body: 'missed 1' }, select: { id: true } });
    await db.liveblogPost.update({ where: { id: edited.id }, data: { body: 'missed 1 (edited)' } });
    const back = await connect(two);
    const caughtUp = await follow(back, slug, cursor);
    expect(caughtUp.reset).toBe(false);
    expect(caughtUp.changes.map((c) => [c.event, c.change.post.body])).toEqual([
      ['post.published', 'missed 2'],
      ['post.published', 'missed 1 (edited)'],
    ]);
    expect(caughtUp.cursor).toBe(caughtUp.changes.at(-1)?.change.cursor);
    expect(await follow(back, slug, caughtUp.cursor)).toMatchObject({ changes: [], reset: false });
  });

  it('a cursor that is not in the outbox gets reset, and liveblog.page serves the latest posts', async () => {
    const reader = await connect(one);
    expect(await follow(reader, slug, '999999999')).toMatchObject({ changes: [], reset: true });
    const page = await reader.request<{ posts: { body: string }[]; hasMore: boolean }>('liveblog.page', { slug });
    if (!page.ok) throw new Error('page failed');
    expect(page.data.posts[0]?.body).toBe('missed 2');
    expect(page.data.posts.some((p) => p.body === 'final')).toBe(false); // deleted posts are not listed
  });

  it('a follow carries the liveblog as it is; a change of its summary or status, or a pin, reaches followers on both servers', async () => {
    const [a, b, outsider] = [await connect(one), await connect(two), await connect(two)];
    expect((await follow(a)).liveblog).toMatchObject({ slug, title: 'Live', summary: '', status: 'live' });
    await follow(b);
    await follow(outsider, `other-${run}`);
    const changed = await updateLiveblog(db, { slug, summary: 'What we know so far', status: 'ended' });
    for (const reader of [a, b]) {
      expect(await reader.receive<{ liveblog: WireLiveblog }>('liveblog.updated')).toMatchObject({ liveblog: changed });
    }
    await outsider.receiveNothing('liveblog.updated');
    expect((await follow(await connect(one))).liveblog).toEqual(changed);

    const post = await db.liveblogPost.findFirstOrThrow({ where: { liveblogId, deletedAt: null }, select: { id: true } });
    await setPostFlags(db, { id: post.id, pinned: true });
    for (const reader of [a, b]) expect(await reader.receive<PostChange>('post.updated')).toMatchObject({ post: { id: post.id, pinned: true } });
    await updateLiveblog(db, { slug, status: 'live' });
  });

  it('anonymous and non-staff writes are refused with nothing written or broadcast', async () => {
    const [reader, anonymous, user] = [await connect(two), await connect(one), await connect(two, userCookie)];
    await follow(reader);
    const before = await db.outboxEvent.count();
    const post = await db.liveblogPost.findFirstOrThrow({ where: { liveblogId, deletedAt: null }, select: { id: true } });
    const attempts: [SocketCommunicator, string, object, string][] = [
      [anonymous, 'post.create', { slug, body: 'sneaky' }, 'unauthorized'],
      [user, 'post.create', { slug, body: 'sneaky' }, 'forbidden'],
      [user, 'post.update', { id: post.id, body: 'sneaky' }, 'forbidden'],
      [anonymous, 'post.delete', { id: post.id }, 'unauthorized'],
    ];
    for (const [socket, event, payload, code] of attempts) {
      expect(await socket.request(event, payload)).toMatchObject({ ok: false, error: { code } });
    }
    expect(await db.outboxEvent.count()).toBe(before);
    expect(await db.liveblogPost.count({ where: { body: 'sneaky' } })).toBe(0);
    await reader.receiveNothing('post.published');
    await reader.receiveNothing('post.updated');
  });

  it('empty, oversize and unknown-liveblog posts are refused with a clear message and nothing saved', async () => {
    const editor = await connect(one, staffCookie);
    const before = await db.outboxEvent.count();
    expect(await editor.request('post.create', { slug, body: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('the post is empty') } });
    expect(await editor.request('post.create', { slug, body: 'x'.repeat(10_001) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('at most 10,000 characters') },
    });
    expect(await editor.request('post.create', { slug: `missing-${run}`, body: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await db.outboxEvent.count()).toBe(before);
  });

  it('readers that come back at once with the same cursor (a server died) each get the catch-up one alone gets, and a post committed while they follow', async () => {
    const first = await connect(one);
    const { cursor } = await follow(first);
    await db.liveblogPost.create({ data: { liveblogId, body: 'before the storm' } });
    const readers = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(i % 2 ? one : two)));
    const following = readers.map((reader) => follow(reader, slug, cursor));
    // Committed while the follows (sharing their reads) are under way: each reader gets it, from its catch-up or live.
    const during = await db.liveblogPost.create({ data: { liveblogId, body: 'during the storm' }, select: { id: true } });
    const answers = await Promise.all(following);
    const alone = await follow(await connect(two), slug, cursor);
    expect(alone.changes.map((c) => c.change.post.body)).toEqual(['before the storm', 'during the storm']);
    for (const [i, answer] of answers.entries()) {
      const bodies = answer.changes.map((c) => c.change.post.body);
      expect(bodies.slice(0, 1)).toEqual(['before the storm']);
      if (!answer.changes.some((c) => c.change.post.id === during.id)) {
        expect((await readers[i]!.receive<PostChange>('post.published')).post.id).toBe(during.id);
      }
    }
  });
});
