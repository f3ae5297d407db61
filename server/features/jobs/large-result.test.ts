import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigdataResultSchema } from './bigdata-protocol.ts';
import { repliesUntil, uploadCsv, wideCsv } from '../../testing/job-client.ts';
import { spawnWorker } from '../../testing/spawn-worker.ts';
import type { SpawnedWorker } from '../../testing/spawn-worker.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';

/**
 * A job result larger than one message (MAX_MESSAGE_BYTES, 64 KiB) still
 * reaches its client, once: `job.completed` names its size, and the client
 * downloads it over HTTP with the same ownership rules as `job.get`.
 */
describe('a job result larger than a message', () => {
  let server: TestServer;
  let worker: SpawnedWorker;
  beforeAll(async () => {
    server = await startTestServer();
    worker = await spawnWorker(['bigdata.process'], { REDIS_PREFIX: server.config.redisPrefix, DATABASE_URL: server.config.databaseUrl, WORKER_METRICS_PORT: '0' });
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  it('arrives: job.completed once, with its size (job.get tells the same), then the whole result from GET /api/jobs/<id>/result', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const { body } = await uploadCsv(server.url, client, wideCsv(), 'wide.csv');
    const replies = await repliesUntil(client, 'job.completed', 30_000);
    await client.receiveNothing('reply.message', 500);
    expect(replies.filter((m) => m.event === 'job.completed')).toHaveLength(1);
    const completed = replies.at(-1)?.payload;
    expect(completed).toMatchObject({ jobId: body.jobId, channel: 'bigdata.process' });
    expect(completed).not.toHaveProperty('result');
    expect(completed?.resultBytes).toBeGreaterThan(server.config.maxMessageBytes);

    // A page that loads the job later (job.get) is told the same size.
    expect(await client.request('job.get', { jobId: body.jobId })).toMatchObject({ ok: true, data: { job: { state: 'completed', result: null, resultBytes: completed?.resultBytes } } });

    const response = await fetch(`${server.url}/api/jobs/${body.jobId}/result`, { headers: { 'x-reply-token': client.replyToken } });
    expect(response.status).toBe(200);
    const result = bigdataResultSchema.parse(await response.json());
    expect(result.columns).toHaveLength(200);
    expect(result.columns[199]).toMatchObject({ name: 'column_199', type: 'text', count: 30, distinct: 30 });
    const record = await server.db.job.findUnique({ where: { id: body.jobId ?? '' }, select: { result: true } });
    expect(result).toEqual(record?.result);
  }, 60_000);
});
