import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { pooledRandomBytes } from '../random-bytes.ts';

/** Issues reply channels and verifies the signed tokens clients present when they reconnect. */
export type ReplyChannelSigner = {
  /**
   * A fresh reply channel and the token that proves ownership of it, bound
   * to `binding` (the session id of a logged-in connection; none for anonymous).
   */
  issue(binding?: string): { replyChannel: string; token: string };
  /** The reply channel a token proves, whatever it is bound to; null for a forged, malformed or foreign token. */
  verify(token: string): string | null;
  /**
   * The reply channel a token proves when it is bound to `binding` (none:
   * an anonymous token). A token of a session that ended (logout) or of
   * another identity proves nothing, so it cannot reclaim the channel.
   */
  verifyBound(token: string, binding: string | undefined): string | null;
};

const CHANNEL = /^reply![A-Za-z0-9_-]{22}$/;
const TAG = /^[A-Za-z0-9_-]{16}$/;

/**
 * The interface server that issued a reply channel: the first 4 of the
 * channel's 16 bytes are its `issuer` (8 hex digits), the other 12 random.
 * A channel that server issued had its first socket there, so a group join
 * by that server needs no broadcast unless another server attached one since
 * (channel-layer.ts).
 */
export function issuerOf(replyChannel: string): string {
  return Buffer.from(replyChannel.slice('reply!'.length, 'reply!'.length + 6), 'base64url').toString('hex');
}

/**
 * Creates a signer keyed by the deployment's SECRET_KEY; the channels it
 * issues name `issuer` (8 hex digits; random when not given, for signers that
 * only verify). Every interface server
 * must share the key, so a client reconnecting to another server keeps its
 * reply channel. Tokens are stateless: `reply!<id>.<signature>` for an
 * anonymous connection, `reply!<id>.<tag>.<signature>` for a session's, where
 * the tag is derived from the session id and signed with the channel, so
 * checking it needs no lookup.
 */
export function createReplyChannelSigner(secret: string, issuer: string = randomBytes(4).toString('hex')): ReplyChannelSigner {
  const issuerBytes = Buffer.from(issuer, 'hex');
  if (issuerBytes.length !== 4) throw new Error(`a reply channel issuer is 8 hex digits, got "${issuer}"`);
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  const tagOf = (binding: string) => createHash('sha256').update(`reply-binding\n${binding}`).digest('base64url').slice(0, 16);
  const parse = (token: string): { replyChannel: string; tag: string | undefined } | null => {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const [replyChannel = '', tag, ...rest] = body.split('.');
    if (rest.length > 0 || !CHANNEL.test(replyChannel) || (tag !== undefined && !TAG.test(tag))) return null;
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(sign(body));
    return given.length === expected.length && timingSafeEqual(given, expected) ? { replyChannel, tag } : null;
  };
  return {
    issue(binding) {
      const replyChannel = `reply!${Buffer.concat([issuerBytes, pooledRandomBytes(12)]).toString('base64url')}`;
      const body = binding ? `${replyChannel}.${tagOf(binding)}` : replyChannel;
      return { replyChannel, token: `${body}.${sign(body)}` };
    },
    verify: (token) => parse(token)?.replyChannel ?? null,
    verifyBound(token, binding) {
      const parsed = parse(token);
      return parsed && parsed.tag === (binding ? tagOf(binding) : undefined) ? parsed.replyChannel : null;
    },
  };
}
