import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerPool } from '../../workers/worker-pool.ts';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { repliesUntil, uploadCsv } from '../testing/job-client.ts';
import { startTestServer, uniquePrefix } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { startTracing } from './start-tracing.ts';

/**
 * One trace per liveblog post, across two interface servers: "the staff
 * member's `post.create`, the transaction that writes the outbox row, the
 * relay that publishes it, the channel layer's publish, and the emit to the
 * sockets of each interface server — the one that published it and the one
 * Redis carried it to — are spans of one trace, each the child of the one
 * before"; "a chat message's send, its publish (after the message is
 * written) and its emit on each server are one trace too"; and "a job's upload, its enqueue, the worker's span of the job
 * (through BullMQ), the job's run in its job process (through the job's data;
 * its spans return over IPC), the publish of its progress and outcome and
 * their emit to the requester are spans of one trace".
 */
describe('tracing a message’s path', () => {
  const run = randomBytes(3).toString('hex');
  const slug = `traced-${run}`;
  const exporter = new InMemorySpanExporter();
  let stopTracing: () => Promise<void>;
  let one: TestServer;
  let two: TestServer;
  let staffCookie = '';
  beforeAll(async () => {
    stopTracing = startTracing({ serviceName: 'switchyard-test', processors: [new SimpleSpanProcessor({ exporter })] });
    const prefix = uniquePrefix();
    one = await startTestServer({ REDIS_PREFIX: prefix });
    two = await startTestServer({ REDIS_PREFIX: prefix });
    const staff = await createUser(one.db, { username: `traced-${run}`, password: 'correct horse battery', isStaff: true });
    staffCookie = `${SESSION_COOKIE}=${(await one.sessions.create(staff.id)).token}`;
    await one.db.liveblog.create({ data: { slug, title: 'Traced' } });
  });
  afterAll(async () => {
    await one?.db.liveblog.deleteMany({ where: { slug } });
    await one?.db.user.deleteMany({ where: { username: `traced-${run}` } });
    await Promise.all([one?.close(), two?.close()]);
    await stopTracing?.();
  });

  it('follows the post from the staff event to the emit on both servers in one trace', async () => {
    const readers = [await one.connect({ namespace: '/liveblog' }), await two.connect({ namespace: '/liveblog' })];
    for (const reader of readers) expect(await reader.request('liveblog.follow', { slug })).toMatchObject({ ok: true });
    const editor = await one.connect({ namespace: '/liveblog', headers: { cookie: staffCookie } });
    exporter.reset();
    expect(await editor.request('post.create', { slug, body: 'traced' })).toMatchObject({ ok: true });
    for (const reader of readers) await reader.receive('post.published');

    const root = exporter.getFinishedSpans().find((span) => span.name === '/liveblog post.create');
    expect(root).toBeDefined();
    const traceId = root!.spanContext().traceId;
    const inTrace = () => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const emits = () => inTrace().filter((span) => span.name === 'socket.emit /liveblog' && span.attributes['switchyard.event'] === 'post.published');
    await expect.poll(() => emits().map((span) => span.attributes['switchyard.path']).sort()).toEqual(['local', 'redis']);

    const spans = inTrace();
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const parentOf = (span: ReadableSpan) => byId.get(span.parentSpanContext?.spanId ?? '');
    const chain = (span: ReadableSpan): string[] => {
      const parent = parentOf(span);
      return parent ? [...chain(parent), span.name] : [span.name];
    };
    for (const emit of emits()) {
      expect(chain(emit)).toEqual(['/liveblog post.create', 'outbox.record', 'outbox.relay', 'layer.groupSend', 'socket.emit /liveblog']);
    }
    expect(root!.parentSpanContext).toBeUndefined();
  });

  it('follows a chat message from its send to the emit on both servers in one trace, though the publish waits for the write', async () => {
    const room = `traced-${run}`;
    const members = [await one.connect({ namespace: '/chat' }), await two.connect({ namespace: '/chat' })];
    for (const [i, member] of members.entries()) expect(await member.request('room.join', { room, displayName: `member ${i}` })).toMatchObject({ ok: true });
    exporter.reset();
    expect(await members[0]!.request('message.send', { room, body: 'traced' })).toMatchObject({ ok: true });
    for (const member of members) await member.receive('chat.message');

    const root = exporter.getFinishedSpans().find((span) => span.name === '/chat message.send');
    expect(root).toBeDefined();
    expect(root!.parentSpanContext).toBeUndefined();
    const traceId = root!.spanContext().traceId;
    const inTrace = () => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const emits = () => inTrace().filter((span) => span.name === 'socket.emit /chat' && span.attributes['switchyard.event'] === 'chat.message');
    await expect.poll(() => emits().map((span) => span.attributes['switchyard.path']).sort()).toEqual(['local', 'redis']);
    const byId = new Map(inTrace().map((span) => [span.spanContext().spanId, span]));
    const chain = (span: ReadableSpan | undefined): string[] => (span ? [...chain(byId.get(span.parentSpanContext?.spanId ?? '')), span.name] : []);
    for (const emit of emits()) expect(chain(emit)).toEqual(['/chat message.send', 'layer.groupSend', 'socket.emit /chat']);
  });

  it('follows a job from the upload through the queue, the worker and its job process, to the emit of its progress and outcome, in one trace', { timeout: 60_000 }, async () => {
    // The job processes the worker forks read their settings from the environment: this test's Redis prefix and database.
    const saved = { REDIS_PREFIX: process.env.REDIS_PREFIX, DATABASE_URL: process.env.DATABASE_URL };
    Object.assign(process.env, { REDIS_PREFIX: one.config.redisPrefix, DATABASE_URL: one.config.databaseUrl });
    const pool = await startWorkerPool({ ...one.config, workerMetricsPort: 0 }, ['bigdata.process']);
    try {
      const client = await one.connect({ namespace: '/jobs' });
      exporter.reset();
      const { status, body } = await uploadCsv(one.url, client, `n,label\n${Array.from({ length: 2000 }, (_, i) => `${i},x${i % 5}`).join('\n')}\n`);
      expect(status).toBe(202);
      const replies = await repliesUntil(client, 'job.completed');
      expect(replies.map((reply) => reply.event)).toContain('job.progress');

      const upload = exporter.getFinishedSpans().find((span) => span.name === 'POST /api/jobs/bigdata' && span.attributes['switchyard.job'] === body.jobId);
      expect(upload).toBeDefined();
      expect(upload!.parentSpanContext).toBeUndefined();
      const traceId = upload!.spanContext().traceId;
      const inTrace = () => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      const emitOf = (event: string) => inTrace().find((span) => span.name === 'socket.emit /jobs' && span.attributes['switchyard.event'] === event);
      // The worker's span of the job ends after the job process's result arrives: poll for the last spans.
      await expect.poll(() => inTrace().some((span) => span.name === 'job bigdata.process'), { timeout: 10_000 }).toBe(true);

      const spans = inTrace();
      const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
      const chain = (span: ReadableSpan | undefined): string[] => (span ? [...chain(byId.get(span.parentSpanContext?.spanId ?? '')), span.name] : []);
      const path = ['POST /api/jobs/bigdata', 'job.enqueue bigdata.process', 'job bigdata.process', 'job.run bigdata.process', 'layer.send', 'socket.emit /jobs'];
      expect(chain(emitOf('job.progress'))).toEqual(path);
      expect(chain(emitOf('job.completed'))).toEqual(path);
      // The job's own span was recorded in its job process, not in the worker: the process boundary is inside the trace.
      const run = spans.find((span) => span.name === 'job.run bigdata.process')!;
      expect(run.resource.attributes['service.name']).toBe('switchyard-job-process');
      expect(run.attributes['process.pid']).not.toBe(process.pid);
    } finally {
      await pool.close();
      Object.assign(process.env, saved);
    }
  });
});
