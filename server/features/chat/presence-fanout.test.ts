import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceChanged } from './chat-protocol.ts';
import type { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { joinRoom, ok, startChatCluster } from '../../testing/chat-test-cluster.ts';
import type { ChatTestCluster } from '../../testing/chat-test-cluster.ts';

// Long enough that N per-join events could not pass for a bounded number on a slow machine.
const BATCH_MS = 1000;
const JOINS = 200;

/** Counts the events a client receives whose name starts with `prefix`, and remembers the last payload. */
function tally(client: SocketCommunicator, prefix: string) {
  const seen = { events: 0, last: undefined as { count?: number } | undefined };
  client.socket.onAny((event: string, payload: { count?: number }) => {
    if (!event.startsWith(prefix)) return;
    seen.events += 1;
    seen.last = payload;
  });
  return seen;
}

/** Runs `count` tasks, `width` at a time. */
async function inParallel(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

/**
 * Presence traffic is bounded per recipient, whatever the join rate and the
 * room's size: each interface server coalesces a room's changes over
 * PRESENCE_BATCH_MS into one event, and the lobby's counts likewise. So N
 * people joining a room within a time D reach each member already in it as at
 * most servers × (D / PRESENCE_BATCH_MS + 2) events, not N.
 */
describe('presence traffic per recipient', () => {
  let cluster: ChatTestCluster;
  beforeAll(async () => {
    cluster = await startChatCluster({ PRESENCE_BATCH_MS: String(BATCH_MS), HANDSHAKES_PER_MINUTE: '100000' });
  });
  afterAll(async () => cluster?.close());

  it(`${JOINS} joins into one room reach an early member and a lobby watcher as a bounded number of events`, { timeout: 120_000 }, async () => {
    const room = cluster.room('crowd');
    const watcher = await cluster.connect(cluster.servers[0]!);
    await joinRoom(watcher, room, 'early bird');
    const lobby = await cluster.connect(cluster.servers[1]!);
    ok(await lobby.request('lobby.watch', {}));
    const presence = tally(watcher, 'presence.');
    const counts = tally(lobby, 'lobby.');

    const started = Date.now();
    await inParallel(JOINS, 20, async (i) => {
      await joinRoom(await cluster.connect(cluster.servers[i % 2]!), room, `guest ${i}`);
    });
    await expect.poll(() => presence.last?.count, { timeout: 30_000, interval: 50 }).toBe(JOINS + 1);
    const elapsed = Date.now() - started;

    const bound = cluster.servers.length * (elapsed / BATCH_MS + 2);
    expect(presence.events, `presence events within ${elapsed} ms`).toBeLessThanOrEqual(bound);
    expect(counts.events, `lobby events within ${elapsed} ms`).toBeLessThanOrEqual(bound);
    expect(ok(await watcher.request<{ count: number }>('presence.list', { room })).count).toBe(JOINS + 1);
  });

  it('still names every arrival in a room that fits a member list: each change once, in versions a page can order, from both servers', async () => {
    const room = cluster.room('small');
    const watcher = await cluster.connect(cluster.servers[0]!);
    const first = await joinRoom(watcher, room, 'early bird');
    const people = Array.from({ length: 30 }, (_, i) => `guest ${i}`);
    await inParallel(people.length, 10, async (i) => {
      await joinRoom(await cluster.connect(cluster.servers[i % 2]!), room, people[i]!);
    });
    const events: PresenceChanged[] = [];
    while (!events.some((e) => e.count === people.length + 1)) events.push(await watcher.receive<PresenceChanged>('presence.changed', 10_000));
    await new Promise((resolve) => setTimeout(resolve, 2 * BATCH_MS));
    for (;;) {
      const late = watcher.pending().includes('presence.changed') ? await watcher.receive<PresenceChanged>('presence.changed') : null;
      if (!late) break;
      events.push(late);
    }
    const changes = events.flatMap((e) => e.changes ?? []).filter((c) => c.version > first.presence.version);
    expect(changes.map((c) => c.version).sort((a, b) => a - b)).toEqual(people.map((_, i) => first.presence.version + i + 1));
    expect(new Set(changes.map((c) => c.member.name))).toEqual(new Set(people));
    for (const event of events) expect(event.changes?.map((c) => c.version)).toEqual(event.changes?.map((c) => c.version).sort((a, b) => a - b));
  });
});
