import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker } from '../../testing/spawn-worker.ts';
import type { SwitchyardProcess } from '../../testing/switchyard-process.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';
import { repliesUntil as until, uploadCsv } from '../../testing/job-client.ts';
import { redisBackends } from '../../testing/redis-backends.ts';

describe.each(redisBackends())('bigdata.process round trip: upload → queue → job process → reply channel ($name)', (backend) => {
  let server: TestServer;
  let worker: SwitchyardProcess;
  beforeAll(async () => {
    // Every client here uploads from 127.0.0.1: the per-address limits are not what this file tests.
    server = await startTestServer({ JOBS_PER_CLIENT: '2', JOBS_PER_ADDRESS: '100', UPLOADS_PER_MINUTE: '1000', ...backend.env });
    worker = await spawnWorker(['bigdata.process', 'report.render'], { env: { REDIS_PREFIX: server.config.redisPrefix, DATABASE_URL: server.config.databaseUrl, ...backend.env } });
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  it('sends progress, then exactly one job.completed with the statistics, to the requester only', async () => {
    const [client, other] = [await server.connect({ namespace: '/jobs' }), await server.connect({ namespace: '/jobs' })];
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},name${i % 7}`).join('\n');
    const { status, body } = await uploadCsv(server.url, client, `n,label\n${rows}\n`);
    expect(status).toBe(202);
    const messages = await until(client, 'job.completed');
    expect(messages.some((m) => m.event === 'job.progress')).toBe(true);
    const completed = messages.at(-1)?.payload as { jobId: string; result: { rowCount: number; columns: { name: string; type: string; mean?: number }[] } };
    expect(completed.jobId).toBe(body.jobId);
    expect(completed.result.rowCount).toBe(5000);
    expect(completed.result.columns[0]).toMatchObject({ name: 'n', type: 'number', mean: 2499.5 });
    await other.receiveNothing('reply.message');
    const record = await server.db.job.findUnique({ where: { id: body.jobId ?? '' } });
    expect(record).toMatchObject({ state: 'completed', fraction: 1 });
    expect(record?.notifiedAt).not.toBeNull();
  });

  it('fails a malformed CSV at once (no retry) with the row that is wrong, and keeps serving', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, 'a,b\n1,2\n3,4,5\n');
    const failed = (await until(client, 'job.failed')).at(-1)?.payload;
    expect(failed).toMatchObject({ jobId: body.jobId, code: 'bad_input' });
    expect(String(failed?.reason)).toMatch(/row 3/);
    const again = await uploadCsv(server.url, client, 'a\n1\n');
    expect((await until(client, 'job.completed')).at(-1)?.payload).toMatchObject({ jobId: again.body.jobId });
  });

  it('fails a file that is not UTF-8 (a Latin-1 export) at once with a clear reason', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const { status, body } = await uploadCsv(server.url, client, Buffer.from('city,temp\nZürich,3\n', 'latin1'));
    expect(status).toBe(202);
    const failed = (await until(client, 'job.failed')).at(-1)?.payload;
    expect(failed).toMatchObject({ jobId: body.jobId, code: 'bad_input', reason: 'the file is not UTF-8 text, so it is not a CSV' });
    expect(await server.db.job.findUnique({ where: { id: body.jobId ?? '' } })).toMatchObject({ state: 'failed', errorCode: 'bad_input' });
  });

  it('refuses empty and binary uploads before queueing, and uploads without a reply token', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    expect(await uploadCsv(server.url, client, '')).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect(await uploadCsv(server.url, client, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]))).toMatchObject({ status: 400 });
    const response = await fetch(`${server.url}/api/jobs/bigdata`, { method: 'POST', headers: { origin: server.url }, body: 'a\n1\n' });
    expect(response.status).toBe(400);
  });

  it('delivers the result to a client that reconnects with its token after the job finished', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, 'x\n1\n2\n3\n');
    client.close();
    await expect.poll(async () => (await server.db.job.findUnique({ where: { id: body.jobId ?? '' } }))?.state, { timeout: 15_000 }).toBe('completed');
    const back = await server.connect({ namespace: '/jobs', auth: { reply: client.replyToken, lastSeq: 0 } });
    const replayed = await until(back, 'job.completed');
    expect(replayed.at(-1)?.payload).toMatchObject({ jobId: body.jobId, result: { rowCount: 3 } });
    const listed = await back.request<{ jobs: { jobId: string; state: string }[] }>('job.list', {});
    expect(listed.ok && listed.data.jobs.find((j) => j.jobId === body.jobId)?.state).toBe('completed');
  });

  it('routes report.render to its own pool and answers on the reply channel', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, 'city,temp\nOslo,3\nRome,18\n', 'weather.csv');
    await until(client, 'job.completed');
    const requested = await client.request<{ jobId: string }>('report.request', { sourceJobId: body.jobId });
    expect(requested.ok).toBe(true);
    const report = (await until(client, 'job.completed')).at(-1)?.payload as { channel: string; result: { markdown: string } };
    expect(report.channel).toBe('report.render');
    expect(report.result.markdown).toContain('| temp | number | 2 |');
  });

  it('runs jobs in job processes at WORKER_NICE (10 by default), every thread of them, while the worker keeps its priority', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    await uploadCsv(server.url, client, 'x\n1\n');
    await until(client, 'job.completed');
    const pid = worker.child.pid ?? 0;
    expect(new Set(threadNiceness(pid).values())).toEqual(new Set([0]));
    const jobProcesses = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    expect(jobProcesses).not.toHaveLength(0);
    for (const jobProcess of jobProcesses) expect(new Set(threadNiceness(jobProcess).values())).toEqual(new Set([10]));
  });
});

/** Each thread's niceness, by thread id, from /proc (Linux). */
function threadNiceness(pid: number): Map<number, number> {
  const tasks = readdirSync(`/proc/${pid}/task`).map(Number);
  // Field 19 of /proc/<pid>/task/<tid>/stat, counted after the parenthesised command name.
  const nice = (tid: number) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  return new Map(tasks.map((tid) => [tid, nice(tid)]));
}
