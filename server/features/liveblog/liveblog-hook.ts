import type { Prisma } from '../../../prisma/generated/client.ts';
import { liveblogAboutGroup } from './liveblog-protocol.ts';
import type { WireLiveblog } from './liveblog-protocol.ts';
import { defineModelHook } from '../../../prisma/model-hooks/model-hook.ts';

/** What the hook (and every reader of a liveblog's summary and status) loads of a liveblog. */
export const wireLiveblogSelect = { slug: true, title: true, summary: true, status: true, version: true, updatedAt: true } as const;

/** A liveblog row as `wireLiveblogSelect` loads it. */
export type LiveblogRow = Prisma.LiveblogGetPayload<{ select: typeof wireLiveblogSelect }>;

/** A liveblog as readers see it. */
export function toWireLiveblog(row: LiveblogRow): WireLiveblog {
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}

/**
 * The liveblog's own model-save hook: a change of its title, summary or
 * status goes to `liveblog.<slug>.about` as `liveblog.updated`, carrying the
 * liveblog after the write; `version` grows with every update. Creating or
 * deleting a liveblog publishes nothing: nobody follows a liveblog before it
 * exists, nor a page that is gone.
 */
export const liveblogHook = defineModelHook<LiveblogRow>('Liveblog', {
  select: wireLiveblogSelect,
  // The liveblog's own row: nothing another write changes.
  aggregates: false,
  versionField: 'version',
  operations: ['update'],
  publish: (_op, row) => [{ group: liveblogAboutGroup(row.slug), event: 'liveblog.updated', payload: { liveblog: toWireLiveblog(row) } }],
});
