import type { IncomingMessage } from 'node:http';
import { serialize as serializeCookie } from 'cookie';
import { requestOrigin } from './request-origin.ts';

/**
 * The Set-Cookie header of a session cookie: httpOnly, SameSite=Lax, for the
 * whole site, `Secure` when the request came over HTTPS (directly or, from a
 * trusted proxy — TRUST_PROXY ≥ 1 — per X-Forwarded-Proto). An empty value
 * with `maxAge` 0 clears it.
 */
export function sessionCookie(request: IncomingMessage, cookie: { name: string; value: string; maxAge: number; trustedProxies: number }): string {
  const secure = requestOrigin(request, cookie.trustedProxies).protocol === 'https';
  return serializeCookie(cookie.name, cookie.value, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: cookie.maxAge, secure });
}
