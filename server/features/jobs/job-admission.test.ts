import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { testDatabaseUrl } from '../../testing/test-database.ts';
import { insertJobWithinCaps } from './job-admission.ts';
import type { JobLimits, JobVerdict } from './job-admission.ts';
import type { JobOwner } from './job-services.ts';
import { app } from '../index.ts';

const roomy: JobLimits = { perClient: 100, perAddress: 100, anonymousBytesPerAddress: 1e9, anonymousBytesTotal: 1e12 };
const anAddress = () => `admission-${randomUUID()}`;
const anonymous = (address = anAddress()): JobOwner => ({ userId: null, visitorId: null, replyChannel: `admission-${randomUUID()}`, address });

/** The caps a job is recorded within, against the test database: exact under concurrency, per owner, per address, per byte. */
describe('insertJobWithinCaps', () => {
  let db: Database;
  const ids: string[] = [];
  const insert = (owner: JobOwner, limits: Partial<JobLimits> = {}, bytes = 0, database = db): Promise<JobVerdict> => {
    const id = randomUUID();
    ids.push(id);
    const dataset = bytes > 0 ? { id: `d-${id}`, name: 'x.csv', bytes } : undefined;
    return insertJobWithinCaps(database, { id, channel: 'report.render', owner, label: 'x', input: {}, state: 'queued', dataset }, { ...roomy, ...limits });
  };

  beforeAll(() => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  });
  afterAll(async () => {
    await db.job.deleteMany({ where: { id: { in: ids } } });
    await db.dataset.deleteMany({ where: { id: { in: ids.map((id) => `d-${id}`) } } });
    await db.$disconnect();
  });

  it('inserts within the client cap and refuses past it, storing nothing', async () => {
    const owner = anonymous();
    expect(await insert(owner, { perClient: 2 })).toBe('ok');
    expect(await insert(owner, { perClient: 2 })).toBe('ok');
    expect(await insert(owner, { perClient: 2 }, 1000)).toBe('client_jobs');
    expect(await db.job.count({ where: { replyChannel: owner.replyChannel } })).toBe(2);
    expect(await db.dataset.count({ where: { anonymousAddress: owner.address } })).toBe(0);
  });

  it('counts anonymous jobs per address across reply channels, and logged-in users per user', async () => {
    const address = anAddress();
    expect(await insert(anonymous(address), { perAddress: 2 })).toBe('ok');
    expect(await insert(anonymous(address), { perAddress: 2 })).toBe('ok');
    expect(await insert(anonymous(address), { perAddress: 2 })).toBe('address_jobs');
    const user = await db.user.create({ data: { username: `admission-${randomUUID()}`, passwordHash: 'x' }, select: { id: true } });
    try {
      expect(await insert({ userId: user.id, visitorId: null, replyChannel: `tab-${randomUUID()}`, address }, { perAddress: 2, perClient: 1 })).toBe('ok');
      expect(await insert({ userId: user.id, visitorId: null, replyChannel: `tab-${randomUUID()}`, address }, { perAddress: 2, perClient: 1 })).toBe('client_jobs');
    } finally {
      await db.job.deleteMany({ where: { userId: user.id } });
      await db.user.delete({ where: { id: user.id } });
    }
  });

  it('counts the bytes of anonymous datasets per address and in all, and not logged-in users’', async () => {
    const address = anAddress();
    expect(await insert(anonymous(address), { anonymousBytesPerAddress: 1500 }, 1000)).toBe('ok');
    expect(await insert(anonymous(address), { anonymousBytesPerAddress: 1500 }, 1000)).toBe('address_bytes');
    expect(await insert(anonymous(address), { anonymousBytesPerAddress: 1500 }, 500)).toBe('ok');
    const [stored] = await db.$queryRaw<{ total: number }[]>`SELECT coalesce(sum(size), 0)::float8 AS total FROM datasets WHERE anonymous_address IS NOT NULL`;
    const total = (stored?.total ?? 0) + 1000;
    expect(await insert(anonymous(), { anonymousBytesTotal: total }, 1000)).toBe('ok');
    expect(await insert(anonymous(), { anonymousBytesTotal: total }, 1)).toBe('total_bytes');
    const user = await db.user.create({ data: { username: `admission-${randomUUID()}`, passwordHash: 'x' }, select: { id: true } });
    try {
      expect(await insert({ userId: user.id, visitorId: null, replyChannel: 'tab', address }, { anonymousBytesTotal: total, anonymousBytesPerAddress: 1500 }, 5000)).toBe('ok');
    } finally {
      await db.job.deleteMany({ where: { userId: user.id } });
      await db.user.delete({ where: { id: user.id } });
    }
  });

  it('lets exactly `cap` of many concurrent inserts from one tab through', async () => {
    const owner = anonymous();
    expect(await acceptedOfConcurrent(() => owner, { perClient: 3 })).toBe(3);
  });

  it('lets exactly `cap` of many concurrent inserts from one address’s new tabs through', async () => {
    const address = anAddress();
    expect(await acceptedOfConcurrent(() => anonymous(address), { perAddress: 3 })).toBe(3);
  });

  it('lets exactly as many concurrent uploads through as the anonymous bytes allow, from many addresses', async () => {
    const [stored] = await db.$queryRaw<{ total: number }[]>`SELECT coalesce(sum(size), 0)::float8 AS total FROM datasets WHERE anonymous_address IS NOT NULL`;
    expect(await acceptedOfConcurrent(() => anonymous(), { anonymousBytesTotal: (stored?.total ?? 0) + 3500 }, 1000)).toBe(3);
  });

  it('lets exactly `cap` of many concurrent inserts from one user’s tabs through', async () => {
    const user = await db.user.create({ data: { username: `admission-${randomUUID()}`, passwordHash: 'x' }, select: { id: true } });
    try {
      // Each from another tab and address: the cap is the user's, whichever tab submits.
      expect(await acceptedOfConcurrent(() => ({ userId: user.id, visitorId: null, replyChannel: `tab-${randomUUID()}`, address: anAddress() }), { perClient: 3 })).toBe(3);
    } finally {
      await db.job.deleteMany({ where: { userId: user.id } });
      await db.user.delete({ where: { id: user.id } });
    }
  });

  /** Sends ten inserts at once, each on its own connection, with owners from `owner`; returns how many were stored. */
  async function acceptedOfConcurrent(owner: () => JobOwner, limits: Partial<JobLimits>, bytes = 0): Promise<number> {
    const concurrent = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks }); // ten pooled connections
    try {
      const verdicts = await Promise.all(Array.from({ length: 10 }, () => insert(owner(), limits, bytes, concurrent)));
      const accepted = verdicts.filter((verdict) => verdict === 'ok').length;
      expect(await db.job.count({ where: { id: { in: ids.slice(-10) } } })).toBe(accepted);
      if (bytes > 0) expect(await db.dataset.count({ where: { id: { in: ids.slice(-10).map((id) => `d-${id}`) } } })).toBe(accepted);
      return accepted;
    } finally {
      await concurrent.$disconnect();
    }
  }
});
