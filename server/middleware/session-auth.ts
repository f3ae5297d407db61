import { sessionIdOf } from '../auth/sessions.ts';
import { sessionTokenOf } from '../http/session-token.ts';
import { DenyConnection } from '../errors.ts';
import type { ScopeUser, SocketData } from '../scope.ts';
import { connectionMiddleware } from './connection-middleware.ts';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'session-auth' });

/** Finds the user of a session token; null for unknown or expired sessions. */
export type SessionLookup = (token: string) => Promise<ScopeUser | null>;

/**
 * Reads the session cookie the HTTP pages set and puts its user on the scope
 * (`scope.user`), so a user logged in on the site is the same user on the socket.
 * No cookie or an unknown session means an anonymous connection. The session's
 * id goes on `socket.data.sessionId`, so the session can be revoked live
 * (server/session-watch.ts) and the reply token is bound to it.
 */
export function sessionAuth(cookieName: string, lookup: SessionLookup) {
  return connectionMiddleware(async (socket) => {
    const data = socket.data as SocketData;
    const token = sessionTokenOf(socket.request, cookieName);
    if (!token) {
      data.user = null;
      return;
    }
    try {
      data.user = await lookup(token);
      if (data.user) data.sessionId = sessionIdOf(token) ?? undefined;
    } catch (error) {
      log.error({ err: error }, 'session lookup failed');
      throw new DenyConnection('unavailable', 'sessions are unavailable right now; retry shortly');
    }
  });
}
