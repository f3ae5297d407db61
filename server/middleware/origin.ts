import type { IncomingMessage } from 'node:http';
import { DenyConnection, Forbidden } from '../errors.ts';
import { connectionMiddleware } from './connection-middleware.ts';

/**
 * True when a request's Origin may use this server: its own origin (from the
 * Host header, behind proxies X-Forwarded-Host/Proto) or one of `allowed`.
 * Requests without an Origin header come from non-browser clients, which carry
 * no ambient cookies to abuse, and are allowed (Channels' AllowedHostsOriginValidator
 * guards browsers the same way).
 */
export function isAllowedOrigin(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  const forwardedHost = request.headers['x-forwarded-host'];
  const host = (typeof forwardedHost === 'string' ? forwardedHost.split(',')[0]?.trim() : undefined) ?? request.headers.host;
  const forwardedProto = request.headers['x-forwarded-proto'];
  const proto =
    (typeof forwardedProto === 'string' ? forwardedProto.split(',')[0]?.trim() : undefined) ??
    ('encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http');
  return host !== undefined && origin === `${proto}://${host}`;
}

/** Refuses sockets opened by pages of other origins (cross-site WebSocket hijacking). */
export function originValidator(allowed: readonly string[]) {
  return connectionMiddleware((socket) => {
    if (!isAllowedOrigin(socket.request, allowed)) {
      const origin = socket.request.headers.origin ?? '';
      throw new DenyConnection('forbidden', `origin ${origin.slice(0, 200)} is not allowed; add it to ALLOWED_ORIGINS`);
    }
  });
}


/** Refuses an HTTP request that changes state unless it comes from an allowed page (CSRF protection). */
export function requireSameOrigin(request: IncomingMessage, allowed: readonly string[]): void {
  if (!request.headers.origin || !isAllowedOrigin(request, allowed)) {
    throw new Forbidden('cross-origin or origin-less requests that change state are refused (CSRF protection)');
  }
}
