import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/index.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

/** The queue dashboard is behind the staff login: anonymous → login page, non-staff → 403, staff → Bull Board. */
describe('queue dashboard at /admin/queues', () => {
  let server: TestServer;
  const login = async (isStaff: boolean) => {
    const username = `dash_${isStaff ? 'staff' : 'user'}_${randomBytes(3).toString('hex')}`;
    await createUser(server.db, { username, password: 'correct horse battery', isStaff });
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'correct horse battery' }),
    });
    return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('sends anonymous visitors to the login page', async () => {
    const response = await fetch(`${server.url}/admin/queues`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fadmin%2Fqueues');
  });

  it('refuses logged-in users who are not staff', async () => {
    const response = await fetch(`${server.url}/admin/queues`, { headers: { cookie: await login(false) } });
    expect(response.status).toBe(403);
  });

  it('shows staff the dashboard and its API lists every worker channel', async () => {
    const cookie = await login(true);
    const page = await fetch(`${server.url}/admin/queues`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${server.url}/admin/queues/api/queues?activeQueue=bigdata.process&page=1`, { headers: { cookie } });
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['bigdata.process', 'report.render']));
  });
});
