import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

/**
 * Spec: `X-Forwarded-Host` and `X-Forwarded-Proto` are a reverse proxy's word,
 * believed only when TRUST_PROXY says one is in front (≥ 1). Without one they
 * are the client's word and are ignored by the origin check (sockets and
 * state-changing requests), the session cookie's `Secure` flag and
 * `Strict-Transport-Security`, which is sent only when the request came over
 * TLS or a trusted proxy says it did.
 */
const run = randomBytes(4).toString('hex');
const PASSWORD = 'correct horse battery';
const forged = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

describe('forwarded headers', () => {
  let direct: TestServer;
  let proxied: TestServer;
  let username = '';

  beforeAll(async () => {
    [direct, proxied] = await Promise.all([startTestServer(), startTestServer({ TRUST_PROXY: '1' })]);
    username = (await createUser(direct.db, { username: `forwarded-${run}`, password: PASSWORD })).username;
  });
  afterAll(async () => {
    await direct?.db.user.deleteMany({ where: { username: `forwarded-${run}` } });
    await Promise.all([direct?.close(), proxied?.close()]);
  });

  const login = (server: TestServer, headers: Record<string, string>) =>
    fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password: PASSWORD }),
      redirect: 'manual',
    });
  const sessionCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));

  describe('without a trusted proxy (TRUST_PROXY=0)', () => {
    it('a page of another site does not pass the origin check by naming itself in X-Forwarded-Host/Proto', async () => {
      const refusal = await SocketCommunicator.refused(direct.url, { headers: { origin: 'https://evil.example', ...forged } });
      expect(refusal.data).toEqual({ code: 'forbidden' });
      const response = await login(direct, { origin: 'https://evil.example', ...forged });
      expect(response.status).toBe(403);
      expect(sessionCookie(response)).toBeUndefined();
    });

    it('the server’s own origin still passes, whatever X-Forwarded-Host/Proto say', async () => {
      const client = await SocketCommunicator.connect(direct.url, { headers: { origin: direct.url, ...forged } });
      expect(await client.request('connection.ping', { sentAt: 1 })).toMatchObject({ ok: true });
      client.close();
    });

    it('a login over plain http that claims X-Forwarded-Proto: https gets no Secure cookie and no HSTS', async () => {
      const response = await login(direct, { origin: direct.url, 'x-forwarded-proto': 'https' });
      expect(response.status).toBe(200);
      expect(sessionCookie(response)).not.toMatch(/; Secure/);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
    const publicSite = { 'x-forwarded-host': 'app.example', 'x-forwarded-proto': 'https' };

    it('the public origin the proxy names passes the origin check; another does not', async () => {
      const client = await SocketCommunicator.connect(proxied.url, { headers: { origin: 'https://app.example', ...publicSite } });
      expect(await client.request('connection.ping', { sentAt: 1 })).toMatchObject({ ok: true });
      client.close();
      const refusal = await SocketCommunicator.refused(proxied.url, { headers: { origin: 'http://app.example', ...publicSite } });
      expect(refusal.data).toEqual({ code: 'forbidden' });
    });

    it('a login the proxy says came over https gets a Secure cookie and Strict-Transport-Security', async () => {
      const response = await login(proxied, { origin: 'https://app.example', ...publicSite });
      expect(response.status).toBe(200);
      expect(sessionCookie(response)).toMatch(/; Secure/);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    });

    it('over plain http (X-Forwarded-Proto: http) neither', async () => {
      const response = await login(proxied, { origin: 'http://app.example', 'x-forwarded-host': 'app.example', 'x-forwarded-proto': 'http' });
      expect(response.status).toBe(200);
      expect(sessionCookie(response)).not.toMatch(/; Secure/);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    });

    it('every response says Strict-Transport-Security when the proxy says https, pages and errors too', async () => {
      for (const path of ['/healthz', '/no-such-page']) {
        const response = await fetch(`${proxied.url}${path}`, { headers: publicSite });
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
      }
    });
  });
});
