import { requireStaff } from '../../auth/index.ts';
import { NotFound } from '../../errors.ts';
import { createLiveblog, deleteLiveblog, deletePost, editPost, publishPost, readPosts, updateLiveblog } from './index.ts';
import { liveblogAboutGroup, liveblogGroup } from './liveblog-protocol.ts';
import { defineConsumer } from '../../consumers/consumer.ts';
import type { FollowReads } from './follow-reads.ts';

/** What a reader would need staff rights for here. */
const EDIT_LIVEBLOGS = 'edit liveblogs';

/**
 * The `/liveblog` namespace. Readers `liveblog.follow` a liveblog (joining
 * `liveblog.<slug>` and `liveblog.<slug>.about`, catching up from their
 * cursor and getting the liveblog's summary and status; followers asking at
 * the same time share the reads, `follows`) and page through older
 * posts; staff create, change and delete liveblogs and their posts. Writes go through the hooked
 * client, so they are published by the outbox relay after commit — never by
 * this consumer — exactly like writes from the admin UI or a script.
 */
export const liveblogConsumer = (follows: FollowReads) => defineConsumer('/liveblog', {
  events: {
    'liveblog.follow': async (context, { slug, after }) => {
      const followed = await follows.find(slug);
      if (!followed) throw new NotFound(`there is no liveblog "${slug}"`);
      // Join first, then read: what commits after the read arrives live; the overlap is dropped by cursor (posts) or version (the liveblog).
      await context.groupAdd(liveblogGroup(slug));
      await context.groupAdd(liveblogAboutGroup(slug));
      const { caughtUp, liveblog } = await follows.read(followed, after);
      if (after !== undefined) context.metrics.caughtUp('liveblog', caughtUp.changes.length);
      return liveblog ? { ...caughtUp, liveblog } : caughtUp;
    },
    'liveblog.page': ({ app }, { slug, before }) => readPosts(app.db, slug, { before }),
    'liveblog.create': async ({ scope, app }, { slug, title }) => {
      const user = requireStaff(scope.user, EDIT_LIVEBLOGS);
      return { liveblog: await createLiveblog(app.db, { slug, title, createdById: user.id }) };
    },
    'liveblog.update': async ({ scope, app }, change) => {
      requireStaff(scope.user, EDIT_LIVEBLOGS);
      return { liveblog: await updateLiveblog(app.db, change) };
    },
    'liveblog.delete': async ({ scope, app }, { slug }) => {
      requireStaff(scope.user, EDIT_LIVEBLOGS);
      await deleteLiveblog(app.db, slug);
      return { deleted: true as const };
    },
    'post.create': async ({ scope, app }, { slug, body }) => {
      const user = requireStaff(scope.user, EDIT_LIVEBLOGS);
      return { post: await publishPost(app.db, { slug, body, authorId: user.id }) };
    },
    'post.update': async ({ scope, app }, { id, body }) => {
      requireStaff(scope.user, EDIT_LIVEBLOGS);
      return { post: await editPost(app.db, { id, body }) };
    },
    'post.delete': async ({ scope, app }, { id }) => {
      requireStaff(scope.user, EDIT_LIVEBLOGS);
      return { post: await deletePost(app.db, { id }) };
    },
  },
});
