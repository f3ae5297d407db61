import type { Database } from '../../../prisma/client.ts';
import { catchUp } from './catch-up.ts';
import type { CatchUp } from './catch-up.ts';
import type { WireLiveblog } from './liveblog-protocol.ts';
import { findLiveblog } from './read-posts.ts';
import { sharedReads } from './shared-reads.ts';
import { liveblogAboutGroup, liveblogGroup } from './liveblog-protocol.ts';
import { markedReads } from '../../layer/marked-reads.ts';
import type { ChannelLayer } from '../../layer/channel-layer.ts';

/** What a follower reads once it is in the liveblog's groups: its catch-up and the liveblog as it is now (null: gone). */
export type FollowRead = { caughtUp: CatchUp; liveblog: WireLiveblog | null };

/** A liveblog a reader follows: its slug, and its id (a liveblog deleted and made again under the same slug is another). */
export type Followed = { id: string; slug: string };

/** The reads of `liveblog.follow`, shared by followers that need the same answer at the same time. */
export type FollowReads = {
  /** The liveblog, or null when there is none. */
  find(slug: string): Promise<Followed | null>;
  /**
   * The catch-up after `after` and the liveblog, as a read that starts after
   * this call would find them: a follower calls it once it has joined the
   * liveblog's groups, so whatever committed before is in the answer and
   * whatever after arrives live.
   */
  read(liveblog: Followed, after: string | undefined): Promise<FollowRead>;
};

/** Distinct slugs, and slug-and-cursor pairs, read at once at most; beyond, a follower reads alone. */
export const FOLLOW_READS_MAX_KEYS = 10_000;

/** Catch-up changes (posts, up to `POST_BODY_MAX` characters each) kept in memory at most, over all kept answers. */
export const FOLLOW_KEPT_CHANGES_MAX = 1_000;

/**
 * The reads of followers, from PostgreSQL as little as a correct answer
 * allows. When a server dies, its readers follow again on the others within
 * a second or two, nearly all with the same cursor (the last post before the
 * loss). So:
 * - followers asking for the same liveblog and cursor at the same time share
 *   one read (shared-reads.ts);
 * - an answer is kept and given again, from memory, while the liveblog's
 *   groups have had no change marked since it was read (marked-reads.ts:
 *   every post and liveblog change goes through the outbox, whose relay
 *   marks its groups before publishing); checking costs one Redis read;
 * - so is a liveblog found (its deletion goes through the outbox too; its
 *   creation does not, so "not found" is never kept).
 * A storm of N followers then costs PostgreSQL a read per change published
 * during it, not one or more per follower.
 */
export function createFollowReads(db: Database, layer: () => Pick<ChannelLayer, 'changeMarks'>): FollowReads {
  const find = markedReads<string, Followed | null>({
    read: sharedReads(
      async (slug: string) => (await db.liveblog.findUnique({ where: { slug }, select: { id: true, slug: true } })) ?? null,
      (slug) => slug,
      FOLLOW_READS_MAX_KEYS,
    ),
    keyOf: (slug) => slug,
    groupsOf: (slug) => [liveblogAboutGroup(slug)],
    // The slug is the client's: reading a mark must not create one (the read below does, for a liveblog that exists).
    marks: (groups) => layer().changeMarks(groups, { create: false }),
    keeps: (liveblog) => liveblog !== null,
    maxWeight: FOLLOW_READS_MAX_KEYS,
  });
  const readKey = ({ liveblog, after }: { liveblog: Followed; after: string | undefined }) => `${liveblog.id} ${after ?? ''}`;
  const fromDatabase = sharedReads(
    async ({ liveblog, after }: { liveblog: Followed; after: string | undefined }): Promise<FollowRead> => {
      const caughtUp = await catchUp(db, liveblog.slug, after);
      return { caughtUp, liveblog: await findLiveblog(db, liveblog.slug) };
    },
    readKey,
    FOLLOW_READS_MAX_KEYS,
  );
  const read = markedReads({
    read: fromDatabase,
    keyOf: readKey,
    groupsOf: ({ liveblog }) => [liveblogGroup(liveblog.slug), liveblogAboutGroup(liveblog.slug)],
    marks: (groups) => layer().changeMarks(groups),
    weightOf: ({ caughtUp }) => 1 + caughtUp.changes.length,
    maxWeight: FOLLOW_KEPT_CHANGES_MAX,
  });
  return {
    find,
    read: (liveblog, after) => read({ liveblog, after }),
  };
}
