import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, createUser } from '../../auth/index.ts';
import { joinRoom, ok, presenceChange, startChatCluster } from '../../testing/chat-test-cluster.ts';
import type { ChatTestCluster, JoinReply } from '../../testing/chat-test-cluster.ts';

/**
 * Names in chat rooms: names that look alike (case, Unicode compatibility
 * forms, confusable characters, invisible characters) are one name; a guest
 * can never take a registered user's username or a lookalike of it; and a
 * signed-in user is never refused their own name because a guest holds it.
 */
describe('chat names', () => {
  let cluster: ChatTestCluster;
  const users: string[] = [];
  beforeAll(async () => {
    cluster = await startChatCluster();
  });
  afterAll(async () => {
    await cluster?.db.user.deleteMany({ where: { username: { in: users } } });
    await cluster?.close();
  });

  const register = async (username: string) => {
    users.push(username);
    await createUser(cluster.db, { username, password: 'correct horse battery' });
  };
  const signedIn = async (username: string, serverIndex: number) => {
    const server = cluster.servers[serverIndex]!;
    const login = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username, password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0] ?? '';
    return cluster.connect(server, { headers: { cookie } });
  };
  const guestJoin = async (room: string, displayName: string, serverIndex = 0) =>
    (await cluster.connect(cluster.servers[serverIndex]!)).request<JoinReply>('room.join', { room, displayName });

  it.each([
    ['upper case', 'ANNA', 1],
    ['a Cyrillic а', 'аnnа', 2],
    ['fullwidth letters', 'ａｎｎａ', 3],
    ['a zero-width space', 'an\u200bna', 4],
    ['rn for m', 'ernrna', 5],
  ])('refuses a guest a name that looks like a present guest’s (%s)', async (_label, lookalike, n) => {
    const room = cluster.room(`alike-${n}`);
    await joinRoom(await cluster.connect(cluster.servers[0]!), room, lookalike === 'ernrna' ? 'emma' : 'anna');
    expect(await guestJoin(room, lookalike, 1)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('choose another') } });
  });

  it('refuses a guest a display name made only of invisible characters', async () => {
    expect(await guestJoin(cluster.room('invisible'), '\u200b\u200d')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a guest a registered username, or a lookalike of it, even in an empty room, and says to log in', async () => {
    const username = `Moderator-${cluster.run}`;
    await register(username);
    const room = cluster.room('reserved');
    for (const name of [username, username.toLowerCase(), username.replace('o', 'о').replace('M', 'Ｍ'), username.replace('d', 'd\u200b')]) {
      expect(await guestJoin(room, name)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('log in if it is yours') } });
    }
    expect(ok(await guestJoin(room, `Moderator ${cluster.run}`)).you.name).toBe(`Moderator ${cluster.run}`);
  });

  it('never refuses a signed-in user their own name because a guest holds it, and shows who is signed in', async () => {
    const username = `carol-${cluster.run}`;
    const room = cluster.room('mine');
    const guest = await cluster.connect(cluster.servers[0]!);
    const early = await joinRoom(guest, room, username); // before carol registered
    await register(username);
    const carol = await signedIn(username, 1);
    const joined = ok(await carol.request<JoinReply>('room.join', { room }));
    expect(joined.you).toMatchObject({ name: username, verified: true });
    expect(joined.presence.members).toEqual(
      expect.arrayContaining([
        { id: early.you.id, name: username, verified: false },
        { id: joined.you.id, name: username, verified: true },
      ]),
    );
    expect((await presenceChange(guest, (c) => c.member.id === joined.you.id)).change).toMatchObject({ kind: 'joined', member: { verified: true } });
    const ack = ok(await carol.request<{ id: string }>('message.send', { room, body: 'it is me' }));
    expect(await guest.receive('chat.message')).toMatchObject({ id: ack.id, author: username, verified: true });
    // Once the guest is gone, no other guest takes the name.
    guest.close();
    expect(await guestJoin(room, username.toUpperCase())).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
