import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { app } from '../features/index.ts';

/**
 * Spec: staff actions — announcements and liveblog writes over the socket,
 * the queue dashboard and its API over HTTP — are refused to a staff
 * session cookie that has expired or been tampered with (it is anonymous),
 * and to a valid staff cookie sent from another origin; a refused action
 * changes nothing. (Anonymous and non-staff refusals: bad-input.test.ts,
 * liveblog.test.ts, queue-dashboard.test.ts; the session API: session-routes.test.ts.)
 */
const run = randomBytes(4).toString('hex');
const EVIL = 'http://evil.example';

describe('admin actions with an expired, tampered or cross-origin staff cookie', () => {
  let server: TestServer;
  let staffToken = '';
  const cookies = { valid: '', expired: '', tampered: '' };
  const slug = `admin-${run}`;

  beforeAll(async () => {
    server = await startTestServer();
    const staff = await createUser(server.db, { username: `admin-${run}`, password: 'correct horse battery', isStaff: true });
    const expired = await createUser(server.db, { username: `lapsed-${run}`, password: 'correct horse battery', isStaff: true });
    staffToken = (await server.sessions.create(staff.id)).token;
    const expiredToken = (await server.sessions.create(expired.id)).token;
    await server.db.session.updateMany({ where: { userId: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const flipped = `${staffToken.slice(0, -1)}${staffToken.endsWith('A') ? 'B' : 'A'}`;
    cookies.valid = `${SESSION_COOKIE}=${staffToken}`;
    cookies.expired = `${SESSION_COOKIE}=${expiredToken}`;
    cookies.tampered = `${SESSION_COOKIE}=${flipped}`;
    await server.db.liveblog.create({ data: { slug, title: 'Admin access' } });
  });
  afterAll(async () => {
    await server.db.liveblog.deleteMany({ where: { slug } });
    await server.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await server.close();
  });

  describe.each(['expired', 'tampered'] as const)('a %s staff cookie', (kind) => {
    it('makes an anonymous socket: announcement.post and post.create are `unauthorized`, nothing is published or written', async () => {
      const [home, blog, observer] = [
        await server.connect({ headers: { cookie: cookies[kind] } }),
        await server.connect({ namespace: '/liveblog', headers: { cookie: cookies[kind] } }),
        await server.connect(),
      ];
      expect(await home.request('session.describe', {})).toMatchObject({ ok: true, data: { user: null } });
      expect(await home.request('announcement.post', { text: 'sneaky' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(await blog.request('post.create', { slug, body: 'sneaky' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      await observer.receiveNothing('announcement.posted');
      expect(await server.db.liveblogPost.count({ where: { liveblog: { slug } } })).toBe(0);
    });

    it('is sent to the login page by the queue dashboard, and its API writes change nothing', async () => {
      const page = await fetch(`${server.url}/admin/queues`, { headers: { cookie: cookies[kind] }, redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/login?next=%2Fadmin%2Fqueues');
      const pause = await fetch(`${server.url}/admin/queues/api/queues/bigdata.process/pause`, {
        method: 'PUT',
        headers: { cookie: cookies[kind], origin: server.url },
        redirect: 'manual',
      });
      expect(pause.status).toBe(303);
      expect(await server.app.queues.all().find((q) => q.name === 'bigdata.process')?.isPaused()).toBe(false);
    });
  });

  describe('a valid staff cookie from another origin', () => {
    it('cannot open a socket (cross-site WebSocket hijacking): connect_error `forbidden` on every namespace', async () => {
      for (const namespace of app.namespaces) {
        const refusal = await SocketCommunicator.refused(server.url, { namespace, headers: { cookie: cookies.valid, origin: EVIL } });
        expect(refusal.data).toEqual({ code: 'forbidden' });
      }
    });

    it('cannot change queues through the dashboard API (403, queue untouched), while the same request from the page’s own origin can', async () => {
      const queue = server.app.queues.all().find((q) => q.name === 'bigdata.process');
      const pause = (origin?: string) =>
        fetch(`${server.url}/admin/queues/api/queues/bigdata.process/pause`, {
          method: 'PUT',
          headers: { cookie: cookies.valid, ...(origin ? { origin } : {}) },
        });
      for (const origin of [EVIL, undefined]) {
        const refused = await pause(origin);
        expect(refused.status).toBe(403);
        expect(await refused.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/CSRF/) } });
        expect(await queue?.isPaused()).toBe(false);
      }
      expect((await pause(server.url)).status).toBe(200);
      expect(await queue?.isPaused()).toBe(true);
      await queue?.resume();
    });

    it('may still read the dashboard page (GET is not a write)', async () => {
      const page = await fetch(`${server.url}/admin/queues`, { headers: { cookie: cookies.valid, origin: EVIL } });
      expect(page.status).toBe(200);
    });
  });
});
