import type { AppServices } from '../../app-services.ts';
import type { ChannelLayer } from '../../layer/channel-layer.ts';
import type { JobLimits } from './job-admission.ts';

/** What job handling needs: the app's services, the channel layer and the per-owner caps. */
export type JobServices = AppServices & {
  layer: ChannelLayer;
  /** Jobs, and bytes of anonymous datasets, that may be in flight (JOBS_PER_CLIENT, JOBS_PER_ADDRESS, ANONYMOUS_UPLOAD_BYTES_*). */
  jobLimits: JobLimits;
};

/**
 * Who a job belongs to: the logged-in user, else the anonymous visitor (the
 * browser's signed `sy_visitor` cookie, the same in all its tabs), else — for
 * a client that keeps no cookies — its reply channel. `replyChannel` is also
 * where the job's messages go. `address` (an addressKey) is where it was
 * submitted from: the per-address caps of anonymous owners count by it.
 */
export type JobOwner = { userId: string | null; visitorId: string | null; replyChannel: string; address: string };

/**
 * The Prisma filter for "jobs of this owner". A visitor also owns what its
 * tab submitted without the cookie (a client that was given one at its
 * handshake but sends none over HTTP): the reply channel's jobs of no visitor.
 */
export function ownedBy(owner: JobOwner) {
  if (owner.userId) return { userId: owner.userId };
  const tab = { replyChannel: owner.replyChannel, visitorId: null };
  return owner.visitorId ? { userId: null, OR: [{ visitorId: owner.visitorId }, tab] } : { userId: null, ...tab };
}
