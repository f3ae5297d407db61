import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';

/** The session token in a request's cookie, if any. */
export function sessionTokenOf(request: IncomingMessage, cookieName: string): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[cookieName] : undefined;
}
