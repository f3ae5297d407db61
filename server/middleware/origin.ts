import type { IncomingMessage } from 'node:http';
import { DenyConnection, Forbidden } from '../errors.ts';
import { requestOrigin } from '../http/request-origin.ts';
import { connectionMiddleware } from './connection-middleware.ts';

/**
 * True when a request's Origin may use this server: its own origin (the Host
 * header and the socket's scheme; behind `trustedProxies` reverse proxies,
 * X-Forwarded-Host/Proto — see requestOrigin) or one of `allowed`.
 * Requests without an Origin header come from non-browser clients, which carry
 * no ambient cookies to abuse, and are allowed (Channels' AllowedHostsOriginValidator
 * guards browsers the same way).
 */
export function isAllowedOrigin(request: IncomingMessage, allowed: readonly string[], trustedProxies: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  const own = requestOrigin(request, trustedProxies);
  return own.host !== undefined && origin === `${own.protocol}://${own.host}`;
}

/** Refuses sockets opened by pages of other origins (cross-site WebSocket hijacking). */
export function originValidator(allowed: readonly string[], trustedProxies: number) {
  return connectionMiddleware((socket) => {
    if (!isAllowedOrigin(socket.request, allowed, trustedProxies)) {
      const origin = socket.request.headers.origin ?? '';
      throw new DenyConnection('forbidden', `origin ${origin.slice(0, 200)} is not allowed; add it to ALLOWED_ORIGINS`);
    }
  });
}

/**
 * Refuses an HTTP request that changes state unless it comes from an allowed
 * page (CSRF protection). A request with neither an Origin nor a cookie is a
 * non-browser client's, which authenticates with headers (`x-reply-token`,
 * `authorization`) and carries nothing ambient to abuse: it passes, as it
 * does on the socket. A request with cookies must name its origin: browsers
 * send Origin with every POST and DELETE.
 */
export function requireSameOrigin(request: IncomingMessage, allowed: readonly string[], trustedProxies: number): void {
  const { origin, cookie } = request.headers;
  if (origin === undefined && cookie === undefined) return;
  if (origin === undefined || !isAllowedOrigin(request, allowed, trustedProxies)) {
    throw new Forbidden('cross-origin requests, and requests with cookies but no Origin, that change state are refused (CSRF protection)');
  }
}
