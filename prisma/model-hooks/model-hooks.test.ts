import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../client.ts';
import type { Database } from '../client.ts';
import { createScratchDatabase } from '../../server/testing/scratch-database.ts';
import type { ScratchDatabase } from '../../server/testing/scratch-database.ts';
import { app } from '../../server/features/index.ts';

/**
 * Model-save hooks: "a write of a hooked model records exactly its messages in
 * the outbox, in the write's own transaction — so a rollback leaves nothing,
 * and a commit leaves exactly one row per message, in commit order".
 */
describe('model hooks (LiveblogPost → liveblog.<slug>)', () => {
  const run = randomBytes(3).toString('hex');
  let scratch: ScratchDatabase;
  let db: Database;
  let liveblogId: string;
  const slug = `hooks-${run}`;
  const outbox = () =>
    db.outboxEvent.findMany({ where: { group: `liveblog.${slug}` }, orderBy: { id: 'asc' }, select: { id: true, event: true, payload: true } });

  beforeAll(async () => {
    scratch = await createScratchDatabase('hooks');
    db = createPrismaClient(scratch.url, { hooks: app.hooks });
    liveblogId = (await db.liveblog.create({ data: { slug, title: 'Hooks' }, select: { id: true } })).id;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  it('a create commits one post.published row carrying the post and its slug', async () => {
    const before = (await outbox()).length;
    const post = await db.liveblogPost.create({ data: { liveblogId, body: 'first' } });
    const rows = (await outbox()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: 'post.published', payload: { slug, post: { id: post.id, body: 'first', version: 1, deletedAt: null } } });
  });

  it('an interactive transaction that rolls back leaves neither the post nor an outbox row', async () => {
    const before = await outbox();
    const body = `rolled back ${run}`;
    await expect(
      db.$transaction(async (tx) => {
        await tx.liveblogPost.create({ data: { liveblogId, body } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.liveblogPost.count({ where: { body } })).toBe(0);
    expect(await outbox()).toEqual(before);
  });

  it('writes inside a committed interactive transaction record their rows in that transaction, in order', async () => {
    const before = (await outbox()).length;
    const [a, b] = await db.$transaction(async (tx) => {
      const first = await tx.liveblogPost.create({ data: { liveblogId, body: 'tx a' } });
      const second = await tx.liveblogPost.create({ data: { liveblogId, body: 'tx b' } });
      // Read inside the transaction: the rows are there before commit (same transaction).
      expect(await tx.outboxEvent.count({ where: { group: `liveblog.${slug}`, sentAt: null } })).toBeGreaterThanOrEqual(2);
      return [first, second];
    });
    const rows = (await outbox()).slice(before);
    expect(rows.map((r) => (r.payload as { post: { id: string } }).post.id)).toEqual([a.id, b.id]);
  });

  it('a row is stamped when it is written, not when its transaction began (the relay measures commit → publish from it)', async () => {
    const { writtenAfter, row } = await db.$transaction(async (tx) => {
      // Work before the write: a stamp from the transaction's start would be older than this reading.
      const [reading] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp()::timestamp(3) AS now FROM pg_sleep(0.05)`;
      const post = await tx.liveblogPost.create({ data: { liveblogId, body: `stamped ${run}` } });
      const written = await tx.outboxEvent.findFirstOrThrow({ where: { group: `liveblog.${slug}`, payload: { path: ['post', 'id'], equals: post.id } }, select: { createdAt: true } });
      return { writtenAfter: reading!.now, row: written };
    });
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(writtenAfter.getTime());
  });

  it('an update bumps version and records post.updated; a tombstone records post.deleted without the body', async () => {
    const post = await db.liveblogPost.create({ data: { liveblogId, body: 'to edit' } });
    const edited = await db.liveblogPost.update({ where: { id: post.id }, data: { body: 'edited' } });
    expect(edited.version).toBe(2);
    const deleted = await db.liveblogPost.update({ where: { id: post.id }, data: { deletedAt: new Date() } });
    expect(deleted.version).toBe(3);
    const rows = (await outbox()).slice(-2);
    expect(rows.map((r) => r.event)).toEqual(['post.updated', 'post.deleted']);
    expect(rows[0]?.payload).toMatchObject({ post: { body: 'edited', version: 2 } });
    expect(rows[1]?.payload).toMatchObject({ post: { body: '', version: 3 } });
  });

  it('a hard delete records post.deleted as a tombstone (no body, a newer version); a select without the id still returns exactly what was selected', async () => {
    const created = await db.liveblogPost.create({ data: { liveblogId, body: 'select me' }, select: { body: true } });
    expect(created).toEqual({ body: 'select me' });
    const post = await db.liveblogPost.findFirstOrThrow({ where: { body: 'select me' }, select: { id: true } });
    await db.liveblogPost.delete({ where: { id: post.id } });
    const last = (await outbox()).at(-1);
    expect(last).toMatchObject({ event: 'post.deleted', payload: { post: { id: post.id, body: '', version: 2 } } });
    expect((last?.payload as { post: { deletedAt: string | null } }).post.deletedAt).not.toBeNull();
  });

  it('a failed write (unknown liveblog) records nothing', async () => {
    const before = await outbox();
    await expect(db.liveblogPost.create({ data: { liveblogId: 'nope', body: 'x' } })).rejects.toThrow();
    expect(await outbox()).toEqual(before);
  });

  it('bulk writes and batch transactions of a hooked model are refused, with nothing written', async () => {
    const body = `bulk ${run}`;
    await expect(db.liveblogPost.createMany({ data: [{ liveblogId, body }] })).rejects.toThrow(/write one record at a time/);
    await expect(db.$transaction([db.liveblogPost.create({ data: { liveblogId, body } })])).rejects.toThrow(/interactive \$transaction/);
    expect(await db.liveblogPost.count({ where: { body } })).toBe(0);
  });

  it('models without a hook are untouched', async () => {
    const before = await db.outboxEvent.count();
    await db.chatRoom.create({ data: { name: `hooks-${run}` } });
    await db.chatRoom.deleteMany({ where: { name: `hooks-${run}` } });
    expect(await db.outboxEvent.count()).toBe(before);
  });

  it('pinning a post or marking it key is an update like any other: version bumped, post.updated carries the flags', async () => {
    const post = await db.liveblogPost.create({ data: { liveblogId, body: 'pin me' } });
    await db.liveblogPost.update({ where: { id: post.id }, data: { pinned: true, isKey: true } });
    expect((await outbox()).at(-1)).toMatchObject({ event: 'post.updated', payload: { post: { id: post.id, version: 2, pinned: true, key: true } } });
  });

  it('a liveblog update records liveblog.updated in liveblog.<slug>.about; its create and delete record nothing, and bulk deletes are allowed', async () => {
    const about = () => db.outboxEvent.findMany({ where: { group: `liveblog.${slug}.about` }, orderBy: { id: 'asc' }, select: { event: true, payload: true } });
    const before = await db.outboxEvent.count();
    const other = `about-${run}`;
    await db.liveblog.create({ data: { slug: other, title: 'About' } });
    await db.liveblog.deleteMany({ where: { slug: other } });
    expect(await db.outboxEvent.count()).toBe(before);

    await db.liveblog.update({ where: { id: liveblogId }, data: { summary: 'Polls close at *10pm*', status: 'ended' } });
    expect(await about()).toEqual([
      { event: 'liveblog.updated', payload: { liveblog: expect.objectContaining({ slug, summary: 'Polls close at *10pm*', status: 'ended', version: 2 }) } },
    ]);
    await expect(db.liveblog.updateMany({ where: { id: liveblogId }, data: { status: 'live' } })).rejects.toThrow(/write one record at a time/);
  });

  it('a second writer to the same group waits for the first to commit (ids follow commit order); another group does not wait', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = db.$transaction(async (tx) => {
      const post = await tx.liveblogPost.create({ data: { liveblogId, body: 'first in' } });
      await gate;
      return post;
    });
    const waiting = async () =>
      (await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`)[0]?.n ?? 0;
    // Wait until the first transaction holds the group's lock (its outbox row exists, uncommitted).
    while ((await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`)[0]!.n === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const otherId = (await db.liveblog.create({ data: { slug: `other-${run}`, title: 'Other' }, select: { id: true } })).id;
    await db.liveblogPost.create({ data: { liveblogId: otherId, body: 'other group' } }); // completes while the first is open
    const second = db.liveblogPost.create({ data: { liveblogId, body: 'second in' } }).then((post) => post); // PrismaPromises are lazy
    while ((await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const [a, b] = await Promise.all([first, second]);
    const ids = (await outbox()).map((row) => [(row.payload as { post: { id: string } }).post.id, row.id] as const);
    const idOf = (postId: string) => ids.find(([id]) => id === postId)![1];
    expect(idOf(a.id) < idOf(b.id)).toBe(true);
  });
});
