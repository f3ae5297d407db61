import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinRoom, ok, startChatCluster } from './testing/chat-test-cluster.ts';
import type { ChatTestCluster, JoinReply } from './testing/chat-test-cluster.ts';

/**
 * Bad input and abuse: every refused event gets a clear error on its ack,
 * nothing is stored or broadcast, the connection lives on, and one client's
 * flood does not limit anyone else.
 */
describe('chat bad input and abuse', () => {
  let cluster: ChatTestCluster;
  beforeAll(async () => {
    cluster = await startChatCluster();
  });
  afterAll(async () => cluster?.close());

  const joined = async (serverIndex: number, room: string, displayName: string, visitor?: string) => {
    const client = await cluster.connect(cluster.servers[serverIndex % 2]!);
    const reply = await joinRoom(client, room, displayName, visitor);
    return { client, reply };
  };

  it.each([
    ['empty', ''],
    ['only whitespace', ' \n\t '],
    ['2,001 characters', 'x'.repeat(2001)],
  ])('refuses a %s message body: invalid_input to the sender, nothing stored or broadcast', async (_label, body) => {
    const room = cluster.room('body');
    const { client: sender } = await joined(0, room, `s-${body.length}`);
    const { client: listener } = await joined(1, room, `l-${body.length}`);
    const answer = await sender.request('message.send', { room, body });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'body' }] } });
    await listener.receiveNothing('chat.message');
    expect(await cluster.db.chatMessage.count({ where: { roomName: room } })).toBe(0);
    expect(ok(await sender.request('message.send', { room, body: 'x'.repeat(2000) }))).toMatchObject({ id: expect.any(String) });
    await cluster.db.chatMessage.deleteMany({ where: { roomName: room } });
  });

  it.each([
    ['a NUL byte', 'id-\u0000'],
    ['65 characters', 'c'.repeat(65)],
    ['a space', 'two words'],
  ])('refuses a clientId with %s as invalid_input (not an internal error), storing nothing', async (_label, clientId) => {
    const room = cluster.room('client-id');
    const { client } = await joined(0, room, `c-${clientId.length}`);
    const answer = await client.request('message.send', { room, body: 'hello', clientId });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'clientId' }] } });
    expect(await cluster.db.chatMessage.count({ where: { roomName: room } })).toBe(0);
    expect(ok(await client.request('message.send', { room, body: 'hello', clientId: 'm1-abc_DEF' }))).toMatchObject({ id: expect.any(String) });
    await cluster.db.chatMessage.deleteMany({ where: { roomName: room } });
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'a'.repeat(65)],
    ['a space', 'two words'],
    ['a slash', 'a/b'],
    ['a dot', 'chat.lobby'],
    ['markup', '<b>x</b>'],
  ])('refuses a room name with %s with a message saying what a valid name is', async (_label, room) => {
    const client = await cluster.connect(cluster.servers[0]!);
    const answer = await client.request('room.join', { room, displayName: 'ann' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'room', message: expect.stringContaining('1–64 letters') }] } });
    expect(ok(await client.request('lobby.watch', {}))).toHaveProperty('rooms'); // the connection lives on
  });

  it('asks a guest for a display name, validates it, and keeps it unique among the people in the room', async () => {
    const room = cluster.room('names');
    const client = await cluster.connect(cluster.servers[0]!);
    expect(await client.request('room.join', { room })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'displayName' }] } });
    expect(await client.request('room.join', { room, displayName: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await client.request('room.join', { room, displayName: 'n'.repeat(33) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await joined(1, room, 'Ann');
    const taken = await client.request('room.join', { room, displayName: 'ann' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('choose another') } });
    expect(ok(await client.request<JoinReply>('room.join', { room, displayName: 'Ann 2' })).presence.members.map((m) => m.name)).toEqual(['Ann', 'Ann 2']);
  });

  it('stores and broadcasts markup verbatim as text (the page renders it as text)', async () => {
    const room = cluster.room('markup');
    const { client } = await joined(0, room, 'ann');
    const body = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    ok(await client.request('message.send', { room, body }));
    expect(await client.receive('chat.message')).toMatchObject({ body });
  });

  it('rate-limits a flooding connection (rate_limited with a retry time) while another user in the room is unaffected', async () => {
    const room = cluster.room('flood');
    const { client: flooder } = await joined(0, room, 'flooder');
    const { client: calm } = await joined(1, room, 'calm');
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => flooder.request('message.send', { room, body: `flood ${i}` })));
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    // The wait travels as a number too (retryAfterMs), so a page can say when to retry without parsing the message.
    expect(refused[0]).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/retry in \d+ ms/), retryAfterMs: expect.any(Number) } });
    const stored = await cluster.db.chatMessage.count({ where: { roomName: room, authorName: 'flooder' } });
    expect(stored).toBe(answers.length - refused.length);
    expect(ok(await calm.request('message.send', { room, body: 'I can still talk' }))).toHaveProperty('id');
  });

  it('rate-limits a person across connections on both servers, though no single connection exceeded its own limit', async () => {
    const room = cluster.room('person');
    const first = await joined(0, room, 'many');
    const visitor = first.reply.you.visitor ?? undefined;
    const others = [await joined(1, room, 'many', visitor), await joined(0, room, 'many', visitor)];
    expect(others.map((o) => o.reply.you.id)).toEqual([first.reply.you.id, first.reply.you.id]);
    const tabs = [first.client, ...others.map((o) => o.client)];
    const answers = await Promise.all(tabs.flatMap((tab) => Array.from({ length: 8 }, (_, i) => tab.request('message.send', { room, body: `tab flood ${i}` }))));
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringContaining('you are sending'), retryAfterMs: expect.any(Number) } });
    }
  });

  it('refuses a forged visitor token by issuing a fresh visitor id instead', async () => {
    const room = cluster.room('forged');
    const { reply } = await joined(0, room, 'real');
    const forged = `${reply.you.id.slice(2)}.not-the-signature`;
    const { reply: other } = await joined(1, room, 'forger', forged);
    expect(other.you.id).not.toBe(reply.you.id);
    expect(other.presence.members.map((m) => m.name).sort()).toEqual(['forger', 'real']);
  });
});
