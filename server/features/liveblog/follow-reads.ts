import type { Database } from '../../../prisma/client.ts';
import { catchUp } from './catch-up.ts';
import type { CatchUp } from './catch-up.ts';
import type { WireLiveblog } from './liveblog-protocol.ts';
import { findLiveblog } from './read-posts.ts';
import { sharedReads } from './shared-reads.ts';

/** What a follower reads once it is in the liveblog's groups: its catch-up and the liveblog as it is now (null: gone). */
export type FollowRead = { caughtUp: CatchUp; liveblog: WireLiveblog | null };

/** The reads of `liveblog.follow`, shared by followers that need the same answer at the same time. */
export type FollowReads = {
  /** Whether the liveblog exists. */
  exists(slug: string): Promise<boolean>;
  /**
   * The catch-up after `after` and the liveblog, from a read that starts after
   * this call: a follower calls it once it has joined the liveblog's groups,
   * so whatever committed before the read is in the answer and whatever
   * after arrives live.
   */
  read(slug: string, after: string | undefined): Promise<FollowRead>;
};

/** Distinct slugs, and slug-and-cursor pairs, read at once at most; beyond, a follower reads alone. */
export const FOLLOW_READS_MAX_KEYS = 10_000;

/**
 * Shares the PostgreSQL reads of followers (shared-reads.ts). When a server
 * dies, its readers follow again on the others within a second or two, each
 * with five queries of its own, nearly all the same: one liveblog, one
 * cursor (the last post before the loss). Followers asking for the same slug
 * and cursor at the same time now share one read, so a storm of N followers
 * costs PostgreSQL a few reads, not 5 × N.
 */
export function createFollowReads(db: Database): FollowReads {
  const exists = sharedReads(async (slug: string) => (await findLiveblog(db, slug)) !== null, (slug) => slug, FOLLOW_READS_MAX_KEYS);
  const read = sharedReads(
    async ({ slug, after }: { slug: string; after: string | undefined }): Promise<FollowRead> => {
      const caughtUp = await catchUp(db, slug, after);
      return { caughtUp, liveblog: await findLiveblog(db, slug) };
    },
    ({ slug, after }) => `${slug} ${after ?? ''}`,
    FOLLOW_READS_MAX_KEYS,
  );
  return { exists, read: (slug, after) => read({ slug, after }) };
}
