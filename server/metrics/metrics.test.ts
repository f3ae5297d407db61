import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
