import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, poolOf } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { claimOutcome, insertJobWithinCap, markJobActive, storeProgress } from './job-records.ts';
import type { JobOwner } from './job-services.ts';

/** The job record's statements against the test database (their SQL runs outside Prisma). */
describe('job records', () => {
  let db: Database;
  const owner = { userId: null, replyChannel: `records-${randomUUID()}` };
  const insert = (cap = 10) => {
    const id = randomUUID();
    return insertJobWithinCap(db, { id, channel: 'report.render', owner, datasetId: null, label: 'x', input: { a: 1 } }, cap).then((ok) => ({ id, ok }));
  };

  beforeAll(() => {
    // One connection, so the statements below share the session they could leak a setting into.
    db = createPrismaClient(testDatabaseUrl());
    poolOf(db).options.max = 1;
  });
  afterAll(async () => {
    await db.job.deleteMany({ where: { replyChannel: owner.replyChannel } });
    await db.$disconnect();
  });

  it('inserts within the cap and refuses past it', async () => {
    expect((await insert(2)).ok).toBe(true);
    expect((await insert(2)).ok).toBe(true);
    expect((await insert(2)).ok).toBe(false);
  });

  it('lets exactly `cap` of many concurrent inserts from one tab through', async () => {
    const replyChannel = `records-crowd-${randomUUID()}`;
    expect(await acceptedOfConcurrent(() => ({ userId: null, replyChannel }), 3)).toBe(3);
  });

  it('lets exactly `cap` of many concurrent inserts from one user’s tabs through', async () => {
    const user = await db.user.create({ data: { username: `records-${randomUUID()}`, passwordHash: 'x' }, select: { id: true } });
    try {
      // Each from another tab: the cap is the user's, whichever tab submits.
      expect(await acceptedOfConcurrent(() => ({ userId: user.id, replyChannel: `records-tab-${randomUUID()}` }), 3)).toBe(3);
    } finally {
      await db.job.deleteMany({ where: { userId: user.id } });
      await db.user.delete({ where: { id: user.id } });
    }
  });

  it('commits progress and the active mark asynchronously, without changing the connection’s setting for later writes', async () => {
    const { id } = await insert();
    expect(await markJobActive(db, id)).toBe(true);
    await storeProgress(db, id, 0.5);
    expect(await db.job.findUnique({ where: { id }, select: { state: true, fraction: true } })).toEqual({ state: 'active', fraction: 0.5 });
    expect((await poolOf(db).query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]?.synchronous_commit).toBe('on');
  });

  it('claims an outcome once, stores it in UTC, and takes no active mark or progress after it', async () => {
    const { id } = await insert();
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(await claimOutcome(db, id, { state: 'completed', result: { ok: 1 } }, at)).toBe(true);
    expect(await claimOutcome(db, id, { state: 'failed', code: 'internal', reason: 'late' }, at)).toBe(false);
    expect(await markJobActive(db, id)).toBe(false);
    await storeProgress(db, id, 0.2);
    const record = await db.job.findUnique({ where: { id }, select: { state: true, fraction: true, result: true, finishedAt: true } });
    expect(record).toEqual({ state: 'completed', fraction: 1, result: { ok: 1 }, finishedAt: at });
  });
});

/** Sends ten inserts at once, each on its own connection, with owners from `owner`; returns how many were stored. */
async function acceptedOfConcurrent(owner: () => JobOwner, cap: number): Promise<number> {
  const concurrent = createPrismaClient(testDatabaseUrl()); // ten pooled connections
  const ids = Array.from({ length: 10 }, () => randomUUID());
  try {
    const inserts = ids.map((id) => insertJobWithinCap(concurrent, { id, channel: 'report.render', owner: owner(), datasetId: null, label: 'x', input: {} }, cap));
    const accepted = (await Promise.all(inserts)).filter(Boolean).length;
    expect(await concurrent.job.count({ where: { id: { in: ids } } })).toBe(accepted);
    return accepted;
  } finally {
    await concurrent.job.deleteMany({ where: { id: { in: ids } } });
    await concurrent.$disconnect();
  }
}
