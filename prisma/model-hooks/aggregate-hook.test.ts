import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../client.ts';
import type { Database } from '../client.ts';
import { defineModelHook } from './model-hook.ts';
import { createScratchDatabase } from '../hooks/testing/scratch-database.ts';
import type { ScratchDatabase } from '../hooks/testing/scratch-database.ts';

type CountedPost = { id: string; liveblog: { slug: string; _count: { posts: number } } };

/** A hook that publishes an aggregate: the liveblog's number of posts, read with the written post. */
const postCountHook = defineModelHook<CountedPost>('LiveblogPost', {
  select: { id: true, liveblog: { select: { slug: true, _count: { select: { posts: true } } } } },
  operations: ['create'],
  publish: (_op, post) => [{ group: `count.${post.liveblog.slug}`, event: 'post.count', payload: { posts: post.liveblog._count.posts } }],
});

/**
 * Aggregates published by a hook: "what a hook publishes is read under the
 * outbox's lock of the groups it publishes to, so of two concurrent writes
 * the one that commits second publishes a total that includes the first".
 */
describe('a model hook that publishes an aggregate', () => {
  const slug = `aggregate-${randomBytes(3).toString('hex')}`;
  let scratch: ScratchDatabase;
  let db: Database;
  let liveblogId: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase('aggregate');
    db = createPrismaClient(scratch.url, { hooks: [postCountHook] });
    liveblogId = (await db.liveblog.create({ data: { slug, title: 'Counted' }, select: { id: true } })).id;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  /** Whether some transaction waits for an advisory lock (the outbox's per-group lock). */
  const someoneWaitsForTheGroup = async () =>
    (await db.$queryRaw<{ waiting: bigint }[]>`SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)[0]!.waiting > 0n;

  it('the second of two concurrent creates publishes the count including the first', async () => {
    let release!: () => void;
    let created!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hookRan = new Promise<void>((resolve) => (created = resolve));
    // The first write's transaction stays open after its hook ran (holding the group's lock, not yet committed).
    const first = db.$transaction(
      async (tx) => {
        await tx.liveblogPost.create({ data: { liveblogId, body: 'first' } });
        created();
        await held;
      },
      { timeout: 15_000 },
    );
    await hookRan;
    // The second write, concurrently: it must wait for the group before it counts.
    // (Prisma's queries are lazy: Promise.resolve starts it now.)
    const second = Promise.resolve(db.liveblogPost.create({ data: { liveblogId, body: 'second' } }));
    await expect.poll(someoneWaitsForTheGroup, { timeout: 5_000 }).toBe(true);
    release();
    await Promise.all([first, second]);

    const published = await db.outboxEvent.findMany({ where: { group: `count.${slug}` }, orderBy: { id: 'asc' }, select: { payload: true } });
    expect(published.map((row) => row.payload)).toEqual([{ posts: 1 }, { posts: 2 }]);
  });
});
