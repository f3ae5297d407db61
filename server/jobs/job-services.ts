import type { AppServices } from '../app-services.ts';
import type { ChannelLayer } from '../layer/channel-layer.ts';

/** What job handling needs: the app's services plus the channel layer. */
export type JobServices = AppServices & { layer: ChannelLayer };

/**
 * Who a job belongs to: the logged-in user, or else the browser tab's reply
 * channel. `address` (an addressKey) is where it was submitted from: the
 * per-address caps of anonymous owners count by it.
 */
export type JobOwner = { userId: string | null; replyChannel: string; address: string };

/** The Prisma filter for "jobs of this owner". */
export function ownedBy(owner: JobOwner) {
  return owner.userId ? { userId: owner.userId } : { replyChannel: owner.replyChannel, userId: null };
}
