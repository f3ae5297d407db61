import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisLayer } from '../../layer/redis-layer.ts';
import type { ReplyMessage } from '../../testing/job-client.ts';
import { startPrivateRedis } from '../../testing/private-redis.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';
import { announceOutcome } from './announce-outcome.ts';
import { listJobs } from './list-jobs.ts';
import { app } from '../index.ts';

const run = randomBytes(4).toString('hex');

/**
 * Spec: an outcome is announced once, whatever its size: a result too large
 * for a message by its size, a failure reason longer than a message allows
 * cut to fit. When the client cannot be told (Redis gone for longer than the
 * notice waits), that is logged and the outcome is in the client's job list.
 */
describe('announceOutcome', () => {
  let server: TestServer;
  const record = (replyChannel: string) =>
    server.db.job.create({ data: { id: randomUUID(), channel: 'report.render', replyChannel, label: `announce-${run}`, input: {}, state: 'active' }, select: { id: true } });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.db.job.deleteMany({ where: { label: `announce-${run}` } });
    await server.close();
  });

  it('sends a failure whose reason is longer than job.failed carries, cut to 2,000 characters', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const job = await record(client.replyChannel);
    const layer = createRedisLayer({ protocol: app.index, ...server.config, prefix: server.config.redisPrefix });
    try {
      const reason = `the job failed: ${'a stack line\n'.repeat(400)}`;
      const ref = { id: job.id, channel: 'report.render' as const, replyChannel: client.replyChannel };
      expect(await announceOutcome(server.db, layer, ref, { state: 'failed', code: 'crashed', reason })).toBe(true);
      const failed = await client.receive<ReplyMessage>('reply.message');
      expect(failed).toMatchObject({ event: 'job.failed', payload: { jobId: job.id, code: 'crashed' } });
      expect(failed.payload.reason).toBe(`${reason.slice(0, 1999)}…`);
      expect(await server.db.job.findUnique({ where: { id: job.id } })).toMatchObject({ state: 'failed', error: `${reason.slice(0, 1999)}…` });
      expect(await announceOutcome(server.db, layer, ref, { state: 'failed', code: 'crashed', reason })).toBe(false);
      await client.receiveNothing('reply.message', 300);
    } finally {
      await layer.close();
    }
  });

  it('logs a notice it could not send, and the client finds the outcome in its job list', async () => {
    const redis = await startPrivateRedis();
    const layer = createRedisLayer({ protocol: app.index, ...server.config, redisUrl: redis.url, prefix: server.config.redisPrefix });
    // The log goes to stderr as JSON lines (server/log/logger.ts).
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const replyChannel = `announce-${randomUUID()}`;
      const job = await record(replyChannel);
      await redis.kill();
      const ref = { id: job.id, channel: 'report.render' as const, replyChannel };
      const result = { markdown: '# done\n', bytes: 7 };
      expect(await announceOutcome(server.db, layer, ref, { state: 'completed', result }, { patienceMs: 300 })).toBe(true);
      const logged = errors.mock.calls.map(([line]) => String(line)).filter((line) => line.includes(job.id));
      expect(logged.some((line) => line.includes('job completed, but its client could not be told'))).toBe(true);
      expect(await listJobs(server.db, { userId: null, visitorId: null, replyChannel, address: '127.0.0.1' })).toMatchObject([{ jobId: job.id, state: 'completed', fraction: 1 }]);
    } finally {
      errors.mockRestore();
      await layer.close();
      await redis.kill();
    }
  }, 30_000);
});
