import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from '../bench/lib/redis-cleanup.ts';
import { createUser, SESSION_COOKIE } from './auth/index.ts';
import type { SocketCommunicator } from './testing/socket-communicator.ts';
import { startTestServer, uniquePrefix } from './testing/test-server.ts';
import type { TestServer } from './testing/test-server.ts';

const run = randomBytes(4).toString('hex');
const RECHECK_SECONDS = 1;

/** Resolves with the reason once the client's socket is disconnected; rejects after `ms`. */
function disconnected(client: SocketCommunicator, ms = 5000): Promise<string> {
  if (!client.socket.connected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    client.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** A staff user with a session on `server`; its cookie header. */
async function newStaffSession(server: TestServer, label: string) {
  const user = await createUser(server.db, { username: `${label}-${run}`, password: 'correct horse battery', isStaff: true });
  const { token } = await server.sessions.create(user.id);
  return { user, token, cookie: `${SESSION_COOKIE}=${token}` };
}

/** Posts an announcement: staff only. */
const announce = (client: SocketCommunicator) => client.request('announcement.post', { text: 'staff only' });

/**
 * Two interface servers on one Redis prefix, started before the describe's
 * tests and stopped after them (with the users this file made).
 */
function twoServers(recheckSeconds: string): { one: () => TestServer; two: () => TestServer } {
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    const shared = { REDIS_PREFIX: uniquePrefix(), SESSION_RECHECK_SECONDS: recheckSeconds };
    [one, two] = [await startTestServer(shared), await startTestServer(shared)];
  });
  afterAll(async () => {
    await one.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await Promise.all([one.close(), two.close()]);
    await deleteKeys(one.config.redisUrl, one.config.redisPrefix);
  });
  return { one: () => one, two: () => two };
}

/**
 * Rights are not read once at the handshake: a socket's session is revoked
 * live. Logout disconnects the session's sockets at once on every interface
 * server and retires its reply token; expiry, demotion and deletion are
 * noticed by each server's periodic re-check (SESSION_RECHECK_SECONDS), one
 * query per server, not a timer per socket.
 */
describe(`expiry, demotion and deletion (two servers, SESSION_RECHECK_SECONDS=${RECHECK_SECONDS})`, () => {
  const servers = twoServers(String(RECHECK_SECONDS));
  const staffSession = (label: string) => newStaffSession(servers.one(), label);

  it('a staff demotion stops staff-only writes within the re-check bound', async () => {
    const { user, cookie } = await staffSession('demoted');
    const client = await servers.two().connect({ headers: { cookie } });
    expect(await announce(client)).toMatchObject({ ok: true });
    const gone = disconnected(client, (RECHECK_SECONDS + 3) * 1000);
    await servers.one().db.user.update({ where: { id: user.id }, data: { isStaff: false } });
    await gone;
    const again = await servers.two().connect({ headers: { cookie } });
    expect(await announce(again)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('an expired session’s sockets are disconnected within the re-check bound', async () => {
    const { user, cookie } = await staffSession('expired');
    const client = await servers.one().connect({ headers: { cookie } });
    const gone = disconnected(client, (RECHECK_SECONDS + 3) * 1000);
    await servers.one().db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await gone;
  });

  it('a deleted user’s sockets are disconnected within the re-check bound; others stay', async () => {
    const [doomed, bystander] = [await staffSession('deleted'), await staffSession('bystander')];
    const [client, other] = [await servers.one().connect({ headers: { cookie: doomed.cookie } }), await servers.one().connect({ headers: { cookie: bystander.cookie } })];
    const gone = disconnected(client, (RECHECK_SECONDS + 3) * 1000);
    await servers.one().db.user.delete({ where: { id: doomed.user.id } });
    await gone;
    expect(other.socket.connected).toBe(true);
    expect(await announce(other)).toMatchObject({ ok: true });
  });
});

describe('logout, on two servers that re-check sessions only hourly (SESSION_RECHECK_SECONDS=3600)', () => {
  const servers = twoServers('3600');
  const staffSession = (label: string) => newStaffSession(servers.one(), label);

  it('logout disconnects the session’s sockets on every server at once; they come back anonymous', async () => {
    const { cookie } = await staffSession('logout');
    const [here, there] = [await servers.one().connect({ headers: { cookie } }), await servers.two().connect({ headers: { cookie } })];
    expect(await announce(there)).toMatchObject({ ok: true });
    const gone = [disconnected(here, 2000), disconnected(there, 2000)];
    const answer = await fetch(`${servers.one().url}/api/session`, { method: 'DELETE', headers: { cookie, origin: servers.one().url } });
    expect(answer.status).toBe(200);
    await Promise.all(gone);
    const again = await servers.two().connect({ headers: { cookie } });
    expect(await again.request('session.describe', {})).toMatchObject({ ok: true, data: { user: null } });
    expect(await announce(again)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('logout retires the reply token: presenting it afterwards gets a fresh reply channel', async () => {
    const { cookie } = await staffSession('token');
    const first = await servers.one().connect({ headers: { cookie } });
    const back = await servers.one().connect({ headers: { cookie }, auth: { reply: first.replyToken } });
    expect(back.replyChannel).toBe(first.replyChannel); // the same session keeps its channel
    await fetch(`${servers.one().url}/api/session`, { method: 'DELETE', headers: { cookie, origin: servers.one().url } });
    const stale = await servers.two().connect({ headers: { cookie }, auth: { reply: first.replyToken } });
    expect(stale.replyChannel).not.toBe(first.replyChannel);
    const anonymous = await servers.two().connect({ auth: { reply: first.replyToken } });
    expect(anonymous.replyChannel).not.toBe(first.replyChannel);
  });

});
