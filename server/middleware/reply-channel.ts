import { handshakeAuthSchema } from '../protocol/events.ts';
import type { ReplyChannelSigner } from '../layer/reply-channel-token.ts';
import type { SocketData } from '../scope.ts';
import { connectionMiddleware } from './connection-middleware.ts';

/**
 * Gives the connection its reply channel: the one proven by the signed token
 * in the handshake `auth.reply` (a reconnect or reload of the same tab), or a
 * fresh one. A forged or foreign token, or one of a session that has ended
 * or is not this connection's, silently gets a fresh channel, so it can never
 * be used to read another client's messages. Runs after the session middleware.
 */
export function replyChannelAssigner(signer: ReplyChannelSigner) {
  return connectionMiddleware((socket) => {
    const data = socket.data as SocketData;
    const auth = handshakeAuthSchema.parse(socket.handshake.auth ?? {});
    // Bound to the session: after logout (or with another login) the token proves nothing.
    const proven = auth.reply ? signer.verifyBound(auth.reply, data.sessionId) : null;
    if (proven && auth.reply) {
      data.replyChannel = proven;
      data.replyToken = auth.reply;
      data.lastSeq = auth.lastSeq ?? 0;
      data.epoch = auth.epoch;
      data.freshReplyChannel = false;
      return;
    }
    const issued = signer.issue(data.sessionId);
    data.replyChannel = issued.replyChannel;
    data.replyToken = issued.token;
    data.lastSeq = 0;
    data.freshReplyChannel = true;
  });
}
