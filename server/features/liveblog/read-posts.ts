import type { Database } from '../../../prisma/client.ts';
import { toWireLiveblog, wireLiveblogSelect } from './liveblog-hook.ts';
import { toWirePost, wirePostSelect } from './liveblog-post-hook.ts';
import { FEATURED_POSTS_MAX, POSTS_PAGE_SIZE } from './liveblog-protocol.ts';
import type { LiveblogStatus, WireLiveblog, WirePost } from './liveblog-protocol.ts';

/** A page of a liveblog's posts, newest first. */
export type PostPage = { posts: WirePost[]; hasMore: boolean };

/** A liveblog as the index lists it: `lastUpdateAt` is its latest post's time, or its creation's. */
export type LiveblogListing = { slug: string; title: string; summary: string; status: LiveblogStatus; lastUpdateAt: string };

/** A liveblog as its page shows it (title, summary, status), or null. */
export async function findLiveblog(db: Database, slug: string): Promise<WireLiveblog | null> {
  const row = await db.liveblog.findUnique({ where: { slug }, select: wireLiveblogSelect });
  return row && toWireLiveblog(row);
}

/** Every liveblog (at most 200), newest first, with its status and last update. */
export async function listLiveblogs(db: Database): Promise<LiveblogListing[]> {
  const rows = await db.liveblog.findMany({
    orderBy: { createdAt: 'desc' },
    select: { id: true, slug: true, title: true, summary: true, status: true, createdAt: true },
    take: 200,
  });
  const latest = await db.liveblogPost.groupBy({
    by: ['liveblogId'],
    where: { liveblogId: { in: rows.map((row) => row.id) }, deletedAt: null },
    _max: { createdAt: true },
  });
  const latestOf = new Map(latest.map((group) => [group.liveblogId, group._max.createdAt]));
  return rows.map(({ id, createdAt, ...row }) => ({ ...row, lastUpdateAt: (latestOf.get(id) ?? createdAt).toISOString() }));
}

/** A liveblog's pinned and key posts (at most `FEATURED_POSTS_MAX`), newest first, whichever page they are on. */
export async function readFeatured(db: Database, slug: string): Promise<WirePost[]> {
  const rows = await db.liveblogPost.findMany({
    where: { liveblog: { slug }, deletedAt: null, OR: [{ pinned: true }, { isKey: true }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: FEATURED_POSTS_MAX,
    select: wirePostSelect,
  });
  return rows.map(toWirePost);
}

/**
 * Posts of a liveblog that are not deleted, newest first: the latest page, or
 * the page older than the post `before` ("load older").
 */
export async function readPosts(db: Database, slug: string, { before, limit = POSTS_PAGE_SIZE }: { before?: string; limit?: number } = {}): Promise<PostPage> {
  const anchor = before ? await db.liveblogPost.findUnique({ where: { id: before }, select: { createdAt: true, id: true } }) : null;
  const rows = await db.liveblogPost.findMany({
    where: {
      liveblog: { slug },
      deletedAt: null,
      ...(anchor ? { OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: wirePostSelect,
  });
  return { posts: rows.slice(0, limit).map(toWirePost), hasMore: rows.length > limit };
}
