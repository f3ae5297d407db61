import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../prisma/client.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { createMessageWriter } from './message-writer.ts';

/**
 * The message writer stores messages that arrive together in one INSERT:
 * every caller still gets its own id and time once its row is committed, ids
 * follow arrival order, and a failed batch fails each of its callers.
 */
describe('message writer (group commit)', () => {
  const db = createPrismaClient(testDatabaseUrl());
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
    const stored = await Promise.all(bodies.map((body) => writer.write({ room, userId: null, authorName: 'w', body })));
    const ids = stored.map((s) => s.id);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await db.chatMessage.findMany({ where: { id: { in: ids } }, select: { id: true, body: true, createdAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    stored.forEach((s, i) => {
      expect(byId.get(s.id)?.body).toBe(bodies[i]);
      expect(byId.get(s.id)?.createdAt.toISOString()).toBe(s.createdAt.toISOString());
    });
  });

  it('rejects every write of a failed batch and keeps working afterwards', async () => {
    const writer = createMessageWriter(db);
    const failing = writer.write({ room: `${room}-missing`, userId: null, authorName: 'w', body: 'no such room' });
    await expect(failing).rejects.toThrow();
    const after = await writer.write({ room, userId: null, authorName: 'w', body: 'after the failure' });
    expect(after.id).toEqual(expect.any(BigInt));
  });
});
