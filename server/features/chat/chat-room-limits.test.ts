import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceChanged } from './chat-protocol.ts';
import { joinRoom, ok, presenceChange, startChatCluster } from '../../testing/chat-test-cluster.ts';
import type { ChatTestCluster } from '../../testing/chat-test-cluster.ts';

/**
 * Limits that keep one client from hurting a room or the servers: a room can
 * grow past what one message could list (its presence goes out as counts once
 * it outgrows a member list, and a joiner gets a capped list with the count); a connection is
 * in a bounded number of rooms; an address creates a bounded number of rooms
 * per hour; the lobby lists a bounded number of rooms; and a person who
 * disconnects leaves every room they were in.
 */
describe('chat room limits', () => {
  let cluster: ChatTestCluster;
  beforeAll(async () => {
    cluster = await startChatCluster({
      // Small enough that the whole member list of the big room below would not fit in one message.
      MAX_MESSAGE_BYTES: '1024',
      CHAT_MEMBER_LIST_MAX: '5',
      CHAT_ROOMS_PER_CONNECTION: '3',
      CHAT_ROOMS_CREATED_PER_HOUR: '12',
      CHAT_LOBBY_ROOMS_MAX: '2',
    });
  });
  afterAll(async () => cluster?.close());
  const existingRooms = (names: string[]) => cluster.db.chatRoom.createMany({ data: names.map((name) => ({ name })) });

  it('lets a room grow past what one message could list: every join succeeds, and past a member list the room hears counts only', async () => {
    const room = cluster.room('big');
    const watcher = await cluster.connect(cluster.servers[0]!);
    const first = await joinRoom(watcher, room, 'watcher');
    const people = Array.from({ length: 30 }, (_, i) => `guest ${String(i).padStart(2, '0')} `.padEnd(32, 'x'));
    for (const [i, name] of people.entries()) await joinRoom(await cluster.connect(cluster.servers[i % 2]!), room, name);

    const events: PresenceChanged[] = [];
    while (!events.some((e) => e.count === 31)) events.push(await watcher.receive<PresenceChanged>('presence.changed'));
    // Names go out only in events of a room that fits a member list (5): some of the first four arrivals, each once.
    for (const event of events) if (event.count > 5) expect(event).toEqual({ room, count: event.count, version: event.version });
    const listed = events.flatMap((e) => e.changes ?? []).filter((c) => c.version > first.presence.version);
    expect(people.slice(0, 4)).toEqual(expect.arrayContaining(listed.map((c) => c.member.name)));
    expect(new Set(listed.map((c) => c.version)).size).toBe(listed.length);
    expect(Math.max(...events.map((e) => e.version))).toBe(first.presence.version + 30);

    const late = await joinRoom(await cluster.connect(cluster.servers[1]!), room, 'late');
    expect(late.presence.count).toBe(32);
    expect(late.presence.members).toHaveLength(5);
    const snapshot = ok(await watcher.request<{ members: unknown[]; count: number }>('presence.list', { room }));
    expect(snapshot).toMatchObject({ count: 32, members: expect.any(Array) });
    expect(snapshot.members).toHaveLength(5);
  });

  it('keeps a connection in at most CHAT_ROOMS_PER_CONNECTION rooms, says so, and frees a place when it leaves one', async () => {
    const client = await cluster.connect(cluster.servers[1]!);
    const rooms = ['a', 'b', 'c', 'd'].map((label) => cluster.room(`many-${label}`));
    const answers = await Promise.all(rooms.map((room) => client.request('room.join', { room, displayName: 'hopper' })));
    expect(answers.filter((a) => a.ok)).toHaveLength(3);
    const refused = answers.find((a) => !a.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('leave one before joining another') } });
    const out = rooms[answers.indexOf(refused!)]!;
    expect(await cluster.db.chatRoom.count({ where: { name: out } })).toBe(0);
    // Joining a room it is already in again is no new room.
    const inside = rooms.find((r) => r !== out)!;
    ok(await client.request('room.join', { room: inside, displayName: 'hopper' }));
    ok(await client.request('room.leave', { room: inside }));
    ok(await client.request('room.join', { room: out, displayName: 'hopper' }));
  });

  it('limits the rooms one address creates per hour (rate_limited with a retry time) but never joining existing rooms', async () => {
    const client = await cluster.connect(cluster.servers[0]!);
    const existing = cluster.room('existing');
    await cluster.db.chatRoom.create({ data: { name: existing } });
    let refusal: unknown;
    for (let i = 0; i < 13 && !refusal; i++) {
      const room = cluster.room(`spam-${i}`);
      const answer = await client.request('room.join', { room, displayName: 'spammer' });
      if (!answer.ok) refusal = answer;
      else ok(await client.request('room.leave', { room }));
    }
    expect(refusal).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/CHAT_ROOMS_CREATED_PER_HOUR.*retry in \d+ ms/) },
    });
    ok(await client.request('room.join', { room: existing, displayName: 'spammer' }));
    const spam = await cluster.db.chatRoom.count({ where: { name: { startsWith: 'spam-', endsWith: `-${cluster.run}` } } });
    expect(spam).toBeLessThanOrEqual(12);
  });

  it('lists at most CHAT_LOBBY_ROOMS_MAX rooms in the lobby, the busiest first', async () => {
    const [quiet, busy, busiest] = ['quiet', 'busy', 'busiest'].map((label) => cluster.room(`lobby-${label}`)) as [string, string, string];
    await existingRooms([quiet, busy, busiest]); // the test above used up this address's room creations
    for (const [room, people] of [[quiet, 1], [busy, 2], [busiest, 3]] as const) {
      for (let i = 0; i < people; i++) await joinRoom(await cluster.connect(cluster.servers[i % 2]!), room, `p${i}`);
    }
    const lobby = await cluster.connect(cluster.servers[1]!);
    const { rooms } = ok(await lobby.request<{ rooms: { room: string; count: number }[] }>('lobby.watch', {}));
    expect(rooms).toHaveLength(2);
    expect(rooms.map((r) => r.count)).toEqual([...rooms.map((r) => r.count)].sort((a, b) => b - a));
    expect(rooms.map((r) => r.room)).not.toContain(quiet);
  });

  it('takes a person who disconnects out of every room they were in, even when their first room is huge', async () => {
    const rooms = ['x', 'y', 'z'].map((label) => cluster.room(`gone-${label}`));
    await existingRooms(rooms);
    const watchers = await Promise.all(
      rooms.map(async (room) => {
        const watcher = await cluster.connect(cluster.servers[1]!);
        await joinRoom(watcher, room, 'watcher');
        return watcher;
      }),
    );
    const leaver = await cluster.connect(cluster.servers[0]!);
    for (const room of rooms) await joinRoom(leaver, room, 'leaver');
    for (const watcher of watchers) await presenceChange(watcher, (c) => c.kind === 'joined' && c.member.name === 'leaver');
    // The first room fills up past what one message could list (whatever each join answers).
    for (let i = 0; i < 30; i++) {
      await (await cluster.connect(cluster.servers[i % 2]!)).request('room.join', { room: rooms[0], displayName: `crowd ${i} `.padEnd(32, 'x') });
    }
    leaver.close();
    for (const watcher of watchers.slice(1)) {
      const departure = await presenceChange(watcher, (c) => c.kind === 'left');
      expect(departure.change.member.name).toBe('leaver');
      expect(departure.event.count).toBe(1);
    }
    const [first] = watchers;
    await expect.poll(async () => ok(await first!.request<{ members: { name: string }[] }>('presence.list', { room: rooms[0] })).members.map((m) => m.name)).not.toContain('leaver');
  });
});
