import { createHmac, timingSafeEqual } from 'node:crypto';
import { pooledRandomBytes } from '../random-bytes.ts';

/** Issues anonymous visitors' ids and verifies the signed tokens their browsers keep. */
export type VisitorSigner = {
  /** A fresh visitor id and the token that proves it. */
  issue(): { visitorId: string; token: string };
  /** The visitor id a token proves, or null for a forged or malformed one. */
  verify(token: string): string | null;
};

/**
 * Creates a signer keyed by SECRET_KEY (domain-separated from reply-channel
 * tokens). Chat keeps the token in localStorage and jobs in the `sy_visitor`
 * cookie (server/http/visitor-cookie.ts), so every tab of one browser is one
 * visitor: counted once in presence, sharing one rate limit, and owning the same jobs.
 */
export function createVisitorSigner(secret: string): VisitorSigner {
  // The "chat-" domain predates the jobs' use: changing it would invalidate every token browsers keep.
  const sign = (id: string) => createHmac('sha256', secret).update(`chat-visitor:${id}`).digest('base64url');
  return {
    issue() {
      const visitorId = pooledRandomBytes(12).toString('base64url');
      return { visitorId, token: `${visitorId}.${sign(visitorId)}` };
    },
    verify(token) {
      const [id, mac, ...rest] = token.split('.');
      if (!id || !mac || rest.length > 0 || !/^[A-Za-z0-9_-]{16}$/.test(id)) return null;
      const given = Buffer.from(mac);
      const expected = Buffer.from(sign(id));
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
    },
  };
}
