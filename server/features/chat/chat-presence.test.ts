import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, createUser } from '../../auth/index.ts';
import { loadConfig } from '../../config.ts';
import type { ChatMember } from './chat-protocol.ts';
import { joinRoom, lobbyShows, ok, presenceChange, startChatCluster } from './testing/chat-test-cluster.ts';
import type { ChatTestCluster } from './testing/chat-test-cluster.ts';
import { redisBackends } from '../../testing/redis-backends.ts';

const names = (members: ChatMember[]) => members.map((m) => m.name);
/** The servers' PRESENCE_BATCH_MS (the default). */
const BATCH_MS = loadConfig({}).chat.presenceBatchMs;
/** The servers' PRESENCE_TTL_MS: short, so the killed server's people go within 5 s (the bound is 1.25 × TTL). */
const TTL_MS = 4000;
const BOUND_MS = TTL_MS * 1.25;

/**
 * Presence: who is in a room right now, the same on every interface server;
 * a person with several tabs counts once; each arrival, departure and rename
 * reaches the room as a versioned change in a `presence.changed` (at once in
 * a quiet room), with the count (and the lobby's counts to the lobby); a
 * killed server's people disappear within the documented bound
 * (1.25 × PRESENCE_TTL_MS: 30 s by default).
 */
describe.each(redisBackends())('chat presence across interface servers ($name)', (backend) => {
  let cluster: ChatTestCluster;
  beforeAll(async () => {
    cluster = await startChatCluster({ ...backend.env, PRESENCE_TTL_MS: String(TTL_MS) });
  });
  afterAll(async () => cluster?.close());

  it('announces a join and a leave to the room, on both servers, and the lobby counts follow', async () => {
    const room = cluster.room('live');
    const lobby = await cluster.connect(cluster.servers[1]!);
    ok(await lobby.request('lobby.watch', {}));
    const ann = await cluster.connect(cluster.servers[0]!);
    const annJoined = await joinRoom(ann, room, 'ann');
    expect(annJoined.presence).toMatchObject({ count: 1, members: [{ id: annJoined.you.id, name: 'ann', verified: false }] });
    await lobbyShows(lobby, room, 1);

    const bob = await cluster.connect(cluster.servers[1]!);
    const bobJoined = await joinRoom(bob, room, 'bob');
    expect(names(bobJoined.presence.members)).toEqual(['ann', 'bob']);
    expect(bobJoined.presence.version).toBe(annJoined.presence.version + 1);
    const arrival = await presenceChange(ann, (c) => c.member.id === bobJoined.you.id);
    expect(arrival.change).toEqual({ kind: 'joined', member: { id: bobJoined.you.id, name: 'bob', verified: false }, version: bobJoined.presence.version });
    expect(arrival.event).toMatchObject({ room, count: 2, version: bobJoined.presence.version });
    const counted = await lobbyShows(lobby, room, 2);
    const watched = ok(await lobby.request<{ rooms: { room: string; count: number }[]; version: number }>('lobby.watch', {}));
    expect(watched.rooms).toContainEqual({ room, count: 2 });
    expect(watched.version).toBeGreaterThan(counted.version);

    bob.close();
    const departure = await presenceChange(ann, (c) => c.kind === 'left');
    expect(departure.change).toEqual({ kind: 'left', member: { id: bobJoined.you.id, name: 'bob', verified: false }, version: bobJoined.presence.version + 1 });
    expect(departure.event).toMatchObject({ room, count: 1, version: bobJoined.presence.version + 1 });
    await lobbyShows(lobby, room, 1);
    expect(ok(await ann.request('presence.list', { room }))).toEqual({
      members: [{ id: annJoined.you.id, name: 'ann', verified: false }],
      count: 1,
      version: bobJoined.presence.version + 1,
    });
    ok(await ann.request('room.leave', { room }));
    await lobbyShows(lobby, room, 0);
  });

  it('counts a guest with two tabs (one visitor token) once, and keeps them until their last tab leaves', async () => {
    const room = cluster.room('tabs');
    const watcher = await cluster.connect(cluster.servers[0]!);
    await joinRoom(watcher, room, 'watcher');
    const tab1 = await cluster.connect(cluster.servers[0]!);
    const first = await joinRoom(tab1, room, 'ann');
    await presenceChange(watcher, (c) => c.kind === 'joined' && c.member.name === 'ann');
    const tab2 = await cluster.connect(cluster.servers[1]!);
    const second = await joinRoom(tab2, room, 'ann', first.you.visitor ?? undefined);
    expect(second.you.id).toBe(first.you.id);
    expect(second.presence).toMatchObject({ count: 2, version: first.presence.version });

    tab1.close();
    // The person is still here (tab 2), so nothing is announced; prove it by then closing tab 2.
    tab2.close();
    const departure = await presenceChange(watcher, (c) => c.kind === 'left');
    expect(departure.change).toMatchObject({ member: { id: first.you.id }, version: first.presence.version + 1 });
    expect(departure.event.count).toBe(1);
    await watcher.receiveNothing('presence.changed', 2 * BATCH_MS);
  });

  it('announces a rename when a person comes back under another name in a second tab, and frees the old name', async () => {
    const room = cluster.room('rename');
    const watcher = await cluster.connect(cluster.servers[1]!);
    await joinRoom(watcher, room, 'watcher');
    const tab1 = await cluster.connect(cluster.servers[0]!);
    const first = await joinRoom(tab1, room, 'old name');
    await presenceChange(watcher, (c) => c.member.id === first.you.id);
    const tab2 = await cluster.connect(cluster.servers[1]!);
    await joinRoom(tab2, room, 'new name', first.you.visitor ?? undefined);
    const { change } = await presenceChange(watcher, (c) => c.kind === 'renamed');
    expect(change).toMatchObject({ member: { id: first.you.id, name: 'new name' } });
    const other = await cluster.connect(cluster.servers[0]!);
    expect(names((await joinRoom(other, room, 'Old Name')).presence.members)).toEqual(['new name', 'Old Name', 'watcher']);
  });

  it('counts a logged-in user with two tabs once, under their username, whatever display name they send', async () => {
    const room = cluster.room('user');
    const username = `chatter-${cluster.run}`;
    await createUser(cluster.db, { username, password: 'correct horse battery' });
    try {
      const login = await fetch(`${cluster.servers[0]!.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: cluster.servers[0]!.url },
        body: JSON.stringify({ username, password: 'correct horse battery' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0] ?? '';
      const tabs = [await cluster.connect(cluster.servers[0]!, { headers: { cookie } }), await cluster.connect(cluster.servers[1]!, { headers: { cookie } })];
      const first = await joinRoom(tabs[0]!, room, 'ignored');
      const second = await joinRoom(tabs[1]!, room, 'also ignored');
      expect(first.you).toMatchObject({ name: username, verified: true, visitor: null });
      expect(second.presence.members).toEqual([{ id: first.you.id, name: username, verified: true }]);
      const ack = ok(await tabs[1]!.request<{ id: string }>('message.send', { room, body: 'signed' }));
      expect(await tabs[0]!.receive('chat.message')).toMatchObject({ id: ack.id, author: username, verified: true });
    } finally {
      await cluster.db.user.deleteMany({ where: { username } });
    }
  });

  it('shows typing to the others in the room and to nobody in another room', async () => {
    const [room, other] = [cluster.room('typing'), cluster.room('typing-other')];
    const typist = await cluster.connect(cluster.servers[0]!);
    const reader = await cluster.connect(cluster.servers[1]!);
    const outsider = await cluster.connect(cluster.servers[1]!);
    const me = await joinRoom(typist, room, 'typist');
    await joinRoom(reader, room, 'reader');
    await joinRoom(outsider, other, 'outsider');
    ok(await typist.request('typing.start', { room }));
    expect(await reader.receive('typing.started')).toEqual({ room, member: { id: me.you.id, name: 'typist', verified: false } });
    await outsider.receiveNothing('typing.started');
  });

  it(
    'drops the people of a SIGKILLed server within the bound and tells the room',
    async () => {
      const room = cluster.room('killed');
      const doomed = await cluster.spawn();
      const watcher = await cluster.connect(cluster.servers[0]!);
      await joinRoom(watcher, room, 'watcher');
      const victim = await cluster.connect(doomed);
      const joined = await joinRoom(victim, room, 'victim');
      await presenceChange(watcher, (c) => c.kind === 'joined' && c.member.name === 'victim');

      await doomed.stop('SIGKILL');
      const after = await presenceChange(watcher, (c) => c.kind === 'left', BOUND_MS + 5000);
      expect(after.change).toMatchObject({ member: { id: joined.you.id, name: 'victim' } });
      expect(after.event.count).toBe(1);
      const fresh = await cluster.connect(cluster.servers[1]!);
      expect(names((await joinRoom(fresh, room, 'fresh')).presence.members)).toEqual(['fresh', 'watcher']);
    },
    BOUND_MS + 30_000,
  );
});
