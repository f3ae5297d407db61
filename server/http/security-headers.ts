import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestOrigin } from './request-origin.ts';

/**
 * Headers on every response of the interface server: no MIME sniffing, no
 * framing by any site (clickjacking), and only the origin as referrer when
 * leaving the site.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * `Strict-Transport-Security` for a year: browsers that once reached the site
 * over https use https only. Sent only on responses to https requests
 * (browsers ignore it over http, and sending it because of a header a client
 * wrote would be believing the client); no `includeSubDomains`, since the
 * server cannot know whether sibling hosts serve https.
 */
export const HSTS = 'max-age=31536000';

/**
 * Sets `SECURITY_HEADERS` on a response (later writeHead headers are merged
 * with them), and `HSTS` when the request came over https: over TLS, or
 * through a trusted proxy that says so (`trustedProxies`, see requestOrigin).
 */
export function setSecurityHeaders(request: IncomingMessage, response: ServerResponse, trustedProxies: number): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  if (requestOrigin(request, trustedProxies).protocol === 'https') response.setHeader('strict-transport-security', HSTS);
}

/**
 * The Content-Security-Policy of a page. Scripts run only with this
 * response's nonce (Next.js stamps its inline bootstrap scripts and script
 * tags with it) or when loaded by such a script ('strict-dynamic'): no
 * 'unsafe-inline' for scripts. Style elements need the nonce too; style
 * attributes are allowed ('unsafe-inline' in style-src-attr only), because
 * the job pages size their bars with `style={{ width }}` and an attribute
 * cannot run code. Development adds what Next's dev server needs: eval for
 * React's debugging and inline style elements for hot reloading.
 */
export function pagePolicy(nonce: string, { dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/**
 * Wraps the pages' request handler: each request gets a fresh nonce and its
 * policy, which Next.js reads from the request's `content-security-policy`
 * header (replacing whatever the client sent) and the browser from the response's.
 */
export function withPagePolicy(handle: Handler, options: { dev: boolean }): Handler {
  return (request, response) => {
    const policy = pagePolicy(randomBytes(16).toString('base64'), options);
    request.headers['content-security-policy'] = policy;
    response.setHeader('content-security-policy', policy);
    return handle(request, response);
  };
}
