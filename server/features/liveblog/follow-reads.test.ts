import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { createScratchDatabase } from '../../testing/scratch-database.ts';
import type { ScratchDatabase } from '../../testing/scratch-database.ts';
import type { PostChange } from './liveblog-protocol.ts';
import { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { spawnServer } from '../../testing/spawn-server.ts';
import type { ServerProcess } from '../../testing/spawn-server.ts';
import { testEnv, uniquePrefix } from '../../testing/test-server.ts';
import { app } from '../index.ts';
import { keysWithTtl } from '../../testing/redis-keys.ts';
import { singleRedis } from '../../testing/redis-backends.ts';

type Follow = { cursor: string; changes: { event: string; change: PostChange }[]; reset: boolean };

/**
 * Follows answered from memory (follow-reads.ts, marked-reads.ts): "a
 * follower whose liveblog had no change since an earlier follower's read is
 * answered without PostgreSQL; one that follows after a change was published
 * gets that change in its catch-up".
 */
describe('liveblog.follow answers from memory while nothing changed', () => {
  const prefix = uniquePrefix();
  const slug = `kept-${prefix.slice('sy-test-'.length)}`;
  const sockets: SocketCommunicator[] = [];
  let scratch: ScratchDatabase;
  let db: Database;
  let server: ServerProcess;
  let liveblogId = '';

  beforeAll(async () => {
    scratch = await createScratchDatabase('follow');
    db = createPrismaClient(scratch.url, { hooks: app.hooks });
    server = await spawnServer({ env: testEnv({ REDIS_PREFIX: prefix, DATABASE_URL: scratch.url }) });
    liveblogId = (await db.liveblog.create({ data: { slug, title: 'Kept' }, select: { id: true } })).id;
    await db.liveblogPost.create({ data: { liveblogId, body: 'first' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.stop();
    await db?.$disconnect();
    await scratch?.drop();
  });

  const follow = async (after?: string) => {
    const socket = await SocketCommunicator.connect(server.url, { namespace: '/liveblog' });
    sockets.push(socket);
    const ack = await socket.request<Follow>('liveblog.follow', after ? { slug, after } : { slug });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    return { socket, followed: ack.data };
  };

  /** Runs `body` while another session holds the outbox table: any catch-up read from PostgreSQL waits until it ends. */
  const withOutboxLocked = async <T>(body: () => Promise<T>): Promise<T> => {
    const holder = new pg.Client({ connectionString: scratch.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE outbox_events IN ACCESS EXCLUSIVE MODE');
      return await body();
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  };

  it('answers followers with the same cursor without reading the outbox, and reads again for another cursor', async () => {
    const { followed: first } = await follow('0');
    expect(first.changes.map((c) => c.change.post.body)).toEqual(['first']);
    const cursor = first.cursor;
    const { followed: kept } = await follow(cursor);
    expect(kept).toMatchObject({ changes: [], reset: false, cursor });
    let uncached: Promise<unknown> | undefined;
    await withOutboxLocked(async () => {
      const again = await Promise.all([follow(cursor), follow(cursor), follow(cursor)]);
      for (const { followed } of again) expect(followed).toEqual(kept);
      // The control: a cursor nobody asked for reads PostgreSQL, and waits for the lock.
      uncached = follow().then(({ followed }) => followed);
      const waited = await Promise.race([uncached.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000))]);
      expect(waited).toBe('waiting');
    });
    await expect(uncached).resolves.toMatchObject({ reset: false, cursor });
  });

  it('a follow of a liveblog that does not exist is refused and writes no change mark', async () => {
    const socket = await SocketCommunicator.connect(server.url, { namespace: '/liveblog' });
    sockets.push(socket);
    for (let i = 0; i < 5; i += 1) {
      const ack = await socket.request('liveblog.follow', { slug: `missing-${i}` });
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    const marks = (await keysWithTtl(singleRedis().redisUrl, prefix)).filter(({ key }) => key.startsWith(`${prefix}:mark:`));
    // The earlier tests' liveblog has its two (posts, about), each expiring; the missing slugs none.
    expect(marks.map(({ key }) => key).sort()).toEqual([`${prefix}:mark:{liveblog.${slug}.about}`, `${prefix}:mark:{liveblog.${slug}}`]);
    for (const { ttlMs } of marks) expect(ttlMs).toBeGreaterThan(0);
  });

  it('a follower after a published change gets it, although an answer for its cursor was kept before the change', async () => {
    const { socket: live, followed } = await follow();
    const cursor = followed.cursor;
    await follow(cursor); // kept: no changes after `cursor`
    await db.liveblogPost.create({ data: { liveblogId, body: 'after the kept answer' } });
    // Published (and so its groups marked) once a live follower has it.
    expect((await live.receive<PostChange>('post.published')).post.body).toBe('after the kept answer');
    const { followed: late } = await follow(cursor);
    expect(late.changes.map((c) => [c.event, c.change.post.body])).toEqual([['post.published', 'after the kept answer']]);
  });
});
