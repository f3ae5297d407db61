import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, createUser } from '../auth/index.ts';
import { PRESENCE_SWEEP_MS, PRESENCE_TTL_MS } from '../protocol/chat.ts';
import type { ChatMember } from '../protocol/chat.ts';
import { joinRoom, ok, startChatCluster } from './chat-test-cluster.ts';
import type { ChatTestCluster } from './chat-test-cluster.ts';

type Change = { room: string; members: ChatMember[] };
const names = (members: ChatMember[]) => members.map((m) => m.name);

/**
 * Presence: who is in a room right now, the same on every interface server;
 * a person with several tabs counts once; joins and leaves are announced to
 * the room (and counts to the lobby); a killed server's people disappear
 * within the documented bound (PRESENCE_TTL_MS + PRESENCE_SWEEP_MS ≤ 30 s).
 */
describe('chat presence across interface servers', () => {
  let cluster: ChatTestCluster;
  beforeAll(async () => {
    cluster = await startChatCluster();
  });
  afterAll(async () => cluster?.close());


  it('announces a join and a leave to the room, on both servers, and the lobby counts follow', async () => {
    const room = cluster.room('live');
    const lobby = await cluster.connect(cluster.servers[1]!);
    ok(await lobby.request('lobby.watch', {}));
    const ann = await cluster.connect(cluster.servers[0]!);
    expect(names((await joinRoom(ann, room, 'ann')).members)).toEqual(['ann']);
    expect(await lobby.receive('lobby.changed')).toEqual({ room, count: 1 });

    const bob = await cluster.connect(cluster.servers[1]!);
    expect(names((await joinRoom(bob, room, 'bob')).members)).toEqual(['ann', 'bob']);
    expect(names((await ann.receive<Change>('presence.changed')).members)).toEqual(['ann', 'bob']);
    expect(await lobby.receive('lobby.changed')).toEqual({ room, count: 2 });
    const rooms = ok(await lobby.request<{ rooms: { room: string; count: number }[] }>('lobby.watch', {})).rooms;
    expect(rooms).toContainEqual({ room, count: 2 });

    bob.close();
    expect(names((await ann.receive<Change>('presence.changed')).members)).toEqual(['ann']);
    expect(await lobby.receive('lobby.changed')).toEqual({ room, count: 1 });
    ok(await ann.request('room.leave', { room }));
    expect(await lobby.receive('lobby.changed')).toEqual({ room, count: 0 });
  });

  it('counts a guest with two tabs (one visitor token) once, and keeps them until their last tab leaves', async () => {
    const room = cluster.room('tabs');
    const watcher = await cluster.connect(cluster.servers[0]!);
    await joinRoom(watcher, room, 'watcher');
    const tab1 = await cluster.connect(cluster.servers[0]!);
    const first = await joinRoom(tab1, room, 'ann');
    expect(names((await watcher.receive<Change>('presence.changed')).members)).toEqual(['ann', 'watcher']);
    const tab2 = await cluster.connect(cluster.servers[1]!);
    const second = await joinRoom(tab2, room, 'ann', first.you.visitor ?? undefined);
    expect(second.you.id).toBe(first.you.id);
    expect(names(second.members)).toEqual(['ann', 'watcher']);

    tab1.close();
    // The person is still here (tab 2), so the list does not change; prove it by then closing tab 2.
    tab2.close();
    expect(names((await watcher.receive<Change>('presence.changed')).members)).toEqual(['watcher']);
    await watcher.receiveNothing('presence.changed');
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
      expect(second.members).toEqual([{ id: first.you.id, name: username, verified: true }]);
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
      await joinRoom(victim, room, 'victim');
      expect(names((await watcher.receive<Change>('presence.changed')).members)).toEqual(['victim', 'watcher']);

      await doomed.stop('SIGKILL');
      const after = await watcher.receive<Change>('presence.changed', PRESENCE_TTL_MS + 2 * PRESENCE_SWEEP_MS + 5000);
      expect(names(after.members)).toEqual(['watcher']);
      const fresh = await cluster.connect(cluster.servers[1]!);
      expect(names((await joinRoom(fresh, room, 'fresh')).members)).toEqual(['fresh', 'watcher']);
    },
    PRESENCE_TTL_MS + 2 * PRESENCE_SWEEP_MS + 30_000,
  );
});
