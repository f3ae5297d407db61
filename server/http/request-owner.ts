import type { IncomingMessage } from 'node:http';
import { InvalidInput } from '../errors.ts';
import type { JobOwner } from '../features/jobs/job-services.ts';
import type { ReplyChannelSigner } from '../layer/reply-channel-token.ts';
import type { SessionLookup } from '../middleware/session-auth.ts';
import { addressKey } from './address-key.ts';
import { clientAddress } from './client-address.ts';
import { sessionTokenOf } from './session-token.ts';
import type { VisitorCookies } from './visitor-cookie.ts';

/** What finding a request's job owner needs. */
export type RequestOwnerOptions = {
  signer: ReplyChannelSigner;
  lookupSession: SessionLookup;
  sessionCookie: string;
  visitors: VisitorCookies;
  /** See TRUST_PROXY: how the client address is found. */
  trustedProxies: number;
};

/**
 * Whose jobs an HTTP request may see and make: the user of its session
 * cookie, the visitor of its `sy_visitor` cookie, the reply channel its
 * `x-reply-token` header proves (a page of another origin cannot add the
 * header, so it is required), and its client address (an IPv6 /64). `why` ends the message of the error a request without a valid token gets.
 */
export async function requestOwner(request: IncomingMessage, options: RequestOwnerOptions, why: string): Promise<JobOwner> {
  const token = request.headers['x-reply-token'];
  const replyChannel = typeof token === 'string' ? options.signer.verify(token) : null;
  if (!replyChannel) throw new InvalidInput(`send the x-reply-token header with the token from reply.assigned, ${why}`);
  const session = sessionTokenOf(request, options.sessionCookie);
  const user = session ? await options.lookupSession(session) : null;
  const address = addressKey(clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], options.trustedProxies));
  return { userId: user?.id ?? null, visitorId: options.visitors.visitorOf(request), replyChannel, address };
}
