import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { createVisitorSigner } from '../auth/visitor-token.ts';
import { sessionCookie } from './session-cookie.ts';

/** Name of the cookie that carries an anonymous visitor's signed id. */
export const VISITOR_COOKIE = 'sy_visitor';

// A visitor keeps its jobs as long as its browser keeps the cookie: a year, renewed by nothing.
const MAX_AGE_SECONDS = 365 * 24 * 3600;

/** The anonymous visitor identity of browsers, shared by all tabs of one. */
export type VisitorCookies = {
  /** The visitor a request proves by its cookie, or the one this handshake was just given; null for none. */
  visitorOf(request: IncomingMessage): string | null;
  /**
   * Engine.IO's `initial_headers` listener: a browser's handshake (it has an
   * `Origin`) without a valid cookie gets a fresh visitor, as a Set-Cookie on
   * the handshake's answer and, for this connection, through `visitorOf`.
   * Clients without an Origin keep no cookies: they get none, and their jobs
   * belong to their reply channel.
   */
  issueOnHandshake(headers: Record<string, unknown>, request: IncomingMessage): void;
};

/**
 * Creates the visitor cookies keyed by SECRET_KEY: httpOnly, SameSite=Lax,
 * `Secure` over HTTPS (as the session cookie). A forged or malformed cookie
 * proves nothing and is replaced at the next handshake.
 *
 * @example io.engine.on('initial_headers', visitors.issueOnHandshake);
 */
export function createVisitorCookies(options: { secretKey: string; trustedProxies: number }): VisitorCookies {
  const signer = createVisitorSigner(options.secretKey);
  const issued = new WeakMap<IncomingMessage, string>();
  const proven = (request: IncomingMessage) => {
    const token = request.headers.cookie ? parseCookie(request.headers.cookie)[VISITOR_COOKIE] : undefined;
    return token ? signer.verify(token) : null;
  };
  return {
    visitorOf: (request) => proven(request) ?? issued.get(request) ?? null,
    issueOnHandshake(headers, request) {
      if (!request.headers.origin || proven(request)) return;
      const { visitorId, token } = signer.issue();
      issued.set(request, visitorId);
      headers['Set-Cookie'] = sessionCookie(request, { name: VISITOR_COOKIE, value: token, maxAge: MAX_AGE_SECONDS, trustedProxies: options.trustedProxies });
    },
  };
}
