import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../server/auth/index.ts';
import type { Namespace } from '../server/protocol/events.ts';
import { startTestServer } from '../server/testing/test-server.ts';
import type { TestServer } from '../server/testing/test-server.ts';

/**
 * Spec: inputs the hostile-input fuzzer (or fixing what it found) turned up,
 * each of which used to fail inside a handler as `internal` (PostgreSQL
 * refuses NUL in text, Prisma refuses unpaired UTF-16 surrogates, bigint
 * columns end at 2^63 − 1). The protocol's schemas now refuse them at the
 * edge: `invalid_input` naming the field, and the connection lives on.
 */
const run = randomBytes(4).toString('hex');
const room = `findings-${run}`;
const slug = `findings-${run}`;

describe('inputs the fuzzer found are refused as invalid_input, not internal errors', () => {
  let server: TestServer;
  let staffCookie = '';

  beforeAll(async () => {
    server = await startTestServer();
    const staff = await createUser(server.db, { username: `findings-${run}`, password: 'correct horse battery', isStaff: true });
    staffCookie = `${SESSION_COOKIE}=${(await server.sessions.create(staff.id)).token}`;
    await server.db.liveblog.create({ data: { slug, title: 'Findings' } });
  });
  afterAll(async () => {
    await server.db.chatRoom.deleteMany({ where: { name: room } });
    await server.db.liveblog.deleteMany({ where: { slug } });
    await server.db.user.deleteMany({ where: { username: `findings-${run}` } });
    await server.close();
  });

  it.each<[Namespace, string, object, string]>([
    ['/jobs', 'job.get', { jobId: '\u0000' }, 'jobId'],
    ['/jobs', 'job.cancel', { jobId: '\ud800' }, 'jobId'],
    ['/jobs', 'report.request', { sourceJobId: 'a\u0000b' }, 'sourceJobId'],
    ['/liveblog', 'liveblog.page', { slug, before: '\udfff' }, 'before'],
    ['/liveblog', 'liveblog.follow', { slug, after: '9223372036854775808' }, 'after'],
    ['/liveblog', 'post.create', { slug, body: 'a\u0000b' }, 'body'],
    ['/liveblog', 'post.update', { id: '\u0000', body: 'hi' }, 'id'],
    ['/liveblog', 'post.delete', { id: '\ud800' }, 'id'],
    ['/', 'announcement.post', { text: 'x\udfff' }, 'text'],
    ['/chat', 'room.join', { room, displayName: 'bob\ud800' }, 'displayName'],
    ['/chat', 'message.send', { room, body: 'a\u0000b' }, 'body'],
    ['/chat', 'message.history', { room, before: '9999999999999999999' }, 'before'],
    ['/chat', 'message.catchup', { room, after: '9223372036854775808' }, 'after'],
  ])('%s %s %j → invalid_input on %s', async (namespace, event, payload, field) => {
    const client = await server.connect({ namespace, headers: { cookie: staffCookie } });
    if (namespace === '/chat') expect(await client.request('room.join', { room })).toMatchObject({ ok: true });
    const answer = await client.request(event, payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: field }] } });
    client.close();
  });

  it('text with emoji (surrogate pairs) is still fine', async () => {
    const client = await server.connect({ namespace: '/chat', headers: { cookie: staffCookie } });
    expect(await client.request('room.join', { room })).toMatchObject({ ok: true });
    expect(await client.request('message.send', { room, body: 'party 🎉' })).toMatchObject({ ok: true });
    expect(await client.request('message.history', { room, before: '9223372036854775807' })).toMatchObject({
      ok: true,
      data: { messages: [expect.objectContaining({ body: 'party 🎉' })] },
    });
  });

  it('a login whose username holds NUL answers 400, not 500', async () => {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada\u0000', password: 'whatever it is' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/username/) } });
  });

  it('a dataset upload named with NUL answers 400, not 500', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const response = await fetch(`${server.url}/api/jobs/bigdata?name=a%00b`, {
      method: 'POST',
      headers: { origin: server.url, 'x-reply-token': client.replyToken, 'content-type': 'text/csv' },
      body: 'a,b\n1,2\n',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/name parameter/) } });
  });
});
