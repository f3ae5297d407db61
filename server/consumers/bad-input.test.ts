import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { groupRoom } from '../layer/rooms.ts';
import { ANNOUNCEMENTS_GROUP } from '../protocol/index.ts';
import type { SocketCommunicator } from '../testing/socket-communicator.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

// Real server, real Redis and PostgreSQL. Every bad input is sent by a STAFF
// user as an `announcement.post` wherever possible, so the only thing between
// the input and a broadcast to the announcements group is validation: a
// fresh observer per case proves that nothing was broadcast.

const run = randomBytes(4).toString('hex');
const PASSWORD = 'correct horse battery';
const MAX_MESSAGE_BYTES = 1024;

type Rejection = { code: string; message: string; issues?: { path: string }[] };

/** Logs a new user in by creating a session directly; returns the cookie header the socket presents. */
async function loginCookie(server: TestServer, label: string, isStaff: boolean): Promise<string> {
  const user = await createUser(server.db, { username: `${label}-${run}`, password: PASSWORD, isStaff });
  const { token } = await server.sessions.create(user.id);
  return `${SESSION_COOKIE}=${token}`;
}

/** The connection survived: still connected, and it still gets answers. */
async function expectAlive(client: SocketCommunicator): Promise<void> {
  expect(client.socket.connected).toBe(true);
  expect(await client.request('connection.ping', { sentAt: 42 })).toMatchObject({ ok: true, data: { sentAt: 42 } });
}

/**
 * Connects a client and waits until the server has put it in `announcements`,
 * so that its silence afterwards means something. (Joining is asynchronous on
 * the server; the spec test at the end of this file covers that gap.)
 */
async function connectObserver(server: TestServer): Promise<SocketCommunicator> {
  const observer = await server.connect();
  const rooms = server.server.io.of('/').adapter.rooms;
  for (let waited = 0; !rooms.get(groupRoom(ANNOUNCEMENTS_GROUP))?.has(observer.socket.id ?? ''); waited += 10) {
    if (waited > 2000) throw new Error('the observer never joined the announcements group');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return observer;
}

/** A nested array `depth` levels deep, as JSON text. */
const nestedJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('bad input on namespace "/"', () => {
  let server: TestServer;
  let staffCookie: string;
  let memberCookie: string;

  beforeAll(async () => {
    server = await startTestServer({ MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
    staffCookie = await loginCookie(server, 'staff', true);
    memberCookie = await loginCookie(server, 'member', false);
  });
  afterAll(async () => {
    await server.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await server.close();
  });

  const nested = (depth: number) => JSON.parse(`{"text":"hi","nested":${nestedJson(depth)}}`) as unknown;

  it.each<[string, string, unknown[], string, RegExp]>([
    ['an unknown event', 'announcement.delete', [{ text: 'hi' }], 'unknown_event', /"announcement\.delete" is not an event of namespace "\/"/],
    ['an event named like an Object.prototype member', 'toString', [{}], 'unknown_event', /"toString" is not an event of namespace "\/"/],
    ['a string instead of an object', 'announcement.post', ['hello'], 'invalid_input', /payload of "announcement\.post" is invalid: \(root\): .*expected object/],
    ['a number field given as a string', 'connection.ping', [{ sentAt: '1' }], 'invalid_input', /payload of "connection\.ping" is invalid: sentAt: .*expected number/],
    ['a string field given as a number', 'announcement.post', [{ text: 42 }], 'invalid_input', /text: .*expected string/],
    ['a missing field', 'announcement.post', [{}], 'invalid_input', /text: .*expected string, received undefined/],
    ['an empty field', 'announcement.post', [{ text: '   ' }], 'invalid_input', /text: text is empty/],
    ['an extra field (schemas are strict)', 'announcement.post', [{ text: 'hi', pinned: true }], 'invalid_input', /Unrecognized key: "pinned"/],
    ['two payload arguments', 'announcement.post', [{ text: 'a' }, { text: 'b' }], 'invalid_input', /"announcement\.post" takes one payload argument, got 2/],
    ['a binary payload (Buffer)', 'announcement.post', [Buffer.from('hi')], 'invalid_input', /payload of "announcement\.post"/],
    ['a payload over MAX_MESSAGE_BYTES', 'announcement.post', [{ text: 'x'.repeat(2000) }], 'payload_too_large', /the limit is 1024 bytes \(MAX_MESSAGE_BYTES\)/],
    ['a deeply nested object within the size limit', 'announcement.post', [nested(400)], 'invalid_input', /Unrecognized key: "nested"/],
  ])(
    '%s is answered with a clear error, by ack and as event.rejected, and the connection lives on with nothing broadcast',
    async (_name, event, args, code, message) => {
      const [sender, observer] = [await server.connect({ headers: { cookie: staffCookie } }), await connectObserver(server)];

      const answer = await sender.request(event, ...args);
      expect(answer).toEqual({ ok: false, error: expect.objectContaining({ code, message: expect.stringMatching(message) }) });
      // A helpful message is short enough to read: it names the problem, not every key of the input.
      expect((answer as { error: Rejection }).error.message.length).toBeLessThan(400);

      // Without an ack, the same error (issues included) comes back as event.rejected.
      sender.emit(event, ...args);
      expect(await sender.receive('event.rejected')).toEqual({ event, error: (answer as { error: Rejection }).error });

      await expectAlive(sender);
      await observer.receiveNothing('announcement.posted');
      expect(observer.pending()).toEqual([]);
      expect(sender.pending()).toEqual([]);
    },
  );

  it('an invalid payload names each bad field in `issues`', async () => {
    const sender = await server.connect({ headers: { cookie: staffCookie } });
    const answer = await sender.request('announcement.post', { pinned: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const paths = (answer as { error: Rejection }).error.issues?.map((i) => i.path).sort();
    expect(paths).toEqual(['(root)', 'text']);
  });

  it('a payload nested deeper than JSON.stringify can walk is refused as bad input, not an internal error', async () => {
    // 100 000 levels is ~200 kB: under Socket.IO's maxHttpBufferSize, so it reaches validation.
    const [sender, observer] = [await server.connect({ headers: { cookie: staffCookie } }), await connectObserver(server)];
    const packet = `["announcement.post",{"text":"hi","nested":${nestedJson(100_000)}}]`;

    const answer = (await sender.requestRaw(packet)) as { ok: boolean; error: Rejection };
    expect(answer.ok).toBe(false);
    expect(['invalid_input', 'payload_too_large']).toContain(answer.error.code);
    expect(answer.error.message).toMatch(/"announcement\.post"/);

    sender.emitRaw(packet);
    const rejected = await sender.receive<{ event: string; error: Rejection }>('event.rejected');
    expect(rejected.event).toBe('announcement.post');
    expect(['invalid_input', 'payload_too_large']).toContain(rejected.error.code);

    await expectAlive(sender);
    await observer.receiveNothing('announcement.posted');
    expect(observer.pending()).toEqual([]);
  });

  it('announcement.post by an anonymous client is `unauthorized` and reaches no one', async () => {
    const [anonymous, observer] = [await server.connect(), await connectObserver(server)];
    expect(await anonymous.request('announcement.post', { text: 'hi' })).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'log in as staff to post announcements' },
    });
    anonymous.emit('announcement.post', { text: 'hi' });
    expect(await anonymous.receive('event.rejected')).toMatchObject({ event: 'announcement.post', error: { code: 'unauthorized' } });
    await expectAlive(anonymous);
    await observer.receiveNothing('announcement.posted');
    expect(observer.pending()).toEqual([]);
  });

  it('announcement.post by a logged-in non-staff user is `forbidden` and reaches no one', async () => {
    const [member, observer] = [await server.connect({ headers: { cookie: memberCookie } }), await connectObserver(server)];
    expect(await member.request('session.describe', {})).toMatchObject({ ok: true, data: { user: { isStaff: false } } });
    expect(await member.request('announcement.post', { text: 'hi' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'only staff may post announcements' },
    });
    member.emit('announcement.post', { text: 'hi' });
    expect(await member.receive('event.rejected')).toMatchObject({ event: 'announcement.post', error: { code: 'forbidden' } });
    await expectAlive(member);
    await observer.receiveNothing('announcement.posted');
    expect(observer.pending()).toEqual([]);
  });

  it('a valid announcement.post by staff reaches the group (the positive control)', async () => {
    const [staff, observer] = [await server.connect({ headers: { cookie: staffCookie } }), await connectObserver(server)];
    const answer = await staff.request<{ at: string }>('announcement.post', { text: '  hello all  ' });
    expect(answer).toEqual({ ok: true, data: { at: expect.any(String) } });
    expect(await observer.receive('announcement.posted')).toEqual({ text: 'hello all', author: `staff-${run}`, at: answer.ok && answer.data.at });
    expect(await staff.receive('announcement.posted')).toMatchObject({ text: 'hello all' });
    await observer.receiveNothing('announcement.posted');
  });

  it('a client is in `announcements` as soon as it is connected (reply.assigned), so a post right after reaches it', async () => {
    const staff = await server.connect({ headers: { cookie: staffCookie } });
    const newcomer = await server.connect();
    expect(await staff.request('announcement.post', { text: 'welcome' })).toMatchObject({ ok: true });
    expect(await newcomer.receive('announcement.posted', 1000)).toMatchObject({ text: 'welcome' });
  });
});

describe('rate limit (RATE_LIMIT_PER_SECOND=5, RATE_LIMIT_BURST=5)', () => {
  let server: TestServer;
  let staffCookie: string;

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_BURST: '5' });
    staffCookie = await loginCookie(server, 'ratestaff', true);
  });
  afterAll(async () => {
    await server.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await server.close();
  });

  const pings = (client: SocketCommunicator, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => client.request('connection.ping', { sentAt: i })));

  it('the 6th rapid event is `rate_limited` (by ack), is not handled, and another client is unaffected', async () => {
    const [fast, other, observer] = [await server.connect({ headers: { cookie: staffCookie } }), await server.connect(), await connectObserver(server)];
    const [answers, sixth] = await Promise.all([pings(fast, 5), fast.request('announcement.post', { text: 'spam' })]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(sixth).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/too many events; slow down and retry in \d+ ms/), retryAfterMs: expect.any(Number) },
    });

    expect(await other.request('connection.ping', { sentAt: 7 })).toMatchObject({ ok: true, data: { sentAt: 7 } });
    await observer.receiveNothing('announcement.posted');
    expect(observer.pending()).toEqual([]);

    // Tokens refill at 5 per second: after 250 ms the same connection is served again.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expectAlive(fast);
  });

  it('without an ack the 6th rapid event comes back as event.rejected `rate_limited`, with the wait in retryAfterMs', async () => {
    const [fast, observer] = [await server.connect({ headers: { cookie: staffCookie } }), await connectObserver(server)];
    for (let i = 0; i < 5; i += 1) fast.emit('connection.ping', { sentAt: i });
    fast.emit('announcement.post', { text: 'spam' });
    expect(await fast.receive('event.rejected')).toEqual({
      event: 'announcement.post',
      error: { code: 'rate_limited', message: expect.stringMatching(/retry in \d+ ms/), retryAfterMs: expect.any(Number) },
    });
    await fast.receiveNothing('event.rejected', 100);
    await observer.receiveNothing('announcement.posted');
    expect(observer.pending()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expectAlive(fast);
  });
});
