import { traceOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { toWireLiveblog, wireLiveblogSelect } from './liveblog-hook.ts';
import { recordOutbox } from '../../../prisma/model-hooks/outbox.ts';
import { NotFound } from '../../errors.ts';
import { liveblogAboutGroup } from './liveblog-protocol.ts';
import type { LiveblogStatus, WireLiveblog } from './liveblog-protocol.ts';

/** What an editor may change about a liveblog itself; fields left out stay as they are. */
export type LiveblogChange = { slug: string; title?: string; summary?: string; status?: LiveblogStatus };

/**
 * Changes a liveblog's title, summary or status through the hooked client:
 * the model hook publishes `liveblog.updated` to `liveblog.<slug>.about`
 * after commit, with the version one higher. Inputs are already parsed
 * (protocol/liveblog.ts schemas); callers authorize first.
 */
export async function updateLiveblog(db: Database, { slug, ...data }: LiveblogChange): Promise<WireLiveblog> {
  try {
    return toWireLiveblog(await db.liveblog.update({ where: { slug }, data, select: wireLiveblogSelect }));
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'P2025') throw new NotFound(`there is no liveblog "${slug}"`);
    throw error;
  }
}

/**
 * Deletes a liveblog with its posts, and tells its readers: `liveblog.deleted`
 * goes to `liveblog.<slug>.about` through the outbox, in the delete's own
 * transaction (the liveblog's model hook publishes updates only, so that
 * bulk deletes of liveblogs stay allowed). Callers authorize first.
 */
export async function deleteLiveblog(db: Database, slug: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.liveblog.deleteMany({ where: { slug } });
    if (count === 0) throw new NotFound(`there is no liveblog "${slug}"`);
    await recordOutbox(tx, [{ group: liveblogAboutGroup(slug), event: 'liveblog.deleted', payload: { slug } }], traceOf(db));
  });
}
