import { createServer, ServerResponse } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { HSTS, setSecurityHeaders, withPagePolicy } from './security-headers.ts';

/**
 * Spec: every HTTP response of the interface server says nosniff, DENY to
 * framing and a strict referrer policy; pages get a Content-Security-Policy
 * with a fresh nonce per request, which Next.js reads from the request.
 * (e2e/security-headers.spec.ts checks the built pages in a browser.)
 */
describe('security headers on every response', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each(['/healthz', '/api/session', '/admin/queues', '/no-such-page'])('GET %s says nosniff, DENY, strict-origin-when-cross-origin', async (path) => {
    const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});

describe('Strict-Transport-Security', () => {
  /** The headers setSecurityHeaders puts on the response to a request with these headers, over TLS or not. */
  const headersFor = (headers: Record<string, string>, tls: boolean, trustedProxies: number) => {
    const request = { method: 'GET', headers, socket: tls ? { encrypted: true } : {} } as unknown as IncomingMessage;
    const response = new ServerResponse(request);
    setSecurityHeaders(request, response, trustedProxies);
    return response.getHeaders();
  };

  it('is sent for a request that came over TLS, with or without a proxy', () => {
    expect(headersFor({}, true, 0)['strict-transport-security']).toBe(HSTS);
    expect(headersFor({}, true, 1)['strict-transport-security']).toBe(HSTS);
  });

  it('is sent when a trusted proxy says https, and never because of a header an untrusted client wrote', () => {
    expect(headersFor({ 'x-forwarded-proto': 'https' }, false, 1)['strict-transport-security']).toBe(HSTS);
    expect(headersFor({ 'x-forwarded-proto': 'https' }, false, 0)['strict-transport-security']).toBeUndefined();
    expect(headersFor({ 'x-forwarded-proto': 'http' }, false, 1)['strict-transport-security']).toBeUndefined();
  });
});

describe('withPagePolicy', () => {
  const seen: unknown[] = [];
  const pages = createServer(
    withPagePolicy((request, response) => {
      seen.push(request.headers['content-security-policy']);
      response.end('<html></html>');
    }, { dev: false }),
  );
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => pages.close(() => resolve())));

  it('hands the page the same policy the browser gets, replacing one the client sent', async () => {
    const response = await fetch(url, { headers: { 'content-security-policy': "script-src 'nonce-chosen-by-attacker'" } });
    expect(seen.at(-1)).toBe(response.headers.get('content-security-policy'));
    expect(seen.at(-1)).not.toContain('chosen-by-attacker');
  });

  it('allows scripts only by nonce, never inline, and forbids framing, plugins and foreign form targets', async () => {
    const policy = (await fetch(url)).headers.get('content-security-policy') ?? '';
    const directives = new Map(policy.split('; ').map((d) => [d.split(' ')[0], d] as const));
    expect(directives.get('script-src')).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/);
    expect(directives.get('style-src')).toMatch(/^style-src 'self' 'nonce-/);
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('form-action')).toBe("form-action 'self'");
    expect(policy).not.toContain('unsafe-eval');
  });

  it('uses a fresh nonce for every request', async () => {
    const nonce = async () => /'nonce-([^']+)'/.exec((await fetch(url)).headers.get('content-security-policy') ?? '')?.[1];
    const nonces = await Promise.all([nonce(), nonce(), nonce()]);
    expect(new Set(nonces).size).toBe(3);
  });
});
