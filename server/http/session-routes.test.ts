import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

// The session is shared with HTTP: the cookie /api/session sets is the one the
// socket middleware reads. Real server, real PostgreSQL.

const run = randomBytes(4).toString('hex');
const PASSWORD = 'correct horse battery';

describe('session API /api/session', () => {
  let server: TestServer;
  let ada: SessionUser;
  /** Headers of a same-origin browser request. */
  let sameOrigin: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    sameOrigin = { origin: server.url };
    ada = await createUser(server.db, { username: `ada-${run}`, password: PASSWORD });
  });
  afterAll(async () => {
    await server.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await server.close();
  });

  /** A request to the test server; redirects are returned, not followed. */
  const call = (method: string, headers: Record<string, string> = {}, body?: string) =>
    fetch(`${server.url}/api/session`, { method, headers, body, redirect: 'manual' });
  const loginJson = (credentials: Record<string, string>, headers: Record<string, string> = sameOrigin) =>
    call('POST', { 'content-type': 'application/json', ...headers }, JSON.stringify(credentials));
  const loginForm = (fields: Record<string, string>, headers: Record<string, string> = sameOrigin) =>
    call('POST', { 'content-type': 'application/x-www-form-urlencoded', ...headers }, new URLSearchParams(fields).toString());
  /** The session token a response sets, or undefined. */
  const tokenSet = (response: Response) => {
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    return cookie === undefined ? undefined : decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '');
  };
  const cookieHeader = (token: string) => ({ cookie: `${SESSION_COOKIE}=${token}` });
  /** Who a socket opened with this session token is. */
  const socketUser = async (token: string) => {
    const client = await server.connect({ headers: cookieHeader(token) });
    const answer = await client.request<{ user: SessionUser | null }>('session.describe', {});
    client.close();
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.data.user;
  };
  const sessionCount = () => server.db.session.count({ where: { userId: ada.id } });

  it('a JSON login answers 200 with the user and sets an httpOnly SameSite=Lax session cookie', async () => {
    const response = await loginJson({ username: ada.username, password: PASSWORD });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: ada });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/); // plain http, no proxy: a Secure cookie would never come back
  });

  it('the socket opened with that cookie is that user; GET with the cookie says so too', async () => {
    const token = tokenSet(await loginJson({ username: ada.username, password: PASSWORD })) ?? '';
    expect(await socketUser(token)).toEqual(ada);
    const response = await call('GET', cookieHeader(token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: ada });
  });

  it('GET without a cookie, or with an unknown one, is anonymous', async () => {
    expect(await (await call('GET')).json()).toEqual({ user: null });
    expect(await (await call('GET', cookieHeader('x'.repeat(43)))).json()).toEqual({ user: null });
  });

  it('DELETE clears the cookie and ends the session: the old token no longer authenticates a socket', async () => {
    const token = tokenSet(await loginJson({ username: ada.username, password: PASSWORD })) ?? '';
    const response = await call('DELETE', { ...sameOrigin, ...cookieHeader(token) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: null });
    const [cleared] = response.headers.getSetCookie();
    expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(cleared).toMatch(/Max-Age=0/);
    expect(await socketUser(token)).toBeNull();
    expect(await (await call('GET', cookieHeader(token))).json()).toEqual({ user: null });
  });

  it('a form POST to /api/session/logout ends the session and redirects home; a cross-origin one is refused', async () => {
    const token = tokenSet(await loginJson({ username: ada.username, password: PASSWORD })) ?? '';
    const logout = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/session/logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, redirect: 'manual' });
    const refused = await logout({ origin: 'http://evil.example', ...cookieHeader(token) });
    expect(refused.status).toBe(403);
    expect(await socketUser(token)).toEqual(ada);

    const response = await logout({ ...sameOrigin, ...cookieHeader(token) });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.getSetCookie()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    expect(await socketUser(token)).toBeNull();
    expect((await fetch(`${server.url}/api/session/logout`)).headers.get('allow')).toBe('POST');
  });

  it('a wrong password answers 401 and sets no cookie, creating no session', async () => {
    const before = await sessionCount();
    const response = await loginJson({ username: ada.username, password: 'wrong password' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await sessionCount()).toBe(before);
  });

  it('an unknown username answers exactly like a wrong password (no user enumeration)', async () => {
    const response = await loginJson({ username: `nobody-${run}`, password: PASSWORD });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } });
  });

  it('a login with a missing field answers 400 naming it, and sets no cookie', async () => {
    const response = await loginJson({ username: ada.username });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/password/) } });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it.each([
    ['with a cookie but no Origin header (a browser always sends Origin with a POST)', { cookie: 'theme=dark' }],
    ['from another origin', { origin: 'http://evil.example' }],
  ])('a login %s is refused with 403 (CSRF) and creates no session', async (_name, headers) => {
    const before = await sessionCount();
    const response = await loginJson({ username: ada.username, password: PASSWORD }, headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/CSRF/) } });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await sessionCount()).toBe(before);
  });

  it('a non-browser client (no Origin, no cookie) logs in and gets the session token in the cookie it answers with', async () => {
    const response = await loginJson({ username: ada.username, password: PASSWORD }, {});
    expect(response.status).toBe(200);
    expect(await socketUser(tokenSet(response) ?? '')).toEqual(ada);
  });

  it('a cross-origin DELETE is refused with 403 and the session lives on', async () => {
    const token = tokenSet(await loginJson({ username: ada.username, password: PASSWORD })) ?? '';
    const response = await call('DELETE', { origin: 'http://evil.example', ...cookieHeader(token) });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await socketUser(token)).toEqual(ada);
  });

  it('a form login redirects (303) to `next` with the cookie set', async () => {
    const response = await loginForm({ username: ada.username, password: PASSWORD, next: '/x' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/x');
    expect(await socketUser(tokenSet(response) ?? '')).toEqual(ada);
  });

  it.each(['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)'])(
    'a form login with next=%s redirects to "/" (no open redirect)',
    async (next) => {
      const response = await loginForm({ username: ada.username, password: PASSWORD, next });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
      expect(tokenSet(response)).toBeDefined();
    },
  );

  it('a form login with a wrong password redirects back to the login page with no cookie', async () => {
    const response = await loginForm({ username: ada.username, password: 'wrong password', next: '/x' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?error=1&next=%2Fx');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('a login while holding a session cookie destroys the old session (no fixation)', async () => {
    const old = tokenSet(await loginJson({ username: ada.username, password: PASSWORD })) ?? '';
    const response = await loginJson({ username: ada.username, password: PASSWORD }, { ...sameOrigin, ...cookieHeader(old) });
    const fresh = tokenSet(response) ?? '';
    expect(response.status).toBe(200);
    expect(fresh).not.toBe(old);
    expect(await socketUser(old)).toBeNull();
    expect(await socketUser(fresh)).toEqual(ada);
  });

  it('other methods answer 405 with Allow', async () => {
    const response = await call('PUT', sameOrigin);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, DELETE');
  });
});
