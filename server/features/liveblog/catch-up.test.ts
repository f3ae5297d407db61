import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCatchUp, initialState } from '../../../app/(public)/liveblog/_components/liveblog-state.ts';
import { createPrismaClient } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { CATCH_UP_MAX, liveblogGroup } from './liveblog-protocol.ts';
import { testDatabaseUrl } from '../../testing/test-database.ts';
import { catchUp, latestCursor } from './catch-up.ts';
import { deletePost, editPost, publishPost } from './liveblog-posts.ts';
import { readPosts } from './read-posts.ts';
import { app } from '../index.ts';

/**
 * Spec: a catch-up returns what a reader may see now, never what a post said
 * before. For every post changed after the reader's cursor it returns one
 * change holding the post's current state — a deleted post as a tombstone
 * without its body — in cursor order, with cursors to resume from; a reader
 * that applies it with the page's reducer shows exactly what a fresh page
 * shows. Outbox rows pruned before the cursor change nothing; a pruned
 * cursor, or more than CATCH_UP_MAX changes, answers `reset`.
 */
describe('liveblog catch-up', () => {
  const run = randomBytes(3).toString('hex');
  let db: Database;
  let serial = 0;

  beforeAll(() => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  });
  afterAll(async () => {
    await db.liveblog.deleteMany({ where: { slug: { startsWith: `catch-up-${run}-` } } });
    await db.outboxEvent.deleteMany({ where: { group: { startsWith: liveblogGroup(`catch-up-${run}`) } } });
    await db.$disconnect();
  });

  /** A new liveblog of this run; returns its slug and a publish shortcut. */
  const liveblog = async () => {
    const slug = `catch-up-${run}-${(serial += 1)}`;
    await db.liveblog.create({ data: { slug, title: 'Catch-up' } });
    const publish = (body: string) => publishPost(db, { slug, body, authorId: null });
    const cursor = () => latestCursor(db, liveblogGroup(slug));
    return { slug, publish, cursor };
  };

  it('a post published and edited after the cursor comes once, as it reads now', async () => {
    const { slug, publish, cursor } = await liveblog();
    const before = await cursor();
    const post = await publish('first draft');
    await editPost(db, { id: post.id, body: 'as published now' });
    const reply = await catchUp(db, slug, before);
    expect(reply.reset).toBe(false);
    expect(reply.changes.map((c) => [c.event, c.change.post.body, c.change.post.version])).toEqual([['post.published', 'as published now', 2]]);
    expect(JSON.stringify(reply)).not.toContain('first draft');
    expect(reply.cursor).toBe(await cursor());
    expect(reply.changes[0]?.change.cursor).toBe(reply.cursor);
  });

  it('a post published, edited and deleted after the cursor comes as a tombstone, and none of its text is in the reply', async () => {
    const { slug, publish, cursor } = await liveblog();
    await publish('an earlier post');
    const before = await cursor();
    const post = await publish('a libellous claim');
    await editPost(db, { id: post.id, body: 'a still libellous claim' });
    await deletePost(db, { id: post.id });
    const reply = await catchUp(db, slug, before);
    expect(reply.changes).toHaveLength(1);
    expect(reply.changes[0]).toMatchObject({ event: 'post.deleted', change: { post: { id: post.id, body: '', version: 3 } } });
    expect(reply.changes[0]?.change.post.deletedAt).not.toBeNull();
    expect(JSON.stringify(reply)).not.toContain('libellous');
    // A reader whose page was empty (cursor 0) holds nothing to delete: it gets the live posts only.
    const fromScratch = await catchUp(db, slug, '0');
    expect(fromScratch.changes.map((c) => c.change.post.body)).toEqual(['an earlier post']);
  });

  it('a reader that holds a post and missed its edit gets post.updated with the current text only', async () => {
    const { slug, publish, cursor } = await liveblog();
    const post = await publish('v1');
    const held = await cursor();
    await editPost(db, { id: post.id, body: 'v2' });
    await editPost(db, { id: post.id, body: 'v3' });
    const reply = await catchUp(db, slug, held);
    expect(reply.changes.map((c) => [c.event, c.change.post.body, c.change.post.version])).toEqual([['post.updated', 'v3', 3]]);
  });

  it('a reader that applies the catch-up with the page’s reducer shows exactly the posts of a fresh page', async () => {
    const { slug, publish, cursor } = await liveblog();
    const [a, b] = [await publish('A'), await publish('B')];
    const at = await cursor();
    const about = { slug, title: '', summary: '', status: 'live', version: 0, updatedAt: '' } as const;
    const reader = initialState({ posts: (await readPosts(db, slug)).posts, cursor: at, hasMore: false, featured: [], liveblog: about });
    const c = await publish('C');
    await editPost(db, { id: a.id, body: 'A, corrected' });
    await deletePost(db, { id: b.id });
    const d = await publish('D, a mistake');
    await deletePost(db, { id: d.id });
    await editPost(db, { id: c.id, body: 'C, corrected' });
    const reply = await catchUp(db, slug, at);
    const cursors = reply.changes.map((change) => BigInt(change.change.cursor));
    expect(cursors).toEqual([...cursors].sort((x, y) => (x < y ? -1 : 1)));
    expect(new Set(reply.changes.map((change) => change.change.post.id)).size).toBe(reply.changes.length);
    const caughtUp = applyCatchUp(reader, reply.changes, reply.cursor);
    expect(caughtUp.posts).toEqual((await readPosts(db, slug)).posts);
    expect(caughtUp.cursor).toBe(await cursor());
    expect(JSON.stringify(reply)).not.toMatch(/"A"|"B"|"C"|mistake/);
  });

  it('outbox rows pruned before the cursor change nothing; from cursor 0 the reader gets the live posts even when old rows are gone', async () => {
    const { slug, publish, cursor } = await liveblog();
    const first = await publish('kept post');
    const gone = await publish('deleted post');
    await deletePost(db, { id: gone.id });
    const held = await cursor();
    await publish('after the cursor');
    // Retention deletes old sent rows: here every row up to the reader's cursor, except the cursor's own.
    await db.outboxEvent.deleteMany({ where: { group: liveblogGroup(slug), id: { lt: BigInt(held) } } });
    expect((await catchUp(db, slug, held)).changes.map((c) => c.change.post.body)).toEqual(['after the cursor']);
    const fromScratch = await catchUp(db, slug, '0');
    expect(fromScratch.reset).toBe(false);
    expect(fromScratch.changes.map((c) => [c.event, c.change.post.body])).toEqual([
      ['post.published', 'kept post'],
      ['post.published', 'after the cursor'],
    ]);
    expect(fromScratch.changes[0]?.change.post.id).toBe(first.id);
    expect(fromScratch.cursor).toBe(await cursor());
  });

  it('a cursor whose row was pruned answers reset with the latest cursor', async () => {
    const { slug, publish, cursor } = await liveblog();
    await publish('one');
    const held = await cursor();
    await publish('two');
    await db.outboxEvent.deleteMany({ where: { group: liveblogGroup(slug), id: { lte: BigInt(held) } } });
    expect(await catchUp(db, slug, held)).toEqual({ cursor: await cursor(), changes: [], reset: true });
  });

  it(`more than CATCH_UP_MAX (${CATCH_UP_MAX}) changes after the cursor answer reset, even to one post`, async () => {
    const { slug, publish, cursor } = await liveblog();
    const post = await publish('edited a lot');
    const held = await cursor();
    const edited = await editPost(db, { id: post.id, body: 'edited' });
    // The outbox of a post edited CATCH_UP_MAX times (written directly: hooked edits take a transaction each).
    const group = liveblogGroup(slug);
    await db.$executeRaw`
      INSERT INTO outbox_events ("group", event, payload)
      SELECT ${group}, 'post.updated', payload FROM outbox_events, generate_series(2, ${CATCH_UP_MAX})
      WHERE "group" = ${group} AND id = (SELECT max(id) FROM outbox_events WHERE "group" = ${group})`;
    expect((await catchUp(db, slug, held)).changes.map((c) => c.change.post)).toEqual([edited]);
    await editPost(db, { id: post.id, body: 'one edit too many' });
    expect(await catchUp(db, slug, held)).toEqual({ cursor: await cursor(), changes: [], reset: true });
  });

  it('a post removed from the table (a hard delete) comes as a tombstone the reader applies', async () => {
    const { slug, publish, cursor } = await liveblog();
    const post = await publish('to be erased');
    const held = await cursor();
    await db.liveblogPost.delete({ where: { id: post.id } });
    const reply = await catchUp(db, slug, held);
    expect(reply.changes).toHaveLength(1);
    expect(reply.changes[0]).toMatchObject({ event: 'post.deleted', change: { post: { id: post.id, body: '' } } });
    expect(reply.changes[0]?.change.post.version).toBeGreaterThan(post.version);
    expect(JSON.stringify(reply)).not.toContain('to be erased');
  });
});
