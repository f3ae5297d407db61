import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, poolOf } from '../../../prisma/client.ts';
import { testDatabaseUrl } from '../../testing/test-database.ts';
import { messagesAfter } from './chat-history.ts';
import { createMessageWriter } from './message-writer.ts';
import { storeMessages } from './store-messages.ts';
import { app } from '../index.ts';

/**
 * A room's order is the order its messages commit in: a reader that has seen
 * a message can never later find an older one it did not see. Two interface
 * servers write concurrently, so a catch-up read can land between a slow
 * writer's insert and its commit; the reader must not skip that message.
 */
describe('chat ordering under concurrent writers', () => {
  const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  const room = `order-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    await db.chatRoom.create({ data: { name: room } });
  });
  afterAll(async () => {
    await db.chatRoom.deleteMany({ where: { name: room } });
    await db.$disconnect();
  });

  /** True once some other backend waits on a lock held by `pid`, or when `done` settled. */
  const blockedOrDone = async (pid: number, done: () => boolean) => {
    for (;;) {
      if (done()) return;
      const { rows } = await poolOf(db).query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
        [pid],
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('never lets a catch-up read skip a message that commits after a later one was read', async () => {
    const writer = createMessageWriter(db);
    const before = await writer.write({ room, userId: null, person: 'v:before', authorName: 'a', body: 'before', clientId: null });
    // Server A's write: inserted, not yet committed.
    const slow = new pg.Client({ connectionString: testDatabaseUrl() });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const { rows: pids } = await slow.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await storeMessages(slow, [{ room, userId: null, person: 'v:slow', authorName: 'a', body: 'slow', clientId: null }]);
      // Server B's write of a later message, then a reconnecting reader catches up.
      let fastDone = false;
      const fast = writer.write({ room, userId: null, person: 'v:fast', authorName: 'b', body: 'fast', clientId: null }).finally(() => {
        fastDone = true;
      });
      await blockedOrDone(pids[0]!.pid, () => fastDone);
      const first = await messagesAfter(db, room, before.seq);
      const seen = first.messages.at(-1)?.seq ?? before.seq.toString();
      await slow.query('COMMIT');
      await fast;
      const rest = await messagesAfter(db, room, BigInt(seen));
      expect([...first.messages, ...rest.messages].map((m) => m.body)).toEqual(['slow', 'fast']);
    } finally {
      await slow.end();
    }
  });

  it('numbers two rooms written by two servers at once without gaps, duplicates or deadlocks', async () => {
    const other = `${room}-b`;
    const second = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
    await db.chatRoom.create({ data: { name: other } });
    try {
      const writers = [createMessageWriter(db), createMessageWriter(second)];
      // Both servers' batches hold both rooms (each locks them in name order, whatever order they arrived in).
      const writes = Array.from({ length: 400 }, (_, i) => {
        const to = i % 3 === 0 ? room : other;
        return writers[i % 2]!.write({ room: to, userId: null, person: 'v:w', authorName: 'w', body: `m${i}`, clientId: null });
      });
      const stored = await Promise.all(writes);
      for (const name of [room, other]) {
        const rows = await db.chatMessage.findMany({ where: { roomName: name }, orderBy: { id: 'asc' }, select: { seq: true } });
        const seqs = rows.map((r) => r.seq).sort((a, b) => (a < b ? -1 : 1));
        const base = seqs[0]!;
        expect(seqs).toEqual(seqs.map((_, i) => base + BigInt(i)));
      }
      expect(stored).toHaveLength(400);
    } finally {
      await db.chatRoom.deleteMany({ where: { name: other } });
      await second.$disconnect();
    }
  });
});
