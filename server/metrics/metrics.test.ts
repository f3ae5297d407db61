import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { repliesUntil, uploadCsv } from '../testing/job-client.ts';
import { spawnWorker } from '../testing/spawn-worker.ts';
import type { SwitchyardProcess } from '../testing/switchyard-process.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Prometheus /metrics: connections, queue depth and event-loop delay on servers; job durations on workers; access controlled. */
describe('/metrics', () => {
  let server: TestServer;
  let worker: SwitchyardProcess;
  let workerPort: number;
  const token = 'metrics-token-for-tests';
  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN: token });
    workerPort = await freePort();
    worker = await spawnWorker(['bigdata.process'], {
      env: {
        REDIS_PREFIX: server.config.redisPrefix,
        DATABASE_URL: server.config.databaseUrl,
        WORKER_METRICS_PORT: String(workerPort),
      },
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  it('refuses a scrape without the token and serves the interface server’s metrics with it', async () => {
    await server.connect({ namespace: '/jobs' });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(403);
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/switchyard_connections\{namespace="\/jobs",role="interface-server"\} 1/);
    expect(text).toMatch(/switchyard_queue_depth\{channel="bigdata.process"/);
    expect(text).toMatch(/nodejs_eventloop_lag_p99_seconds/);
  });

  it('serves job durations from a worker after it ran a job', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    await uploadCsv(server.url, client, 'x\n1\n2\n');
    await repliesUntil(client, 'job.completed');
    const scrape = async () =>
      (await fetch(`http://127.0.0.1:${workerPort}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    // The reply leaves the job's thread before BullMQ marks the job completed and the pool observes its duration.
    await expect
      .poll(scrape, { timeout: 5_000 })
      .toMatch(/switchyard_job_duration_seconds_count\{role="worker",channel="bigdata.process",outcome="completed"\} 1/);
  });
});

/** The value of one sample (`name{labels} value`) in a scrape, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/**
 * Delivery metrics after a real flow: "a liveblog post committed by staff,
 * relayed and emitted to a reader; a job whose result a worker publishes
 * through Redis; a refused event; a reconnect that catches up — each shows up
 * in its histogram or counter on the interface server's /metrics, and the
 * job's queue wait on the worker's".
 */
describe('delivery metrics', () => {
  const run = randomBytes(3).toString('hex');
  const slug = `metrics-${run}`;
  let server: TestServer;
  let worker: SwitchyardProcess;
  let workerPort: number;
  let staffCookie = '';
  beforeAll(async () => {
    server = await startTestServer();
    workerPort = await freePort();
    worker = await spawnWorker(['bigdata.process'], { env: { REDIS_PREFIX: server.config.redisPrefix, DATABASE_URL: server.config.databaseUrl, WORKER_METRICS_PORT: String(workerPort) } });
    const staff = await createUser(server.db, { username: `metrics-${run}`, password: 'correct horse battery', isStaff: true });
    staffCookie = `${SESSION_COOKIE}=${(await server.sessions.create(staff.id)).token}`;
    await server.db.liveblog.create({ data: { slug, title: 'Metrics' } });
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.db.liveblog.deleteMany({ where: { slug } });
    await server?.db.user.deleteMany({ where: { username: `metrics-${run}` } });
    await server?.close();
  });
  const scrape = async (url = server.url) => (await fetch(`${url}/metrics`)).text();

  it('times a post from commit to relay publish to socket emit, and counts refusals', async () => {
    const before = await scrape();
    const reader = await server.connect({ namespace: '/liveblog' });
    const follow = await reader.request<{ cursor: string }>('liveblog.follow', { slug });
    expect(follow.ok).toBe(true);
    const editor = await server.connect({ namespace: '/liveblog', headers: { cookie: staffCookie } });
    expect(await editor.request('post.create', { slug, body: 'measured' })).toMatchObject({ ok: true });
    await reader.receive('post.published');
    expect(await editor.request('post.create', { slug, body: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const after = await scrape();
    expect(sample(after, 'switchyard_outbox_relay_delay_seconds_count')).toBeGreaterThan(sample(before, 'switchyard_outbox_relay_delay_seconds_count'));
    expect(sample(after, 'switchyard_outbox_relay_delay_seconds_bucket', { le: '10' })).toBe(sample(after, 'switchyard_outbox_relay_delay_seconds_count'));
    expect(sample(after, 'switchyard_emit_delay_seconds_count', { namespace: '/liveblog', path: 'local' })).toBeGreaterThan(0);
    expect(sample(after, 'switchyard_events_refused_total', { namespace: '/liveblog', code: 'invalid_input' })).toBe(1);
    const cursor = follow.ok ? follow.data.cursor : '';

    // A reader back after a post it missed: a reconnect, and a catch-up of one post.
    reader.close();
    expect(await editor.request('post.create', { slug, body: 'missed' })).toMatchObject({ ok: true });
    const back = await server.connect({ namespace: '/liveblog', auth: { reply: reader.replyToken, lastSeq: 0 } });
    expect(await back.request('liveblog.follow', { slug, after: cursor })).toMatchObject({ ok: true });
    const caughtUp = await scrape();
    expect(sample(caughtUp, 'switchyard_reconnects_total', { namespace: '/liveblog' })).toBeGreaterThan(0);
    expect(sample(caughtUp, 'switchyard_catchup_messages_count', { kind: 'liveblog' })).toBe(1);
    expect(sample(caughtUp, 'switchyard_catchup_messages_sum', { kind: 'liveblog' })).toBeGreaterThanOrEqual(1);
  });

  it('times a worker’s reply from its publish through Redis to the emit, and the job’s queue wait', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    await uploadCsv(server.url, client, 'x\n1\n2\n');
    await repliesUntil(client, 'job.completed');
    expect(sample(await scrape(), 'switchyard_emit_delay_seconds_count', { namespace: '/jobs', path: 'redis' })).toBeGreaterThan(0);
    const workerScrape = await scrape(`http://127.0.0.1:${workerPort}`);
    expect(sample(workerScrape, 'switchyard_job_queue_wait_seconds_count', { channel: 'bigdata.process' })).toBe(1);
  });
});

/**
 * /metrics without METRICS_TOKEN: loopback is trusted only when no proxy is
 * (TRUST_PROXY=0). Behind a reverse proxy on the same machine every client
 * arrives from loopback, so the token is required.
 */
describe('/metrics without METRICS_TOKEN', () => {
  let direct: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    [direct, proxied] = await Promise.all([startTestServer(), startTestServer({ TRUST_PROXY: '1' })]);
  });
  afterAll(async () => {
    await Promise.all([direct?.close(), proxied?.close()]);
  });

  it('with no trusted proxy, a client on this machine reads the metrics', async () => {
    const response = await fetch(`${direct.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/nodejs_eventloop_lag_p99_seconds/);
  });

  it('behind a trusted proxy (TRUST_PROXY=1), a loopback client is refused and told to set METRICS_TOKEN', async () => {
    const response = await fetch(`${proxied.url}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/METRICS_TOKEN/);
  });
});
