import 'server-only';
import { findLiveblog, latestCursor, readFeatured, readPosts } from '../../../../server/features/liveblog/index.ts';
import { liveblogGroup } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import type { WireLiveblog } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import type { FirstRender } from '../_components/liveblog-state.ts';
import { pageDatabase } from '../../../_server/page-database.ts';

/** What the liveblog page renders first: the liveblog, its latest posts, its pinned and key posts, and the cursor they are at. */
export type LiveblogPageData = { liveblog: WireLiveblog; first: FirstRender };

/**
 * Reads a liveblog page. The cursor is read before the posts: a change that
 * lands in between is both in the posts and replayed by the catch-up, where
 * the reader drops it by version — never missed.
 */
export async function loadLiveblogPage(slug: string): Promise<LiveblogPageData | null> {
  const db = pageDatabase();
  const liveblog = await findLiveblog(db, slug);
  if (!liveblog) return null;
  const cursor = await latestCursor(db, liveblogGroup(slug));
  const [page, featured] = await Promise.all([readPosts(db, slug), readFeatured(db, slug)]);
  return { liveblog, first: { ...page, cursor, featured, liveblog } };
}
