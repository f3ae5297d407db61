import type { VisitorCookies } from '../http/visitor-cookie.ts';
import type { SocketData } from '../scope.ts';
import { connectionMiddleware } from './connection-middleware.ts';

/**
 * Puts the connection's anonymous visitor on the scope (`scope.visitorId`):
 * the one its `sy_visitor` cookie proves or its handshake was given (see
 * VisitorCookies), else null. Every tab of a browser is the same visitor.
 */
export function visitorIdentity(visitors: VisitorCookies) {
  return connectionMiddleware((socket) => {
    (socket.data as SocketData).visitorId = visitors.visitorOf(socket.request);
  });
}
