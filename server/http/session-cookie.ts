import type { IncomingMessage } from 'node:http';
import { serialize as serializeCookie } from 'cookie';

/**
 * The Set-Cookie header of a session cookie: httpOnly, SameSite=Lax, for the
 * whole site, `Secure` when the request came over HTTPS (directly or, per
 * X-Forwarded-Proto, through a proxy). An empty value with `maxAge` 0 clears it.
 */
export function sessionCookie(request: IncomingMessage, name: string, value: string, maxAge: number): string {
  const forwarded = request.headers['x-forwarded-proto'];
  const secure = 'encrypted' in request.socket || (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim() === 'https');
  return serializeCookie(name, value, { httpOnly: true, sameSite: 'lax', path: '/', maxAge, secure });
}
