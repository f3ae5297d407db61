import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../prisma/client.ts';
import { testDatabaseUrl } from '../../testing/test-database.ts';
import { createMessageWriter } from './message-writer.ts';
import { RoomGone } from './store-messages.ts';
import { app } from '../index.ts';

/**
 * The message writer stores messages that arrive together in one statement:
 * every caller still gets its own id, seq and time once its row is committed,
 * seqs follow arrival order within a room, a resend is stored once, and a
 * message to a missing room fails alone.
 */
describe('message writer (group commit)', () => {
  const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  const room = `writer-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    await db.chatRoom.create({ data: { name: room } });
  });
  afterAll(async () => {
    await db.chatRoom.deleteMany({ where: { name: room } });
    await db.$disconnect();
  });

  it('gives each of many concurrent writes its own committed row, ids in arrival order', async () => {
    const writer = createMessageWriter(db);
    const bodies = Array.from({ length: 120 }, (_, i) => `body ${i}`);
    const stored = await Promise.all(bodies.map((body) => writer.write({ room, userId: null, person: 'v:w', authorName: 'w', body, clientId: null })));
    const ids = stored.map((s) => s.id);
    expect(stored.map((s) => s.seq)).toEqual(bodies.map((_, i) => BigInt(i + 1)));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await db.chatMessage.findMany({ where: { id: { in: ids } }, select: { id: true, body: true, createdAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    stored.forEach((s, i) => {
      expect(byId.get(s.id)?.body).toBe(bodies[i]);
      expect(byId.get(s.id)?.createdAt.toISOString()).toBe(s.createdAt.toISOString());
    });
  });

  it('numbers each room 1, 2, 3 … in arrival order, and a resend (same person and clientId) returns the original row', async () => {
    const writer = createMessageWriter(db);
    const other = `${room}-b`;
    await db.chatRoom.create({ data: { name: other } });
    try {
      const message = (to: string, body: string, clientId: string | null = null) => ({ room: to, userId: null, person: 'v:w', authorName: 'w', body, clientId });
      const stored = await Promise.all([
        writer.write(message(other, 'b1', 'k1')),
        writer.write(message(other, 'b2')),
        writer.write(message(other, 'b1 again', 'k1')),
        writer.write({ ...message(other, 'someone else', 'k1'), person: 'v:x' }),
      ]);
      // The first write goes alone (an idle writer does not wait); the rest share a batch.
      expect(stored.map((s) => [s.body, s.resent])).toEqual([
        ['b1', false],
        ['b2', false],
        ['b1', true],
        ['someone else', false],
      ]);
      expect(stored[0]?.seq).toBe(1n);
      expect(stored[2]).toEqual(stored[0] && { ...stored[0], resent: true });
      expect(stored[1]!.seq).toBeGreaterThan(1n);
      expect(stored[3]!.seq).toBeGreaterThan(stored[1]!.seq);
      const later = await writer.write(message(other, 'b1 much later', 'k1'));
      expect(later).toEqual({ ...stored[0], resent: true });
      expect((await writer.write(message(other, 'b4'))).seq).toBeGreaterThan(stored[3]!.seq);
      expect(await db.chatMessage.count({ where: { roomName: other } })).toBe(4);
    } finally {
      await db.chatRoom.deleteMany({ where: { name: other } });
    }
  });

  it('refuses a message to a room with no record (RoomGone) without failing the rest of its batch', async () => {
    const writer = createMessageWriter(db);
    const [gone, fine] = await Promise.allSettled([
      writer.write({ room: `${room}-missing`, userId: null, person: 'v:w', authorName: 'w', body: 'no such room', clientId: null }),
      writer.write({ room, userId: null, person: 'v:w', authorName: 'w', body: 'same batch', clientId: null }),
    ]);
    expect(gone).toMatchObject({ status: 'rejected', reason: expect.any(RoomGone) });
    expect(fine).toMatchObject({ status: 'fulfilled', value: { body: 'same batch' } });
  });
});
