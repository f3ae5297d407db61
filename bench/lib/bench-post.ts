import type { PostChange } from '../../server/features/liveblog/liveblog-protocol.ts';

/**
 * The `post.published` payload of a bench post that never touched the
 * database: post `bench:<index>` of `slug` (the body the liveblog readers,
 * bench/liveblog-clients.ts, time it by), shaped as the outbox relay sends it.
 * What bench/liveblog-publisher.ts sends to groups, and what the bare server
 * broadcasts in bench:liveblog's comparison.
 */
export function benchPostChange(slug: string, index: number): PostChange {
  const at = new Date().toISOString();
  const post = { id: String(index + 1), body: `bench:${index}`, author: null, pinned: false, key: false, version: 1, createdAt: at, updatedAt: at, editedAt: null, deletedAt: null };
  return { slug, post, cursor: String(index + 1) };
}
