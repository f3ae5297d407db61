import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDetail } from './jobs-protocol.ts';
import type { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';

const RESULT = {
  rowCount: 2,
  byteCount: 8,
  columns: [
    {
      name: 'x',
      index: 0,
      type: 'number',
      count: 2,
      missing: 0,
      invalid: 0,
      distinct: 2,
      topValues: [],
      min: 1,
      max: 2,
      mean: 1.5,
      std: 0.7071,
      quantiles: { p5: 1.05, p25: 1.25, p50: 1.5, p75: 1.75, p95: 1.95 },
      histogram: { edges: [1, 1.5, 2], counts: [1, 1] },
    },
  ],
};

/**
 * `job.get { jobId }` answers one of the client's own jobs with its result
 * (null until completed), read from PostgreSQL; anyone else's job is
 * `not_found`, like one that does not exist. The records are written directly:
 * what is specified is the lookup, not the worker.
 */
describe('job.get', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const recordJob = (client: SocketCommunicator, data: { channel?: string; state: string; result?: object; error?: string }) =>
    server.db.job.create({
      data: {
        id: randomUUID(),
        channel: data.channel ?? 'bigdata.process',
        replyChannel: client.replyChannel,
        label: 'numbers.csv',
        input: { datasetId: 'none' },
        state: data.state,
        fraction: data.state === 'completed' ? 1 : 0.4,
        result: data.result,
        error: data.error ?? null,
        finishedAt: data.state === 'active' ? null : new Date(),
      },
    });

  it('answers the owner with the summary and the result of a completed job', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const job = await recordJob(client, { state: 'completed', result: RESULT });
    const answer = await client.request<{ job: JobDetail }>('job.get', { jobId: job.id });
    expect(answer).toMatchObject({ ok: true, data: { job: { jobId: job.id, channel: 'bigdata.process', state: 'completed', label: 'numbers.csv', fraction: 1, result: RESULT } } });
  });

  it('answers a running or failed job with a null result, and a report with its Markdown', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const running = await recordJob(client, { state: 'active' });
    expect(await client.request('job.get', { jobId: running.id })).toMatchObject({ ok: true, data: { job: { state: 'active', fraction: 0.4, result: null } } });
    const failed = await recordJob(client, { state: 'failed', error: 'row 3 has 3 fields, the header has 2' });
    expect(await client.request('job.get', { jobId: failed.id })).toMatchObject({ ok: true, data: { job: { state: 'failed', error: 'row 3 has 3 fields, the header has 2', result: null } } });
    const report = await recordJob(client, { channel: 'report.render', state: 'completed', result: { markdown: '# numbers.csv\n', bytes: 14 } });
    expect(await client.request('job.get', { jobId: report.id })).toMatchObject({ ok: true, data: { job: { channel: 'report.render', result: { markdown: '# numbers.csv\n' } } } });
  });

  it('names a result too large for a message by its size instead (the page downloads it), and leaves small ones inline', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const markdown = `# wide.csv\n${'| column | text | 30 |\n'.repeat(5000)}`;
    const large = await recordJob(client, { channel: 'report.render', state: 'completed', result: { markdown, bytes: markdown.length } });
    const answer = await client.request<{ job: JobDetail }>('job.get', { jobId: large.id });
    expect(answer).toMatchObject({ ok: true, data: { job: { jobId: large.id, state: 'completed', result: null } } });
    const resultBytes = answer.ok ? answer.data.job.resultBytes : null;
    expect(resultBytes).toBe(Buffer.byteLength(JSON.stringify({ markdown, bytes: markdown.length })));
    expect(resultBytes).toBeGreaterThan(server.config.maxMessageBytes);
    const small = await recordJob(client, { state: 'completed', result: RESULT });
    expect(await client.request('job.get', { jobId: small.id })).toMatchObject({ ok: true, data: { job: { result: RESULT, resultBytes: null } } });
  });

  it('refuses another client’s job and an unknown id as not_found, and the connection lives on', async () => {
    const [owner, other] = [await server.connect({ namespace: '/jobs' }), await server.connect({ namespace: '/jobs' })];
    const job = await recordJob(owner, { state: 'completed', result: RESULT });
    expect(await other.request('job.get', { jobId: job.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await other.request('job.get', { jobId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await other.request('job.get', { jobId: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await other.request('job.list', {})).toMatchObject({ ok: true });
  });
});
