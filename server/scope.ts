import type { z } from 'zod';
import type { Namespace } from './protocol/events.ts';
import type { publicUserSchema } from './protocol/kit-protocol.ts';

/** The logged-in user of a connection, as the session middleware found it. */
export type ScopeUser = z.infer<typeof publicUserSchema>;

/**
 * Everything known about one connection, built by middleware at handshake
 * time (Channels' scope): who it is, where it connected, and its reply channel.
 */
export type Scope = Readonly<{
  /** Socket.IO's id of this connection (changes on reconnect). */
  connectionId: string;
  namespace: Namespace;
  /** The client's reply channel (stable across reconnects of the same tab). */
  replyChannel: string;
  /** The session's user, or null for an anonymous visitor. */
  user: ScopeUser | null;
  /** The browser's anonymous visitor id (the signed `sy_visitor` cookie), shared by its tabs; null for clients without it. */
  visitorId: string | null;
  /** Handshake query parameters (strings only). */
  query: Readonly<Record<string, string>>;
  /** The remote address as seen by this server. */
  address: string;
}>;

/** What middleware stores on `socket.data` while building the scope. */
export type SocketData = {
  user?: ScopeUser | null;
  /** The id of the session `user` came from (see sessionIdOf); unset for anonymous connections. */
  sessionId?: string;
  /** See Scope.visitorId. */
  visitorId?: string | null;
  replyChannel?: string;
  lastSeq?: number;
  epoch?: string;
  replyToken?: string;
  /** True when the reply channel was issued in this handshake (no valid token was presented). */
  freshReplyChannel?: boolean;
};
