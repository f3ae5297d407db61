import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { Forbidden } from '../errors.ts';
import { isAllowedOrigin, requireSameOrigin } from './origin.ts';

const TRUSTED = 'http://trusted.example';

describe('origin validator on a real server (ALLOWED_ORIGINS=http://trusted.example)', () => {
  let server: TestServer;
  /** Sockets the server holds right now on namespace "/". */
  const connected = () => server.server.io.of('/').sockets;

  beforeAll(async () => {
    server = await startTestServer({ ALLOWED_ORIGINS: TRUSTED });
  });
  afterAll(() => server.close());

  it('refuses a cross-origin socket with connect_error `forbidden` naming ALLOWED_ORIGINS, and holds no socket for it', async () => {
    const before = connected().size;
    const refusal = await SocketCommunicator.refused(server.url, { headers: { origin: 'http://evil.example' } });
    expect(refusal.message).toBe('origin http://evil.example is not allowed; add it to ALLOWED_ORIGINS');
    expect(refusal.data).toEqual({ code: 'forbidden' });
    expect(connected().size).toBe(before);
  });

  it('refuses an origin that merely starts like an allowed one', async () => {
    const refusal = await SocketCommunicator.refused(server.url, { headers: { origin: `${TRUSTED}.evil.example` } });
    expect(refusal.data).toEqual({ code: 'forbidden' });
  });

  it('refuses the server’s own host on another scheme (https page, http server)', async () => {
    const refusal = await SocketCommunicator.refused(server.url, { headers: { origin: server.url.replace('http:', 'https:') } });
    expect(refusal.data).toEqual({ code: 'forbidden' });
  });

  it('accepts the server’s own origin', async () => {
    const client = await server.connect({ headers: { origin: server.url } });
    expect(await client.request('session.describe', {})).toMatchObject({ ok: true, data: { user: null, replyChannel: client.replyChannel } });
  });

  it('accepts an origin listed in ALLOWED_ORIGINS', async () => {
    const client = await server.connect({ headers: { origin: TRUSTED } });
    expect(await client.request('connection.ping', { sentAt: 1 })).toMatchObject({ ok: true });
  });

  it('accepts a client that sends no Origin header (a non-browser client, with no ambient cookies to abuse)', async () => {
    const client = await server.connect();
    const held = connected().get(client.socket.id ?? '');
    expect(held?.request.headers.origin).toBeUndefined();
    expect(await client.request('connection.ping', { sentAt: 2 })).toMatchObject({ ok: true });
  });
});

/** A request as the origin check sees it: headers and whether the socket is TLS. */
function request(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers, socket: encrypted ? { encrypted: true } : {} } as unknown as IncomingMessage;
}

describe('isAllowedOrigin', () => {
  it('allows requests without an Origin header', () => {
    expect(isAllowedOrigin(request({ host: 'app.example' }), [], 0)).toBe(true);
  });

  it('allows the same origin, from the Host header and the socket’s scheme', () => {
    expect(isAllowedOrigin(request({ host: 'app.example:3000', origin: 'http://app.example:3000' }), [], 0)).toBe(true);
    expect(isAllowedOrigin(request({ host: 'app.example', origin: 'https://app.example' }, true), [], 0)).toBe(true);
  });

  it('refuses another host, another port or another scheme', () => {
    expect(isAllowedOrigin(request({ host: 'app.example', origin: 'http://evil.example' }), [], 0)).toBe(false);
    expect(isAllowedOrigin(request({ host: 'app.example:3000', origin: 'http://app.example:4000' }), [], 0)).toBe(false);
    expect(isAllowedOrigin(request({ host: 'app.example', origin: 'https://app.example' }), [], 0)).toBe(false);
    expect(isAllowedOrigin(request({ host: 'app.example', origin: 'http://app.example' }, true), [], 0)).toBe(false);
  });

  it('refuses the opaque origin "null" (sandboxed frames, file: pages)', () => {
    expect(isAllowedOrigin(request({ host: 'app.example', origin: 'null' }), [], 0)).toBe(false);
  });

  it('refuses any origin when there is no Host header to compare with', () => {
    expect(isAllowedOrigin(request({ origin: 'http://app.example' }), [], 0)).toBe(false);
  });

  it('without a trusted proxy (TRUST_PROXY=0), X-Forwarded-Host/Proto are the client’s word and are ignored', () => {
    const forged = { host: 'app.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    expect(isAllowedOrigin(request({ ...forged, origin: 'https://evil.example' }), [], 0)).toBe(false);
    expect(isAllowedOrigin(request({ ...forged, origin: 'https://app.example' }), [], 0)).toBe(false);
    expect(isAllowedOrigin(request({ ...forged, origin: 'http://app.example' }), [], 0)).toBe(true);
  });

  it('behind a trusted proxy, compares with X-Forwarded-Host and X-Forwarded-Proto instead of Host and the socket', () => {
    const behindProxy = { host: '10.0.0.7:3000', 'x-forwarded-host': 'app.example', 'x-forwarded-proto': 'https' };
    expect(isAllowedOrigin(request({ ...behindProxy, origin: 'https://app.example' }), [], 1)).toBe(true);
    expect(isAllowedOrigin(request({ ...behindProxy, origin: 'http://app.example' }), [], 1)).toBe(false);
    expect(isAllowedOrigin(request({ ...behindProxy, origin: 'http://10.0.0.7:3000' }), [], 1)).toBe(false);
  });

  it('uses the first (client-facing) entry of a proxy chain’s X-Forwarded-Host/Proto lists', () => {
    const chain = { host: 'internal:3000', 'x-forwarded-host': 'app.example, lb.internal', 'x-forwarded-proto': 'https, http' };
    expect(isAllowedOrigin(request({ ...chain, origin: 'https://app.example' }), [], 2)).toBe(true);
    expect(isAllowedOrigin(request({ ...chain, origin: 'http://lb.internal' }), [], 2)).toBe(false);
  });

  it('takes X-Forwarded-Proto alone with the Host header, and ignores a scheme other than http or https', () => {
    expect(isAllowedOrigin(request({ host: 'app.example', 'x-forwarded-proto': 'https', origin: 'https://app.example' }), [], 1)).toBe(true);
    expect(isAllowedOrigin(request({ host: 'app.example', 'x-forwarded-proto': 'gopher', origin: 'gopher://app.example' }), [], 1)).toBe(false);
  });

  it('allows exactly the listed origins, and every origin with "*"', () => {
    const host = { host: 'app.example' };
    expect(isAllowedOrigin(request({ ...host, origin: TRUSTED }), [TRUSTED], 0)).toBe(true);
    expect(isAllowedOrigin(request({ ...host, origin: `${TRUSTED}:8080` }), [TRUSTED], 0)).toBe(false);
    expect(isAllowedOrigin(request({ ...host, origin: 'https://trusted.example' }), [TRUSTED], 0)).toBe(false);
    expect(isAllowedOrigin(request({ ...host, origin: 'http://anything.example' }), ['*'], 0)).toBe(true);
  });
});

describe('requireSameOrigin (HTTP requests that change state)', () => {
  const host = { host: 'app.example' };
  const refused = (headers: Record<string, string>) => expect(() => requireSameOrigin(request({ ...host, ...headers }), [], 0)).toThrow(Forbidden);
  const allowed = (headers: Record<string, string>) => expect(() => requireSameOrigin(request({ ...host, ...headers }), [], 0)).not.toThrow();

  it('allows the page’s own origin, with or without its cookies', () => {
    allowed({ origin: 'http://app.example' });
    allowed({ origin: 'http://app.example', cookie: 'sy_session=abc' });
  });

  it('refuses another origin, whatever it carries', () => {
    refused({ origin: 'http://evil.example' });
    refused({ origin: 'http://evil.example', 'x-reply-token': 'abc' });
  });

  it('allows a non-browser client: no Origin and no cookie, so nothing ambient to abuse (it authenticates with headers)', () => {
    allowed({});
    allowed({ 'x-reply-token': 'abc', authorization: 'Bearer abc' });
  });

  it('refuses a request with cookies but no Origin: a browser always sends Origin with a POST, so this one cannot be told apart from a forged one', () => {
    refused({ cookie: 'sy_session=abc' });
  });
});
