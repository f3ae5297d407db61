import type { AppServices } from '../app-services.ts';
import type { ChannelLayer } from '../layer/channel-layer.ts';

/** What job handling needs: the app's services plus the channel layer. */
export type JobServices = AppServices & { layer: ChannelLayer };

/**
 * Who a job belongs to: the logged-in user, else the anonymous visitor (the
 * browser's signed `sy_visitor` cookie, the same in all its tabs), else — for
 * a client that keeps no cookies — its reply channel. `replyChannel` is also
 * where the job's messages go. `address` (an addressKey) is where it was
 * submitted from: the per-address caps of anonymous owners count by it.
 */
export type JobOwner = { userId: string | null; visitorId: string | null; replyChannel: string; address: string };

/** The Prisma filter for "jobs of this owner". */
export function ownedBy(owner: JobOwner) {
  if (owner.userId) return { userId: owner.userId };
  if (owner.visitorId) return { visitorId: owner.visitorId, userId: null };
  return { replyChannel: owner.replyChannel, userId: null, visitorId: null };
}
