import type { Database } from '../../../prisma/client.ts';
import { toWireLiveblog, wireLiveblogSelect } from './liveblog-hook.ts';
import { toWirePost, wirePostSelect } from './liveblog-post-hook.ts';
import { conflictOnDuplicate } from '../../duplicate-key.ts';
import { NotFound } from '../../errors.ts';
import type { WireLiveblog, WirePost } from './liveblog-protocol.ts';

/**
 * Post writes. Each is one write through the hooked client: the model hook
 * records the change in the outbox in the same transaction, and the relay
 * publishes it to `liveblog.<slug>` after commit. Inputs are already parsed
 * (protocol/liveblog.ts schemas); callers authorize first.
 */

/** Creates a liveblog. */
export async function createLiveblog(db: Database, input: { slug: string; title: string; createdById: string | null }): Promise<WireLiveblog> {
  const row = await conflictOnDuplicate(
    db.liveblog.create({ data: input, select: wireLiveblogSelect }),
    `A liveblog at "${input.slug}" already exists; choose another address`,
  );
  return toWireLiveblog(row);
}

/** Publishes a new post at the top of a liveblog. */
export async function publishPost(db: Database, input: { slug: string; body: string; authorId: string | null }): Promise<WirePost> {
  const liveblog = await db.liveblog.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (!liveblog) throw new NotFound(`there is no liveblog "${input.slug}"`);
  const row = await db.liveblogPost.create({
    data: { liveblogId: liveblog.id, body: input.body, authorId: input.authorId },
    select: wirePostSelect,
  });
  return toWirePost(row);
}

/** Replaces a post's body; its version grows by one and `editedAt` is now. */
export async function editPost(db: Database, input: { id: string; body: string }): Promise<WirePost> {
  await livePost(db, input.id);
  const data = { body: input.body, editedAt: new Date() };
  return toWirePost(await db.liveblogPost.update({ where: { id: input.id }, data, select: wirePostSelect }));
}

/** Pins or unpins a post, or marks it as a key update or not; its version grows by one. */
export async function setPostFlags(db: Database, input: { id: string; pinned?: boolean; key?: boolean }): Promise<WirePost> {
  await livePost(db, input.id);
  const data = { pinned: input.pinned, isKey: input.key };
  return toWirePost(await db.liveblogPost.update({ where: { id: input.id }, data, select: wirePostSelect }));
}

/** Deletes a post: a tombstone (`deletedAt`), so readers that reconnect learn of it too. */
export async function deletePost(db: Database, input: { id: string }): Promise<WirePost> {
  await livePost(db, input.id);
  return toWirePost(await db.liveblogPost.update({ where: { id: input.id }, data: { deletedAt: new Date() }, select: wirePostSelect }));
}

async function livePost(db: Database, id: string): Promise<void> {
  const post = await db.liveblogPost.findUnique({ where: { id }, select: { deletedAt: true } });
  if (!post || post.deletedAt) throw new NotFound(`there is no post ${id}`);
}
