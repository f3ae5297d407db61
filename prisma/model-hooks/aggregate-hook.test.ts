import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../client.ts';
import type { Database } from '../client.ts';
import { defineModelHook } from './model-hook.ts';
import { createScratchDatabase } from '../../server/testing/scratch-database.ts';
import type { ScratchDatabase } from '../../server/testing/scratch-database.ts';

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

  /** Two creates of one liveblog, the first holding its transaction open until the second waits for the group; what the hooks published. */
  const concurrentCreates = async (hooked: Database, group: string) => {
    let release!: () => void;
    let created!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hookRan = new Promise<void>((resolve) => (created = resolve));
    // The first write's transaction stays open after its hook ran (holding the group's lock, not yet committed).
    const first = hooked.$transaction(
      async (tx) => {
        await tx.liveblogPost.create({ data: { liveblogId, body: 'first' } });
        created();
        await held;
      },
      { timeout: 15_000 },
    );
    await hookRan;
    // The second write, concurrently: it must wait for the group before it records.
    // (Prisma's queries are lazy: Promise.resolve starts it now.)
    const second = Promise.resolve(hooked.liveblogPost.create({ data: { liveblogId, body: 'second' } }));
    await expect.poll(someoneWaitsForTheGroup, { timeout: 5_000 }).toBe(true);
    release();
    await Promise.all([first, second]);
    const published = await db.outboxEvent.findMany({ where: { group }, orderBy: { id: 'asc' }, select: { payload: true } });
    return published.map((row) => row.payload);
  };

  it('the second of two concurrent creates publishes the count including the first', async () => {
    expect(await concurrentCreates(db, `count.${slug}`)).toEqual([{ posts: 1 }, { posts: 2 }]);
  });

  it('a hook that declares no aggregates is read once, before the lock: its record does not wait for other writes', async () => {
    const unlocked = createPrismaClient(scratch.url, { hooks: [{ ...postCountHook, aggregates: false, publish: (op, post) => postCountHook.publish(op, post).map((m) => ({ ...m, group: `once.${slug}` })) }] });
    try {
      // Each create counted the posts before the other committed: the first saw its own (1 + 2 earlier), the second likewise.
      expect(await concurrentCreates(unlocked, `once.${slug}`)).toEqual([{ posts: 3 }, { posts: 3 }]);
    } finally {
      await unlocked.$disconnect();
    }
  });
});
