import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queuePrefix } from '../../layer/worker-queues.ts';
import { childrenOf, isRunning } from '../../testing/child-processes.ts';
import { generatedCsv, repliesUntil, uploadCsv } from '../../testing/job-client.ts';
import { spawnWorker } from '../../testing/spawn-worker.ts';
import type { SpawnedWorker } from '../../testing/spawn-worker.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';

/**
 * Workers under failure: retries after a transient error, a worker killed
 * mid-job, cancellation, the per-client cap, and routing to separate pools.
 * Every case checks what the client received AND the job's final record.
 */
describe('worker failures and routing', () => {
  let server: TestServer;
  let queue: Queue;
  const workers: SpawnedWorker[] = [];
  const env = () => ({ REDIS_PREFIX: server.config.redisPrefix, DATABASE_URL: server.config.databaseUrl, JOB_LOCK_MS: '1500' });
  const start = async (channels: string[], extra: Record<string, string> = {}, nodeFlags: string[] = []) => {
    const worker = await spawnWorker(channels, { ...env(), ...extra }, nodeFlags);
    workers.push(worker);
    return worker;
  };
  const record = (id: string | undefined) => server.db.job.findUnique({ where: { id: id ?? '' } });

  beforeAll(async () => {
    // Every client here uploads from 127.0.0.1: the per-address limits are not what this file tests.
    server = await startTestServer({ JOBS_PER_CLIENT: '2', JOBS_PER_ADDRESS: '100', UPLOADS_PER_MINUTE: '1000' });
    queue = new Queue('bigdata.process', { connection: { url: server.config.redisUrl }, prefix: queuePrefix(server.config.redisPrefix) });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
  });
  afterAll(async () => {
    await queue.close();
    await server.close();
  });

  it('retries a job whose first attempt hit a transient error, then completes it once', async () => {
    // This worker's database has no tables: every query fails, as during an outage.
    const broken = await start(['bigdata.process'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres' });
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, 'x\n1\n2\n');
    await expect.poll(async () => (await queue.getJob(body.jobId ?? ''))?.attemptsMade, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await broken.stop('SIGKILL');
    await start(['bigdata.process']);
    const replies = await repliesUntil(client, 'job.completed');
    expect(replies.filter((m) => m.event === 'job.completed')).toHaveLength(1);
    expect(replies.some((m) => m.event === 'job.failed')).toBe(false);
    expect(await record(body.jobId)).toMatchObject({ state: 'completed' });
  }, 60_000);

  it('gives the job of a worker killed mid-job to another worker; the client gets exactly one job.completed', async () => {
    const doomed = await start(['bigdata.process']);
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, generatedCsv(600_000), 'big.csv');
    await expect.poll(async () => (await record(body.jobId))?.state, { timeout: 15_000 }).toBe('active');
    const jobProcesses = childrenOf(doomed.child.pid ?? 0);
    expect(jobProcesses).not.toHaveLength(0);
    await doomed.stop('SIGKILL');
    // Its job process ends with it rather than run on, holding the job.
    await expect.poll(() => jobProcesses.filter(isRunning), { timeout: 10_000 }).toEqual([]);
    await start(['bigdata.process']);
    const replies = await repliesUntil(client, 'job.completed', 30_000);
    await client.receiveNothing('reply.message', 500);
    expect(replies.filter((m) => m.event === 'job.completed')).toHaveLength(1);
    expect(replies.at(-1)?.payload).toMatchObject({ jobId: body.jobId, result: { rowCount: 600_000 } });
  }, 60_000);

  it('leaves no job process behind when its worker is killed between jobs', async () => {
    const doomed = await start(['bigdata.process']);
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, 'x\n1\n2\n');
    expect((await repliesUntil(client, 'job.completed')).at(-1)?.payload).toMatchObject({ jobId: body.jobId });
    const jobProcesses = childrenOf(doomed.child.pid ?? 0);
    expect(jobProcesses).not.toHaveLength(0);
    await doomed.stop('SIGKILL');
    await expect.poll(() => jobProcesses.filter(isRunning), { timeout: 10_000 }).toEqual([]);
  }, 60_000);

  it('cancels a waiting job and a running one at the client’s request', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const waiting = await uploadCsv(server.url, client, 'x\n1\n');
    expect(await client.request('job.cancel', { jobId: waiting.body.jobId })).toEqual({ ok: true, data: { cancelled: true } });
    expect((await repliesUntil(client, 'job.failed')).at(-1)?.payload).toMatchObject({ jobId: waiting.body.jobId, code: 'cancelled' });
    expect(await record(waiting.body.jobId)).toMatchObject({ state: 'cancelled' });

    await start(['bigdata.process']);
    const running = await uploadCsv(server.url, client, generatedCsv(800_000), 'big.csv');
    await repliesUntil(client, 'job.progress');
    await client.request('job.cancel', { jobId: running.body.jobId });
    const failed = (await repliesUntil(client, 'job.failed')).at(-1)?.payload;
    expect(failed).toMatchObject({ jobId: running.body.jobId, code: 'cancelled' });
    expect(await record(running.body.jobId)).toMatchObject({ state: 'cancelled' });
  }, 60_000);

  it('refuses a client’s job beyond JOBS_PER_CLIENT with rate_limited, while others may still submit', async () => {
    const [greedy, other] = [await server.connect({ namespace: '/jobs' }), await server.connect({ namespace: '/jobs' })];
    expect((await uploadCsv(server.url, greedy, 'x\n1\n')).status).toBe(202);
    expect((await uploadCsv(server.url, greedy, 'x\n1\n')).status).toBe(202);
    const third = await uploadCsv(server.url, greedy, 'x\n1\n');
    expect(third).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(third.body.error?.message).toMatch(/limit is 2/);
    expect((await uploadCsv(server.url, other, 'x\n1\n')).status).toBe(202);
  });

  it('runs jobs in job processes of a worker started with Node flags, which they do not inherit', async () => {
    const worker = await start(['bigdata.process'], {}, ['--max-old-space-size=1024', '--expose-gc']);
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, 'x\n1\n2\n');
    expect((await repliesUntil(client, 'job.completed')).at(-1)?.payload).toMatchObject({ jobId: body.jobId, result: { rowCount: 2 } });
    expect(worker.output()).not.toMatch(/invalid execArgv/);
  }, 60_000);

  it('routes each channel to the pool that serves it', async () => {
    await start(['report.render']);
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, 'x\n1\n');
    await client.receiveNothing('reply.message', 1500);
    expect(await record(body.jobId)).toMatchObject({ state: 'queued' });
    await start(['bigdata.process']);
    expect((await repliesUntil(client, 'job.completed')).at(-1)?.payload).toMatchObject({ jobId: body.jobId, channel: 'bigdata.process' });
  }, 60_000);
});
