import type { Prisma } from '../../../prisma/generated/client.ts';
import { liveblogGroup } from './liveblog-protocol.ts';
import type { PostEvent, WirePost } from './liveblog-protocol.ts';
import { defineModelHook } from '../../../prisma/model-hooks/model-hook.ts';
import type { HookedOperation } from '../../../prisma/model-hooks/model-hook.ts';

/** What the hook (and every reader of posts) loads of a post. */
export const wirePostSelect = {
  id: true,
  body: true,
  pinned: true,
  isKey: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  editedAt: true,
  deletedAt: true,
  author: { select: { username: true } },
  liveblog: { select: { slug: true } },
} as const;

/** A post row as `wirePostSelect` loads it. */
export type PostRow = Prisma.LiveblogPostGetPayload<{ select: typeof wirePostSelect }>;

/** A post as readers see it; a deleted post's body is withheld. */
export function toWirePost(row: PostRow): WirePost {
  return {
    id: row.id,
    body: row.deletedAt ? '' : row.body,
    author: row.author?.username ?? null,
    pinned: row.pinned,
    key: row.isKey,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/**
 * A post as readers see it once it is gone: no body, deleted at `at` (or
 * when it was deleted), and one version above `post`, so a reader holding
 * `post` applies it.
 */
export function toTombstone(post: WirePost, at: Date): WirePost {
  return { ...post, body: '', version: post.version + 1, deletedAt: post.deletedAt ?? at.toISOString() };
}

/** Which event a write of a post is: a tombstone (or a hard delete) is `post.deleted`. */
export function postEventOf(op: HookedOperation, row: PostRow): PostEvent {
  if (op === 'delete' || row.deletedAt) return 'post.deleted';
  return op === 'create' ? 'post.published' : 'post.updated';
}

/**
 * The liveblog's model-save hook: every write of a `LiveblogPost` goes to the
 * group `liveblog.<slug>` as `post.published`, `post.updated` or
 * `post.deleted`, carrying the post after the write; `version` grows with
 * every update. A hard delete carries a tombstone (the row is gone, so the
 * hook bumps the version itself), never the text. The relay adds the `cursor`.
 */
export const liveblogPostHook = defineModelHook<PostRow>('LiveblogPost', {
  select: wirePostSelect,
  // The post, its author and its liveblog: nothing another post's write changes.
  aggregates: false,
  versionField: 'version',
  publish: (op, row) => [
    {
      group: liveblogGroup(row.liveblog.slug),
      event: postEventOf(op, row),
      payload: { slug: row.liveblog.slug, post: op === 'delete' ? toTombstone(toWirePost(row), new Date()) : toWirePost(row) },
    },
  ],
});
