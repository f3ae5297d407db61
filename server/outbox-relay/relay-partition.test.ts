import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { PostChange } from '../features/liveblog/liveblog-protocol.ts';
import { startApp } from '../start-app.ts';
import type { RunningApp } from '../start-app.ts';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { startTcpProxy } from '../testing/tcp-proxy.ts';
import type { TcpProxy } from '../testing/tcp-proxy.ts';
import { testEnv, uniquePrefix } from '../testing/test-server.ts';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { startOutboxRelay } from './outbox-relay.ts';
import type { OutboxRelay } from './outbox-relay.ts';
import { relayLeader } from './relay-leadership.ts';
import { createScratchDatabase } from '../../prisma/hooks/testing/scratch-database.ts';
import type { ScratchDatabase } from '../../prisma/hooks/testing/scratch-database.ts';
import { app } from '../features/index.ts';

const LEASE_MS = 1500;
const POLL_MS = 100;

/**
 * The relay lease: "when the leader's connection to PostgreSQL goes silent —
 * a partition that closes nothing — another relay ends the silent session
 * once it has been silent for the lease, and publishes what was committed
 * meanwhile, once; when the partition heals the ex-leader follows and
 * publishes nothing". Two relays in this process, each reaching PostgreSQL
 * through a TCP proxy the test can blackhole.
 */
describe('outbox relay under a silent partition', () => {
  const run = randomBytes(3).toString('hex');
  const slug = `partition-${run}`;
  let scratch: ScratchDatabase;
  let db: Database;
  let running: RunningApp;
  let reader: SocketCommunicator;
  let liveblogId = '';
  const proxies: TcpProxy[] = [];
  const relays: OutboxRelay[] = [];
  const logs: string[][] = [[], []];

  beforeAll(async () => {
    scratch = await createScratchDatabase('partition');
    db = createPrismaClient(scratch.url, { hooks: app.hooks });
    running = await startApp(loadConfig(testEnv({ REDIS_PREFIX: uniquePrefix(), DATABASE_URL: scratch.url })), app, {}, { relay: false });
    liveblogId = (await db.liveblog.create({ data: { slug, title: 'Partition' }, select: { id: true } })).id;
    reader = await SocketCommunicator.connect(running.server.url, { namespace: '/liveblog' });
    expect(await reader.request('liveblog.follow', { slug })).toMatchObject({ ok: true });
    const target = new URL(scratch.url);
    for (const i of [0, 1]) {
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      proxies.push(proxy);
      const url = new URL(scratch.url);
      url.port = String(proxy.port);
      const log = (line: string) => void logs[i]?.push(line);
      relays.push(await startOutboxRelay({ databaseUrl: url.toString(), layer: running.server.layer, leaseMs: LEASE_MS, pollIntervalMs: POLL_MS, log }));
    }
  });
  afterAll(async () => {
    reader?.close();
    for (const proxy of proxies) proxy.heal();
    await Promise.all(relays.map((relay) => relay.stop()));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await running?.stop();
    await db?.$disconnect();
    await scratch?.drop();
  });

  const post = (body: string) => db.liveblogPost.create({ data: { liveblogId, body }, select: { id: true } });
  const query = { query: <R extends object>(text: string, values: unknown[] = []) => db.$queryRawUnsafe<R[]>(text, ...values) };

  it('the other relay ends the silent leader’s session after the lease and delivers what was committed meanwhile, once', async () => {
    await post('before the partition');
    expect(await reader.receive<PostChange>('post.published')).toMatchObject({ post: { body: 'before the partition' } });
    // Marked sent too: a partition between publishing and marking would rightly make the next leader publish it again.
    await expect.poll(() => db.outboxEvent.count({ where: { sentAt: null } })).toBe(0);
    const leading = relays.findIndex((relay) => relay.isLeader);
    const other = 1 - leading;
    const holder = await relayLeader(query);
    expect(proxies[leading]?.upstreamPorts()).toContain(holder?.clientPort);

    proxies[leading]?.blackhole();
    const cut = performance.now();
    await post('during the partition');
    const delivered = await reader.receive<PostChange>('post.published', LEASE_MS * 6);
    const handoverMs = performance.now() - cut;
    expect(delivered.post.body).toBe('during the partition');
    // Not before the lease (a slow leader is not a dead one), and well within the documented bound.
    expect(handoverMs).toBeGreaterThan(LEASE_MS - 2 * POLL_MS);
    expect(handoverMs).toBeLessThan(LEASE_MS * 4);
    expect(relays[other]?.isLeader).toBe(true);
    expect(logs[other]?.join('\n')).toMatch(/ended the session of a relay silent for \d+ ms/);
    await reader.receiveNothing('post.published', 500);
  });

  it('when the partition heals the ex-leader follows: later posts arrive once, and nothing is republished', async () => {
    const exLeader = relays.findIndex((relay) => !relay.isLeader);
    proxies[exLeader]?.heal();
    await expect.poll(() => logs[exLeader]?.some((line) => /reconnected/.test(line)), { timeout: LEASE_MS * 6 }).toBe(true);
    await post('after the partition');
    expect(await reader.receive<PostChange>('post.published')).toMatchObject({ post: { body: 'after the partition' } });
    await reader.receiveNothing('post.published', 500);
    expect(relays[exLeader]?.isLeader).toBe(false);
    expect(await db.outboxEvent.count({ where: { sentAt: null } })).toBe(0);
  });
});
