import type { Database } from '../../prisma/client.ts';
import { toWirePost, wirePostSelect } from '../../prisma/hooks/liveblog-post-hook.ts';
import { POSTS_PAGE_SIZE } from '../protocol/liveblog.ts';
import type { WirePost } from '../protocol/liveblog.ts';

/** A page of a liveblog's posts, newest first. */
export type PostPage = { posts: WirePost[]; hasMore: boolean };

/** A liveblog as its page shows it, or null. */
export async function findLiveblog(db: Database, slug: string): Promise<{ slug: string; title: string } | null> {
  return db.liveblog.findUnique({ where: { slug }, select: { slug: true, title: true } });
}

/** Every liveblog, newest first (for the admin UI). */
export async function listLiveblogs(db: Database): Promise<{ slug: string; title: string }[]> {
  return db.liveblog.findMany({ orderBy: { createdAt: 'desc' }, select: { slug: true, title: true }, take: 200 });
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
