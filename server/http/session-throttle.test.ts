import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/index.ts';
import { startTestServer, uniquePrefix } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

/**
 * Spec: POST /api/session allows LOGIN_FAILURES_PER_MINUTE (default 5)
 * failed logins per username and client address; the next attempt — even
 * with the right password — answers 429 with a clear message and
 * Retry-After, on every interface server sharing the Redis prefix. The login
 * form is sent back to the login page with `error=throttled` instead.
 */
const run = randomBytes(4).toString('hex');
const PASSWORD = 'correct horse battery';

describe('login rate limit on /api/session, across two interface servers', () => {
  let one: TestServer;
  let two: TestServer;

  beforeAll(async () => {
    const shared = { REDIS_PREFIX: uniquePrefix() };
    [one, two] = [await startTestServer(shared), await startTestServer(shared)];
  });
  afterAll(async () => {
    await one.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await Promise.all([one.close(), two.close()]);
  });

  const newUser = async (label: string) => (await createUser(one.db, { username: `${label}-${run}`, password: PASSWORD })).username;
  const login = (server: TestServer, username: string, password: string, form = false, forwardedFor?: string) =>
    fetch(`${server.url}/api/session`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: server.url,
        'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: form ? new URLSearchParams({ username, password, next: '/admin' }).toString() : JSON.stringify({ username, password }),
    });

  it('5 failures on either server, then 429 with Retry-After, even for the right password; no session is created', async () => {
    const username = await newUser('guessed');
    for (const server of [one, two, one, two, one]) expect((await login(server, username, 'wrong password')).status).toBe(401);
    const refused = await login(two, username, PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(await refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(/^too many failed logins for this username from your address; try again in \d+ s$/),
        retryAfterMs: expect.any(Number),
      },
    });
    expect(await one.db.session.count({ where: { user: { username } } })).toBe(0);
  });

  it('another username from the same address is not affected', async () => {
    const [victim, bystander] = [await newUser('victim'), await newUser('bystander')];
    for (let i = 0; i < 6; i += 1) await login(one, victim, 'wrong password');
    expect((await login(one, bystander, PASSWORD)).status).toBe(200);
  });

  it('behind a trusted proxy (TRUST_PROXY=1) failures count per client address, and a forged X-Forwarded-For does not escape them', async () => {
    const proxied = await startTestServer({ REDIS_PREFIX: one.config.redisPrefix, TRUST_PROXY: '1' });
    try {
      const username = await newUser('proxied');
      for (let i = 0; i < 5; i += 1) await login(proxied, username, 'wrong password', false, '198.51.100.7');
      expect((await login(proxied, username, PASSWORD, false, '198.51.100.7')).status).toBe(429);
      expect((await login(proxied, username, PASSWORD, false, 'forged, 198.51.100.7')).status).toBe(429);
      expect((await login(proxied, username, PASSWORD, false, '203.0.113.9')).status).toBe(200);
      // Without a trusted proxy the header is the client's word, and ignored: a new one per attempt changes nothing.
      const other = await newUser('unproxied');
      for (let i = 0; i < 5; i += 1) await login(one, other, 'wrong password', false, `203.0.113.${i}`);
      expect((await login(one, other, PASSWORD, false, '203.0.113.99')).status).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('a successful login clears the failures', async () => {
    const username = await newUser('forgetful');
    for (let i = 0; i < 4; i += 1) expect((await login(one, username, 'wrong password')).status).toBe(401);
    expect((await login(one, username, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await login(two, username, 'wrong password')).status).toBe(401);
    expect((await login(two, username, 'wrong password')).status).toBe(429);
  });

  it('the login form is sent back to the login page with error=throttled', async () => {
    const username = await newUser('formuser');
    for (let i = 0; i < 5; i += 1) expect((await login(one, username, 'wrong password', true)).headers.get('location')).toBe('/login?error=1&next=%2Fadmin');
    const refused = await login(one, username, PASSWORD, true);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/login?error=throttled&next=%2Fadmin');
    expect(refused.headers.getSetCookie()).toEqual([]);
  });
});

describe('login limits per address, per username and on concurrent hashes (POST /api/session)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: '1',
      LOGIN_FAILURES_PER_ADDRESS: '8',
      LOGIN_FAILURES_PER_USERNAME: '6',
      LOGIN_HASH_CONCURRENCY: '1',
      LOGIN_HASH_QUEUE: '2',
    });
  });
  afterAll(async () => {
    await server.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await server.close();
  });

  const attempt = (username: string, password: string, address: string) =>
    fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    });

  it('a spray of many usernames from one address is refused after LOGIN_FAILURES_PER_ADDRESS failures; other addresses are not', async () => {
    for (let i = 0; i < 8; i += 1) expect((await attempt(`nobody${i}-${run}`, 'guess', '198.51.100.20')).status).toBe(401);
    const refused = await attempt(`nobody-last-${run}`, 'guess', '198.51.100.20');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringMatching(/^too many failed logins from your address; try again in \d+ s$/), retryAfterMs: expect.any(Number) },
    });
    expect((await attempt(`nobody-last-${run}`, 'guess', '198.51.100.21')).status).toBe(401);
  });

  it('a guess at one username spread over many addresses is refused after LOGIN_FAILURES_PER_USERNAME failures', async () => {
    const username = (await createUser(server.db, { username: `target-${run}`, password: PASSWORD })).username;
    for (let i = 0; i < 6; i += 1) expect((await attempt(username, 'guess', `203.0.113.${i + 1}`)).status).toBe(401);
    const refused = await attempt(username, PASSWORD, '203.0.113.100');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringMatching(/^too many failed logins for this username;/) } });
  });

  it('hashes at most LOGIN_HASH_CONCURRENCY passwords at once with LOGIN_HASH_QUEUE waiting; the rest get 429 at once', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(`burst${i}-${run}`, 'guess', `192.0.2.${i + 1}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(3);
    const busy = answers.filter((answer) => answer.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    expect(await busy[0]?.json()).toEqual({
      error: { code: 'rate_limited', message: 'the server is busy checking other logins; try again in 1 s', retryAfterMs: 1000 },
    });
  });
});
