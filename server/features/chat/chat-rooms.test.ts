import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNREAD_COUNT_MAX, UNREAD_ROOMS_MAX } from './chat-protocol.ts';
import type { ChatMessage } from './chat-protocol.ts';
import { createMessageWriter } from './message-writer.ts';
import { joinRoom, ok, startChatCluster } from './testing/chat-test-cluster.ts';
import type { ChatTestCluster, JoinReply } from './testing/chat-test-cluster.ts';
import { redisBackends } from '../../testing/redis-backends.ts';

/**
 * Chat rooms across two interface server processes: a room is a group; a
 * message posted in a room reaches everyone in that room, on either server,
 * and nobody else; it is stored before it is broadcast; a joiner gets the last
 * 50 messages and can page back; a reconnecting client catches up by id.
 */
describe.each(redisBackends())('chat rooms across two interface servers ($name)', (backend) => {
  let cluster: ChatTestCluster;
  beforeAll(async () => {
    cluster = await startChatCluster(backend.env);
  });
  afterAll(async () => cluster?.close());

  const guest = async (serverIndex: number, room: string, name: string) => {
    const client = await cluster.connect(cluster.servers[serverIndex % 2]!);
    const joined = await joinRoom(client, room, name);
    return { client, joined };
  };

  it('delivers a message to everyone in the room on both servers, exactly once, and to nobody in another room', async () => {
    const [room, other] = [cluster.room('iso'), cluster.room('iso-other')];
    const { client: ann } = await guest(0, room, 'ann');
    const { client: bob } = await guest(1, room, 'bob');
    const { client: cid } = await guest(1, other, 'cid');
    const { client: dee } = await guest(0, other, 'dee');

    const ack = ok(await ann.request<{ id: string; seq: string; at: string }>('message.send', { room, body: 'hello room', clientId: 'c-1' }));
    const expected = { room, id: ack.id, seq: '1', at: ack.at, author: 'ann', verified: false, body: 'hello room', clientId: 'c-1' };
    expect(await bob.receive('chat.message')).toEqual(expected);
    expect(await ann.receive('chat.message')).toEqual(expected);
    await cid.receiveNothing('chat.message');
    await dee.receiveNothing('chat.message');
    await bob.receiveNothing('chat.message');
    await ann.receiveNothing('chat.message');
  });

  it('stores a resent message once: the same clientId acks with the original id and time, and nobody sees a second message', async () => {
    const room = cluster.room('resend');
    const { client: ann, joined } = await guest(0, room, 'ann');
    const { client: bob } = await guest(1, room, 'bob');
    const first = ok(await ann.request<{ id: string; seq: string; at: string }>('message.send', { room, body: 'only once', clientId: 'c-resend' }));
    const original = await bob.receive<ChatMessage>('chat.message');
    // The sender did not get its ack (say the broadcast failed) and sends again, through the other server.
    const again = await cluster.connect(cluster.servers[1]!);
    await joinRoom(again, room, 'ann', joined.you.visitor ?? undefined);
    const second = ok(await again.request<{ id: string; seq: string; at: string }>('message.send', { room, body: 'only once', clientId: 'c-resend' }));
    expect(second).toEqual(first);
    expect(await cluster.db.chatMessage.count({ where: { roomName: room } })).toBe(1);
    // A copy of the same message may be delivered again (same id: the page merges it); never a new message.
    ok(await bob.request('message.send', { room, body: 'marker' }));
    const seen: ChatMessage[] = [original];
    for (let m = await bob.receive<ChatMessage>('chat.message'); m.body !== 'marker'; m = await bob.receive<ChatMessage>('chat.message')) seen.push(m);
    expect(new Set(seen.map((m) => m.id))).toEqual(new Set([first.id]));
    // Another person's message with the same clientId is their own.
    const other = ok(await bob.request<{ id: string }>('message.send', { room, body: 'mine', clientId: 'c-resend' }));
    expect(other.id).not.toBe(first.id);
  });

  it('lets many people join a new room at the same moment, on both servers (the room is created once)', async () => {
    const room = cluster.room('rush');
    const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => cluster.connect(cluster.servers[i % 2]!)));
    const answers = await Promise.all(clients.map((client, i) => client.request<JoinReply>('room.join', { room, displayName: `p${i}` })));
    for (const answer of answers) expect(answer).toMatchObject({ ok: true });
    expect(await cluster.db.chatRoom.count({ where: { name: room } })).toBe(1);
  });

  it('acks with the stored message’s id (a decimal string) and timestamp, after storing it', async () => {
    const room = cluster.room('ack');
    const { client } = await guest(1, room, 'ann');
    const ack = ok(await client.request<{ id: string; seq: string; at: string }>('message.send', { room, body: '  spaced out  ' }));
    expect(ack.id).toMatch(/^[0-9]+$/);
    expect(ack.seq).toBe('1');
    expect(new Date(ack.at).toISOString()).toBe(ack.at);
    const row = await cluster.db.chatMessage.findUnique({ where: { id: BigInt(ack.id) } });
    expect(row).toMatchObject({ roomName: room, authorName: 'ann', body: 'spaced out', userId: null });
    expect(row?.createdAt.toISOString()).toBe(ack.at);
  });

  it('refuses every room-scoped event for a room this connection has not joined, and crafted group names do nothing', async () => {
    const [room, mine] = [cluster.room('guarded'), cluster.room('mine')];
    const { client: member } = await guest(0, room, 'member');
    const { client: intruder } = await guest(1, mine, 'intruder');
    for (const [event, payload] of [
      ['message.send', { room, body: 'let me in' }],
      ['typing.start', { room }],
      ['message.history', { room, before: '999999999' }],
      ['message.catchup', { room, after: '0' }],
    ] as const) {
      const answer = await intruder.request(event, payload);
      expect(answer, event).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const crafted = await intruder.request('room.join', { room: `chat.room.${room}`, displayName: 'x' });
    expect(crafted).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const groupField = await intruder.request('room.join', { room: mine, displayName: 'intruder', group: `chat.room.${room}` });
    expect(groupField).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    ok(await member.request('message.send', { room, body: 'members only' }));
    expect(await member.receive('chat.message')).toMatchObject({ body: 'members only' });
    await intruder.receiveNothing('chat.message');
    expect(await cluster.db.chatMessage.count({ where: { roomName: room, body: 'let me in' } })).toBe(0);
  });

  it('stops delivering a room to a connection that left it', async () => {
    const room = cluster.room('leave');
    const { client: stay } = await guest(0, room, 'stay');
    const { client: go } = await guest(1, room, 'go');
    expect(ok(await go.request('room.leave', { room }))).toEqual({ left: true });
    expect(await go.request('message.send', { room, body: 'after leaving' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ok(await stay.request('message.send', { room, body: 'still here' }));
    expect(await stay.receive('chat.message')).toMatchObject({ body: 'still here' });
    await go.receiveNothing('chat.message');
  });

  it('gives a joiner the last 50 messages oldest first, and pages back through the rest', async () => {
    const room = cluster.room('history');
    await cluster.db.chatRoom.create({ data: { name: room } });
    const writer = createMessageWriter(cluster.db);
    for (let i = 1; i <= 55; i++) await writer.write({ room, userId: null, person: 'v:seed', authorName: 'seed', body: `m${i}`, clientId: null });
    const { joined } = await guest(1, room, 'reader');
    expect(joined.history.map((m) => m.body)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 6}`));
    expect(joined.hasOlder).toBe(true);
    const reader = await cluster.connect(cluster.servers[0]!);
    await joinRoom(reader, room, 'reader2');
    const older = ok(await reader.request<{ messages: ChatMessage[]; hasOlder: boolean }>('message.history', { room, before: joined.history[0]!.seq }));
    expect(older.messages.map((m) => m.body)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(older.hasOlder).toBe(false);
  });

  it('counts unread messages after the seq a visitor last saw, in rooms it has not joined, up to the cap; unknown rooms count 0', async () => {
    const [busy, quiet, flood, nowhere] = [cluster.room('unread'), cluster.room('unread-quiet'), cluster.room('unread-flood'), cluster.room('unread-none')];
    const writer = createMessageWriter(cluster.db);
    const say = async (room: string, times: number) => {
      await cluster.db.chatRoom.upsert({ where: { name: room }, create: { name: room }, update: {} });
      for (let i = 1; i <= times; i++) await writer.write({ room, userId: null, person: 'v:seed', authorName: 'seed', body: `m${i}`, clientId: null });
    };
    await say(busy, 5);
    await say(quiet, 2);
    await say(flood, UNREAD_COUNT_MAX + 5);
    const visitor = await cluster.connect(cluster.servers[0]!);
    const counts = ok(
      await visitor.request<{ rooms: { room: string; unread: number }[] }>('rooms.unread', {
        rooms: [
          { room: busy, after: '2' },
          { room: quiet, after: '2' },
          { room: flood, after: '0' },
          { room: nowhere, after: '7' },
        ],
      }),
    );
    expect(counts.rooms).toEqual([
      { room: busy, unread: 3 },
      { room: quiet, unread: 0 },
      { room: flood, unread: UNREAD_COUNT_MAX },
      { room: nowhere, unread: 0 },
    ]);
    const tooMany = Array.from({ length: UNREAD_ROOMS_MAX + 1 }, (_, i) => ({ room: `r${i}`, after: '0' }));
    expect(await visitor.request('rooms.unread', { rooms: tooMany })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('catches a reconnecting client up on every message it missed, in order, without duplicates', async () => {
    const room = cluster.room('catchup');
    const { client: talker } = await guest(0, room, 'talker');
    const { client: away, joined } = await guest(1, room, 'away');
    ok(await talker.request('message.send', { room, body: 'before' }));
    const seen = await away.receive<ChatMessage>('chat.message');
    away.close();
    for (const body of ['missed 1', 'missed 2', 'missed 3']) ok(await talker.request('message.send', { room, body }));

    const back = await cluster.connect(cluster.servers[0]!, { auth: { reply: away.replyToken } });
    const rejoined = await joinRoom(back, room, 'away', joined.you.visitor ?? undefined);
    const caught = ok(await back.request<{ messages: ChatMessage[]; hasMore: boolean }>('message.catchup', { room, after: seen.seq }));
    expect(caught.messages.map((m) => m.body)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    expect(caught.hasMore).toBe(false);
    expect(caught.messages.map((m) => BigInt(m.seq))).toEqual([1n, 2n, 3n].map((n) => BigInt(seen.seq) + n));
    expect(rejoined.history.map((m) => m.body).slice(-4)).toEqual(['before', 'missed 1', 'missed 2', 'missed 3']);
  });

  it('a reloaded tab (same reply channel) is in no room until it joins again: no stale room traffic', async () => {
    const [first, second] = [cluster.room('reload-a'), cluster.room('reload-b')];
    const { client: tab } = await guest(0, first, 'tab');
    const { client: talker } = await guest(1, first, 'talker');
    tab.close();
    const reloaded = await cluster.connect(cluster.servers[1]!, { auth: { reply: tab.replyToken } });
    expect(reloaded.replyChannel).toBe(tab.replyChannel);
    await joinRoom(reloaded, second, 'tab');
    ok(await talker.request('message.send', { room: first, body: 'for the first room' }));
    expect(await talker.receive('chat.message')).toMatchObject({ body: 'for the first room' });
    await reloaded.receiveNothing('chat.message');
  });
});
