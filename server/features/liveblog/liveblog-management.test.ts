import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../../../prisma/hooks/testing/scratch-database.ts';
import type { ScratchDatabase } from '../../../prisma/hooks/testing/scratch-database.ts';
import { createUser, SESSION_COOKIE } from '../../auth/index.ts';
import type { WireLiveblog } from './liveblog-protocol.ts';
import type { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * Liveblogs managed without the admin pages: "staff create, change and delete
 * liveblogs over the socket with the admin UI's rules; a reader of a changed
 * liveblog hears `liveblog.updated`, of a deleted one `liveblog.deleted`;
 * anyone else is refused and nothing changes".
 */
describe('/liveblog: liveblog.create, liveblog.update, liveblog.delete', () => {
  const run = randomBytes(3).toString('hex');
  let scratch: ScratchDatabase;
  let server: TestServer;
  let editor: SocketCommunicator;
  let reader: SocketCommunicator;
  let user: SocketCommunicator;

  beforeAll(async () => {
    scratch = await createScratchDatabase('manage');
    server = await startTestServer({ DATABASE_URL: scratch.url });
    const cookieOf = async (username: string, isStaff: boolean) => {
      const created = await createUser(server.db, { username, password: 'correct horse battery', isStaff });
      return `${SESSION_COOKIE}=${(await server.sessions.create(created.id)).token}`;
    };
    editor = await server.connect({ namespace: '/liveblog', headers: { cookie: await cookieOf(`editor-${run}`, true) } });
    user = await server.connect({ namespace: '/liveblog', headers: { cookie: await cookieOf(`reader-${run}`, false) } });
    reader = await server.connect({ namespace: '/liveblog' });
  });
  afterAll(async () => {
    await server?.close();
    await scratch?.drop();
  });

  it('staff create a liveblog, change its title, summary and status, and delete it; its reader hears each change', async () => {
    const slug = `managed-${run}`;
    const created = (await editor.request<{ liveblog: WireLiveblog }>('liveblog.create', { slug, title: 'Match day' })) as Ack<{ liveblog: WireLiveblog }>;
    expect(created).toMatchObject({ ok: true, data: { liveblog: { slug, title: 'Match day', summary: '', status: 'live', version: 1 } } });
    expect(await reader.request('liveblog.follow', { slug })).toMatchObject({ ok: true });

    const changed = await editor.request('liveblog.update', { slug, title: 'Match day: final', summary: 'It ended **2–1**.', status: 'ended' });
    expect(changed).toMatchObject({ ok: true, data: { liveblog: { title: 'Match day: final', summary: 'It ended **2–1**.', status: 'ended', version: 2 } } });
    expect(await reader.receive('liveblog.updated')).toMatchObject({ liveblog: { slug, status: 'ended', version: 2 } });

    expect(await editor.request('liveblog.delete', { slug })).toEqual({ ok: true, data: { deleted: true } });
    expect(await reader.receive('liveblog.deleted')).toMatchObject({ slug });
    expect(await server.db.liveblog.count({ where: { slug } })).toBe(0);
    expect(await reader.request('liveblog.follow', { slug })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a taken address is a conflict, a missing liveblog not_found, and an update that changes nothing invalid_input', async () => {
    const slug = `taken-${run}`;
    await editor.request('liveblog.create', { slug, title: 'First' });
    expect(await editor.request('liveblog.create', { slug, title: 'Second' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(slug) } });
    expect(await editor.request('liveblog.update', { slug: `missing-${run}`, status: 'ended' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await editor.request('liveblog.delete', { slug: `missing-${run}` })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await editor.request('liveblog.update', { slug })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('an anonymous reader and a signed-in non-staff user are refused, and nothing changes', async () => {
    const slug = `guarded-${run}`;
    await editor.request('liveblog.create', { slug, title: 'Guarded' });
    for (const [socket, code] of [
      [reader, 'unauthorized'],
      [user, 'forbidden'],
    ] as const) {
      expect(await socket.request('liveblog.create', { slug: `${slug}-new`, title: 'Not mine' })).toMatchObject({ ok: false, error: { code } });
      expect(await socket.request('liveblog.update', { slug, title: 'Not mine' })).toMatchObject({ ok: false, error: { code } });
      expect(await socket.request('liveblog.delete', { slug })).toMatchObject({ ok: false, error: { code } });
    }
    expect(await server.db.liveblog.findMany({ where: { slug: { startsWith: slug } }, select: { slug: true, title: true } })).toEqual([{ slug, title: 'Guarded' }]);
  });
});
