import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Issues reply channels and verifies the signed tokens clients present when they reconnect. */
export type ReplyChannelSigner = {
  /** A fresh reply channel and the token that proves ownership of it. */
  issue(): { replyChannel: string; token: string };
  /** The reply channel a token proves, or null for a forged, malformed or foreign token. */
  verify(token: string): string | null;
};

/**
 * Creates a signer keyed by the deployment's SECRET_KEY. Every interface server
 * must share the key, so a client reconnecting to another server keeps its reply channel.
 */
export function createReplyChannelSigner(secret: string): ReplyChannelSigner {
  const sign = (replyChannel: string) => createHmac('sha256', secret).update(replyChannel).digest('base64url');
  return {
    issue() {
      const replyChannel = `reply!${randomBytes(16).toString('base64url')}`;
      return { replyChannel, token: `${replyChannel}.${sign(replyChannel)}` };
    },
    verify(token) {
      const dot = token.lastIndexOf('.');
      if (dot <= 0) return null;
      const replyChannel = token.slice(0, dot);
      if (!/^reply![A-Za-z0-9_-]{22}$/.test(replyChannel)) return null;
      const given = Buffer.from(token.slice(dot + 1));
      const expected = Buffer.from(sign(replyChannel));
      return given.length === expected.length && timingSafeEqual(given, expected) ? replyChannel : null;
    },
  };
}
