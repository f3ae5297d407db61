import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../prisma/client.ts';
import { createUser } from './auth/index.ts';
import { startPrivateRedis } from './testing/private-redis.ts';
import { SocketCommunicator } from './testing/socket-communicator.ts';
import { spawnInterfaceServer } from './testing/spawn-server.ts';
import { testDatabaseUrl } from './testing/test-database.ts';
import { startTestServer } from './testing/test-server.ts';
import type { TestServer } from './testing/test-server.ts';
import { app } from './features/index.ts';

const SHUTDOWN_TIMEOUT_MS = 2000;

describe('/healthz', () => {
  let healthy: TestServer;
  let noRedis: TestServer;

  beforeAll(async () => {
    healthy = await startTestServer();
    // Port 1 is closed: the server must start anyway and say it is degraded.
    noRedis = await startTestServer({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await healthy?.close();
    await noRedis?.close();
  });

  it('answers 200 {status: ok, redis: ok, postgres: ok} when Redis and PostgreSQL answer, never cached', async () => {
    const response = await fetch(`${healthy.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok', redis: 'ok', postgres: 'ok' });
  });

  it('answers 503 with redis: down when Redis does not answer, and the server keeps running', async () => {
    const started = Date.now();
    const response = await fetch(`${noRedis.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', redis: 'down', postgres: 'ok' });
    expect(Date.now() - started).toBeLessThan(3000); // the check is bounded, it does not hang on Redis
    // Still alive: it answers again, the same way.
    const again = await fetch(`${noRedis.url}/healthz`);
    expect(again.status).toBe(503);
  });

  it('answers other paths with 404, not with a crash', async () => {
    const response = await fetch(`${healthy.url}/no-such-page`);
    expect(response.status).toBe(404);
  });
});

describe('graceful shutdown (SIGTERM) of a spawned interface server', () => {
  it('tells clients `server.draining`, closes their transport so they reconnect elsewhere, and exits 0 within the bound', async () => {
    const server = await spawnInterfaceServer({ SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    // A browser-like client: reconnection stays ENABLED, as in the React provider.
    const client = io(server.url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 60_000 });
    const seen: string[] = [];
    try {
      const assigned = new Promise<void>((resolve) => client.once('reply.assigned', () => resolve()));
      const draining = new Promise<unknown>((resolve) => client.once('server.draining', resolve));
      const disconnected = new Promise<string>((resolve) => client.once('disconnect', resolve));
      client.once('server.draining', () => seen.push('server.draining'));
      client.once('disconnect', (reason) => seen.push(`disconnect: ${reason}`));
      await assigned;

      const started = Date.now();
      const exitCode = server.stop('SIGTERM');
      expect(await draining).toEqual({ reconnectAfterMs: 0 });
      // "transport close", not "io server disconnect": the client reconnects on its own (through the load balancer).
      expect(await disconnected).toBe('transport close');
      expect(client.active).toBe(true);
      expect(await exitCode).toBe(0);
      expect(Date.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1500);
      expect(seen).toEqual(['server.draining', 'disconnect: transport close']);
      expect(server.output()).toMatch(/SIGTERM: shutting down/);
      expect(server.output()).not.toMatch(/tasks still running|shutdown failed/);
    } finally {
      client.close();
      await server.stop('SIGKILL');
    }
  });
});

describe('a Redis outage while serving', () => {
  it('does not crash a spawned server: a staff broadcast during the outage is answered `unavailable`, /healthz says redis: down', async () => {
    const run = randomBytes(4).toString('hex');
    const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
    const redis = await startPrivateRedis();
    const server = await spawnInterfaceServer({ REDIS_URL: redis.url });
    try {
      await createUser(db, { username: `outage-${run}`, password: 'correct horse battery', isStaff: true });
      const login = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ username: `outage-${run}`, password: 'correct horse battery' }),
      });
      const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const staff = await SocketCommunicator.connect(server.url, { headers: { cookie } });

      // Let the connection finish joining its groups (reply.assigned comes before that; see bad-input.test.ts).
      await new Promise((resolve) => setTimeout(resolve, 300));

      await redis.kill();
      // Once the server has noticed (its Redis clients saw the connection close), a broadcast is answered honestly.
      await expect.poll(async () => (await fetch(`${server.url}/healthz`)).status, { timeout: 5_000 }).toBe(503);
      expect(await staff.request('announcement.post', { text: 'during the outage' })).toEqual({
        ok: false,
        error: { code: 'unavailable', message: 'Redis is not reachable right now; retry shortly' },
      });
      await new Promise((resolve) => setTimeout(resolve, 2000)); // ioredis gives up on a command after 3 reconnect attempts
      expect(server.child.exitCode).toBeNull();
      expect(staff.socket.connected).toBe(true);
      expect(await staff.request('connection.ping', { sentAt: 1 })).toMatchObject({ ok: true });
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ redis: 'down', postgres: 'ok' });
      staff.close();
    } finally {
      await server.stop('SIGKILL');
      await redis.kill();
      await db.user.deleteMany({ where: { username: `outage-${run}` } });
      await db.$disconnect();
    }
  });
});
