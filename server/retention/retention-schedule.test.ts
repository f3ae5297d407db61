import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { loadConfig } from '../config.ts';
import { queuePrefix } from '../layer/worker-queues.ts';
import { spawnWorker } from '../testing/spawn-worker.ts';
import { uniquePrefix } from '../testing/test-server.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { RETENTION_QUEUE, startRetentionSchedule, STOPPED_BY_SHUTDOWN } from './retention-schedule.ts';
import { app } from '../features/index.ts';

const config = loadConfig({});

/** The retention job as worker pools run it: on a BullMQ job scheduler, one run per period among all of them. */
describe('retention schedule', () => {
  let db: Database;
  const connections: Redis[] = [];
  const prefixes: string[] = [];
  const connect = () => {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const queueOf = (prefix: string) => new Queue(RETENTION_QUEUE, { connection: connect(), prefix: queuePrefix(prefix) });

  beforeAll(() => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const queue = queueOf(prefix);
      await queue.obliterate({ force: true });
      await queue.close();
    }
    for (const redis of connections) redis.disconnect();
    await db.$disconnect();
  });

  it('runs once per period however many worker pools serve it', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const everyMs = 400;
    const started = Date.now();
    const pools = await Promise.all(
      [1, 2, 3].map(() => startRetentionSchedule({ connection: connect(), prefix, db, policy: { ...config.retention, everyMs }, lockMs: 30_000 })),
    );
    await new Promise((resolve) => setTimeout(resolve, 6 * everyMs));
    await Promise.all(pools.map((pool) => pool.close()));
    const periods = Math.ceil((Date.now() - started) / everyMs);
    const queue = queueOf(prefix);
    const runs = await queue.getJobs(['completed', 'failed']);
    await queue.close();
    // Closing the pools may cut the run under way short (reported as such); no run may fail otherwise.
    expect(runs.filter((run) => run.failedReason && run.failedReason !== STOPPED_BY_SHUTDOWN)).toEqual([]);
    // A timer per pool would have run about three times as often.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(periods + 1);
    expect(new Set(runs.map((run) => run.id)).size).toBe(runs.length);
    expect(runs[0]?.returnvalue).toMatchObject({ sessions: { batches: expect.any(Number) }, jobs: { batches: expect.any(Number) } });
  });

  it('is served by every worker process: a worker started on any channel deletes what is past retention', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const user = await db.user.create({ data: { username: `schedule-${randomBytes(4).toString('hex')}`, passwordHash: 'x' }, select: { id: true } });
    const expired = `schedule-${randomBytes(8).toString('hex')}`;
    await db.session.create({ data: { id: expired, userId: user.id, expiresAt: new Date(Date.now() - 60_000) } });
    const worker = await spawnWorker(['report.render'], { REDIS_PREFIX: prefix, WORKER_METRICS_PORT: '0' });
    try {
      await expect.poll(() => db.session.count({ where: { id: expired } }), { timeout: 15_000 }).toBe(0);
    } finally {
      await worker.stop();
      await db.user.delete({ where: { id: user.id } });
    }
  }, 30_000);
});
