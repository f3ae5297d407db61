import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../testing/scratch-database.ts';
import type { ScratchDatabase } from '../testing/scratch-database.ts';
import { SESSION_COOKIE } from '../auth/index.ts';
import { closeRedis, openRedis } from '../layer/redis-connection.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { firstRunNotice } from './first-run-notice.ts';

const run = randomBytes(3).toString('hex');
const PASSWORD = 'correct horse battery';

/**
 * First-run setup: "with no staff account yet, the first one can be created
 * from the server's own machine, or from elsewhere with the one-time code the
 * server printed in its log; then setup is closed for good". A database of
 * its own (the shared test database has staff users), and TRUST_PROXY=1 so
 * a test can speak for a client on another machine (X-Forwarded-For).
 */
describe('first-run setup (POST /api/setup)', () => {
  let scratch: ScratchDatabase;
  let server: TestServer;
  let code = '';

  beforeAll(async () => {
    scratch = await createScratchDatabase('first_run');
    server = await startTestServer({ DATABASE_URL: scratch.url, TRUST_PROXY: '1' });
    const redis = openRedis(server.config, 'test');
    try {
      const notice = await firstRunNotice({ db: server.db, redis, prefix: server.config.redisPrefix, url: server.url });
      code = /setup code ([A-Z0-9-]+)/.exec(notice.join('\n'))?.[1] ?? '';
    } finally {
      await closeRedis(redis);
    }
  });
  afterAll(async () => {
    await server?.close();
    await scratch?.drop();
  });

  const setup = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  const fromElsewhere = { 'x-forwarded-for': '203.0.113.9' };
  const staffCount = () => server.db.user.count({ where: { isStaff: true } });

  it('the server’s notice says where to go and prints a one-time code while there is no staff account', () => {
    expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  });

  it('from another machine, a missing or wrong code is refused with nothing created; the username is kept for the form', async () => {
    for (const attempt of [{}, { code: 'AAAA-BBBB-CCCC-DDDD' }] as Record<string, string>[]) {
      const response = await setup({ username: `remote-${run}`, password: PASSWORD, ...attempt }, fromElsewhere);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/admin?setup=code&username=remote-${run}`);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(await staffCount()).toBe(0);
  });

  it('through a proxy that is not trusted, a loopback peer is not "this machine"', async () => {
    const untrusting = await startTestServer({ DATABASE_URL: scratch.url, TRUST_PROXY: '0' });
    try {
      const response = await fetch(`${untrusting.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: untrusting.url, ...fromElsewhere },
        body: new URLSearchParams({ username: `proxied-${run}`, password: PASSWORD }).toString(),
        redirect: 'manual',
      });
      expect(response.headers.get('location')).toBe(`/admin?setup=code&username=proxied-${run}`);
      expect(await staffCount()).toBe(0);
    } finally {
      await untrusting.close();
    }
  });

  it('a bad username or a short password is refused with the reason; another origin is refused outright', async () => {
    expect((await setup({ username: 'x', password: PASSWORD })).headers.get('location')).toBe('/admin?setup=username&username=x');
    expect((await setup({ username: `short-${run}`, password: 'short' })).headers.get('location')).toBe(`/admin?setup=password&username=short-${run}`);
    expect((await setup({ username: `evil-${run}`, password: PASSWORD }, { origin: 'http://evil.example' })).status).toBe(403);
    expect(await staffCount()).toBe(0);
  });

  it('from another machine with the code: creates the first staff user, logs them in and sends them to /admin', async () => {
    const response = await setup({ username: `first-${run}`, password: PASSWORD, code: code.toLowerCase().replaceAll('-', ' ') }, fromElsewhere);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin?setup=welcome');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    const session = await fetch(`${server.url}/api/session`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(await session.json()).toMatchObject({ user: { username: `first-${run}`, isStaff: true } });
  });

  it('once a staff account exists, setup is closed: from this machine too, nothing more is created', async () => {
    const response = await setup({ username: `second-${run}`, password: PASSWORD });
    expect(response.headers.get('location')).toBe('/admin?setup=done');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await staffCount()).toBe(1);
    const redis = openRedis(server.config, 'test');
    try {
      const notice = await firstRunNotice({ db: server.db, redis, prefix: server.config.redisPrefix, url: server.url });
      expect(notice.join('\n')).not.toMatch(/setup code/);
      expect(notice.join('\n')).toContain(`${server.url}/admin`);
    } finally {
      await closeRedis(redis);
    }
  });
});

/** "This machine": the first account may be created without the code only by a browser on the server's own machine. */
describe('first-run setup from this machine', () => {
  let scratch: ScratchDatabase;
  let server: TestServer;

  beforeAll(async () => {
    scratch = await createScratchDatabase('first_run_local');
    server = await startTestServer({ DATABASE_URL: scratch.url });
  });
  afterAll(async () => {
    await server?.close();
    await scratch?.drop();
  });

  it('needs no code from a loopback address', async () => {
    const response = await fetch(`${server.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ username: `local-${run}`, password: PASSWORD }).toString(),
      redirect: 'manual',
    });
    expect(response.headers.get('location')).toBe('/admin?setup=welcome');
    expect(await server.db.user.findUnique({ where: { username: `local-${run}` }, select: { isStaff: true } })).toEqual({ isStaff: true });
  });
});
