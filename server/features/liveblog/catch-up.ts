import type { Database } from '../../../prisma/client.ts';
import { toTombstone, toWirePost, wirePostSelect } from './liveblog-post-hook.ts';
import { CATCH_UP_MAX, liveblogGroup, wirePostSchema } from './liveblog-protocol.ts';
import type { CatchUpChange, PostEvent, WirePost } from './liveblog-protocol.ts';

/** What a following reader gets: the changes after its cursor, the cursor to keep, and whether to reload instead. */
export type CatchUp = { cursor: string; changes: CatchUpChange[]; reset: boolean };

/** A post changed after the reader's cursor: the cursor of its latest change, and whether it was new to the reader. */
type Touched = { postId: string; cursor: string; published: boolean; total: number };

/**
 * What a reader that has seen everything up to `after` (an outbox cursor)
 * needs to show the liveblog as it is now: for each post changed after the
 * cursor, one change carrying the post's **current** state — never the text
 * an outbox row recorded at the time, which may since have been edited or
 * deleted — ordered by the cursor of the post's latest change. A deleted post
 * comes as a tombstone (`post.deleted`, no body); a post new to the reader as
 * `post.published`, else `post.updated`. Without `after` it returns the
 * current cursor only; with `after` "0" (the reader's page was empty) the
 * liveblog's live posts.
 *
 * `reset` is set when the reader is too far behind (more than `CATCH_UP_MAX`
 * outbox rows after its cursor) or its cursor's row is no longer in the
 * outbox (pruned): the reader then reloads the latest posts instead. Rows
 * pruned before the cursor do not matter.
 *
 * The outbox is read before the posts, so a post can only be newer than its
 * change's cursor, never older: the later change then also arrives live (or
 * in the next catch-up) and the reader drops it by version. Call it after
 * adding the reader to the group, so whatever commits later arrives live.
 */
export async function catchUp(db: Database, slug: string, after?: string): Promise<CatchUp> {
  const group = liveblogGroup(slug);
  if (after === undefined) return { cursor: await latestCursor(db, group), changes: [], reset: false };
  if (after === '0') return fromScratch(db, slug, group);
  const known = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM outbox_events WHERE "group" = ${group} AND id = ${after}::bigint) AS found`;
  if (!known[0]?.found) return { cursor: await latestCursor(db, group), changes: [], reset: true };
  const touched = await db.$queryRaw<Touched[]>`
    WITH changed AS (
      SELECT id, event, payload->'post'->>'id' AS post_id FROM outbox_events
      WHERE "group" = ${group} AND id > ${after}::bigint ORDER BY id LIMIT ${CATCH_UP_MAX + 1})
    SELECT post_id AS "postId", max(id)::text AS cursor, bool_or(event = 'post.published') AS published,
           (SELECT count(*) FROM changed)::int AS total
    FROM changed GROUP BY post_id ORDER BY max(id)`;
  if ((touched[0]?.total ?? 0) > CATCH_UP_MAX) return { cursor: await latestCursor(db, group), changes: [], reset: true };
  const posts = await currentPosts(db, touched);
  // A post neither in the table nor in the outbox any more (pruned meanwhile): reload rather than guess.
  if (touched.some((t) => !posts.has(t.postId))) return { cursor: await latestCursor(db, group), changes: [], reset: true };
  const changes = touched.map(({ postId, cursor, published }): CatchUpChange => {
    const post = posts.get(postId) as WirePost;
    return { event: eventOf(post, published), change: { slug, post, cursor } };
  });
  return { cursor: touched.at(-1)?.cursor ?? after, changes, reset: false };
}

/** The cursor of the latest change of a group, or "0". */
export async function latestCursor(db: Database, group: string): Promise<string> {
  const rows = await db.$queryRaw<{ id: string | null }[]>`SELECT max(id)::text AS id FROM outbox_events WHERE "group" = ${group}`;
  return rows[0]?.id ?? '0';
}

/**
 * A reader with nothing gets the live posts, read from the posts (the outbox
 * may have been pruned since the first of them); each change carries the
 * cursor read before them.
 */
async function fromScratch(db: Database, slug: string, group: string): Promise<CatchUp> {
  const cursor = await latestCursor(db, group);
  const rows = await db.liveblogPost.findMany({
    where: { liveblog: { slug }, deletedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: CATCH_UP_MAX + 1,
    select: wirePostSelect,
  });
  if (rows.length > CATCH_UP_MAX) return { cursor, changes: [], reset: true };
  return { cursor, changes: rows.map((row) => ({ event: 'post.published', change: { slug, post: toWirePost(row), cursor } })), reset: false };
}

/**
 * The current state of each touched post. A post no longer in the table (a
 * hard delete) becomes a tombstone of the last state its outbox recorded.
 */
async function currentPosts(db: Database, touched: Touched[]): Promise<Map<string, WirePost>> {
  const rows = await db.liveblogPost.findMany({ where: { id: { in: touched.map((t) => t.postId) } }, select: wirePostSelect });
  const posts = new Map(rows.map((row) => [row.id, toWirePost(row)]));
  const gone = touched.filter((t) => !posts.has(t.postId)).map((t) => t.cursor);
  if (gone.length > 0) {
    const recorded = await db.$queryRaw<{ post: unknown; at: Date }[]>`
      SELECT payload->'post' AS post, created_at AS at FROM outbox_events WHERE id = ANY(${gone}::bigint[])`;
    for (const { post, at } of recorded) {
      const last = wirePostSchema.parse(post);
      posts.set(last.id, last.deletedAt ? { ...last, body: '' } : toTombstone(last, at));
    }
  }
  return posts;
}

function eventOf(post: WirePost, published: boolean): PostEvent {
  if (post.deletedAt) return 'post.deleted';
  return published ? 'post.published' : 'post.updated';
}
