import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../prisma/client.ts';
import { createUser, SESSION_COOKIE } from './auth/index.ts';
import { loadConfig } from './config.ts';
import type { ChannelLayer } from './layer/channel-layer.ts';
import { createRedisLayer } from './layer/redis-layer.ts';
import { SocketCommunicator } from './testing/socket-communicator.ts';
import type { ConnectOptions } from './testing/socket-communicator.ts';
import { spawnServer } from './testing/spawn-server.ts';
import type { ServerProcess } from './testing/spawn-server.ts';
import { testDatabaseUrl } from './testing/test-database.ts';
import { testEnv, uniquePrefix } from './testing/test-server.ts';
import { app } from './features/index.ts';

/**
 * Scale-out: "every layer operation across two interface server processes on
 * two ports plus a third process using the emitter". Two spawned servers share
 * one REDIS_PREFIX; this test process is the third process, publishing through
 * the Redis emitter the way workers and scripts do. Two servers must behave
 * exactly like one.
 */
describe('two interface server processes and an emitter process', () => {
  const run = randomBytes(4).toString('hex');
  const prefix = uniquePrefix();
  const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  const clients: SocketCommunicator[] = [];
  let one: ServerProcess;
  let two: ServerProcess;
  let emitter: ChannelLayer;

  beforeAll(async () => {
    [one, two] = await Promise.all([spawnServer({ env: testEnv({ REDIS_PREFIX: prefix }) }), spawnServer({ env: testEnv({ REDIS_PREFIX: prefix }) })]);
    const config = loadConfig(testEnv({ REDIS_PREFIX: prefix }));
    emitter = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await emitter?.close();
    await Promise.all([one?.stop(), two?.stop()]);
    await db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await db.$disconnect();
  });

  const connect = async (server: ServerProcess, options?: ConnectOptions) => {
    const client = await SocketCommunicator.connect(server.url, options);
    clients.push(client);
    return client;
  };
  const group = (label: string) => `scale.${run}-${label}`;
  /**
   * Lets new connections finish attaching: the server sends reply.assigned
   * before it has joined the client to its groups and replayed its buffer, so
   * a message sent at once can be missed or arrive twice. That gap has its own
   * spec in consumers/bad-input.test.ts; here the subject is crossing processes.
   */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('runs on two ports with one shared prefix', () => {
    expect(one.url).not.toBe(two.url);
  });

  it('groupAdd from the emitter puts clients of both servers in the group, and groupSend reaches both', async () => {
    const [a, b, outsider] = [await connect(one), await connect(two), await connect(two)];
    await emitter.groupAdd(group('both'), a.replyChannel);
    await emitter.groupAdd(group('both'), b.replyChannel);
    await emitter.groupSend(group('both'), 'notice.posted', { text: 'to both' });
    expect(await a.receive('notice.posted')).toEqual({ text: 'to both', level: 'info' });
    expect(await b.receive('notice.posted')).toEqual({ text: 'to both', level: 'info' });
    await outsider.receiveNothing('notice.posted');
    await a.receiveNothing('notice.posted'); // exactly once, although the message crossed two servers
    await b.receiveNothing('notice.posted');
  });

  it('groupDiscard of B (on server 2) from the emitter: groupSend then reaches only A (on server 1)', async () => {
    const [a, b] = [await connect(one), await connect(two)];
    for (const client of [a, b]) await emitter.groupAdd(group('discard'), client.replyChannel);
    await emitter.groupDiscard(group('discard'), b.replyChannel);
    await emitter.groupSend(group('discard'), 'notice.posted', { text: 'only A' });
    expect(await a.receive('notice.posted')).toMatchObject({ text: 'only A' });
    await b.receiveNothing('notice.posted');
  });

  it('send to B’s reply channel reaches only B, numbered', async () => {
    const [a, b] = [await connect(one), await connect(two)];
    await settle();
    await emitter.send(b.replyChannel, 'notice.posted', { text: 'for B' });
    expect(await b.receive('reply.message')).toEqual({ seq: 1, epoch: expect.any(String), event: 'notice.posted', payload: { text: 'for B', level: 'info' }, sentAt: expect.any(Number) });
    await a.receiveNothing('reply.message');
    await b.receiveNothing('reply.message');
  });

  it('B moves from server 2 to server 1 with its token: same reply channel, same groups, and it gets what was sent while away', async () => {
    const b = await connect(two);
    await emitter.groupAdd(group('moves'), b.replyChannel);
    await emitter.send(b.replyChannel, 'notice.posted', { text: 'before' });
    expect(await b.receive('reply.message')).toMatchObject({ seq: 1 });
    b.close();
    await emitter.send(b.replyChannel, 'notice.posted', { text: 'while away' });

    const back = await connect(one, { auth: { reply: b.replyToken, lastSeq: 1, epoch: b.epoch } });
    expect(back.replyChannel).toBe(b.replyChannel);
    expect(await back.receive('reply.message')).toEqual({ seq: 2, epoch: expect.any(String), event: 'notice.posted', payload: { text: 'while away', level: 'info' } });
    await emitter.groupSend(group('moves'), 'notice.posted', { text: 'group, after the move' });
    expect(await back.receive('notice.posted')).toMatchObject({ text: 'group, after the move' });
    await emitter.send(back.replyChannel, 'notice.posted', { text: 'after the move' });
    expect(await back.receive('reply.message')).toMatchObject({ seq: 3, payload: { text: 'after the move' } });
    await back.receiveNothing('reply.message');
    await back.receiveNothing('notice.posted');
  });

  it('a staff user’s announcement.post on server 1 reaches an announcements member on server 2', async () => {
    await createUser(db, { username: `staff-${run}`, password: 'correct horse battery', isStaff: true });
    const login = await fetch(`${one.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: one.url },
      body: JSON.stringify({ username: `staff-${run}`, password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);

    const staff = await connect(one, { headers: { cookie } });
    const member = await connect(two);
    await settle();
    const answer = await staff.request<{ at: string }>('announcement.post', { text: 'hello, both servers' });
    expect(answer).toEqual({ ok: true, data: { at: expect.any(String) } });
    const posted = { text: 'hello, both servers', author: `staff-${run}`, at: answer.ok ? answer.data.at : '' };
    expect(await member.receive('announcement.posted')).toEqual(posted);
    expect(await staff.receive('announcement.posted')).toEqual(posted);
    await member.receiveNothing('announcement.posted');
  });
});
