import { randomBytes, randomUUID } from 'node:crypto';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerPool } from '../../workers/worker-pool.ts';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { startTestServer, uniquePrefix } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { startTracing } from './start-tracing.ts';

/**
 * One trace per liveblog post, across two interface servers: "the staff
 * member's `post.create`, the transaction that writes the outbox row, the
 * relay that publishes it, the channel layer's publish, and the emit to the
 * sockets of each interface server — the one that published it and the one
 * Redis carried it to — are spans of one trace, each the child of the one
 * before"; and a job's trace continues in its worker through BullMQ.
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

  it('continues a job’s trace in the worker that takes it: the trace context rides in the BullMQ job', async () => {
    // report.render runs in the worker pool's own process (no job process), so its span is recorded here.
    const pool = await startWorkerPool(one.config, ['report.render']);
    try {
      exporter.reset();
      const jobId = randomUUID();
      await one.app.queues.enqueue('report.render', jobId, { replyChannel: `reply!${'A'.repeat(22)}`, input: { sourceJobId: `missing-${run}` } });
      const named = (name: string) => exporter.getFinishedSpans().find((span) => span.name === name && span.attributes['switchyard.job'] === jobId);
      // The job has no record, so it fails at once; its span ends either way.
      await expect.poll(() => named('job report.render'), { timeout: 10_000 }).toBeDefined();
      const enqueue = named('job.enqueue report.render')!;
      const job = named('job report.render')!;
      expect(job.spanContext().traceId).toBe(enqueue.spanContext().traceId);
      expect(job.parentSpanContext?.spanId).toBe(enqueue.spanContext().spanId);
    } finally {
      await pool.close();
    }
  });
});
