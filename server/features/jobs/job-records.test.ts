import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { testDatabaseUrl } from '../../testing/test-database.ts';
import { insertJobWithinCaps } from './job-admission.ts';
import { claimOutcome, markJobActive, storeProgress } from './job-records.ts';
import { app } from '../index.ts';

/** The job record's statements against the test database (their SQL runs outside Prisma). */
describe('job records', () => {
  let db: Database;
  const owner = { userId: null, visitorId: null, replyChannel: `records-${randomUUID()}`, address: `records-${randomUUID()}` };
  const limits = { perClient: 100, perAddress: 100, anonymousBytesPerAddress: 1e9, anonymousBytesTotal: 1e12 };
  const insert = async (dataset?: { id: string; name: string; bytes: number }) => {
    const id = randomUUID();
    const verdict = await insertJobWithinCaps(db, { id, channel: 'report.render', owner, label: 'x', input: { a: 1 }, state: 'queued', dataset }, limits);
    return { id, verdict };
  };

  beforeAll(() => {
    // One connection, so the statements below share the session they could leak a setting into.
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
    poolOf(db).options.max = 1;
  });
  afterAll(async () => {
    await db.job.deleteMany({ where: { replyChannel: owner.replyChannel } });
    await db.$disconnect();
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

  it('deletes the job’s dataset, chunks and all, with the claim of its outcome', async () => {
    const datasetId = `records-${randomUUID()}`;
    const { id } = await insert({ id: datasetId, name: 'x.csv', bytes: 4 });
    await db.datasetChunk.create({ data: { datasetId, seq: 0, bytes: new Uint8Array(Buffer.from('a\n1\n')) } });
    expect(await claimOutcome(db, id, { state: 'cancelled', code: 'cancelled', reason: 'cancelled by the client' }, new Date())).toBe(true);
    expect(await db.dataset.count({ where: { id: datasetId } })).toBe(0);
    expect(await db.datasetChunk.count({ where: { datasetId } })).toBe(0);
    expect(await db.job.findUnique({ where: { id }, select: { state: true, datasetId: true } })).toEqual({ state: 'cancelled', datasetId: null });
  });
});
