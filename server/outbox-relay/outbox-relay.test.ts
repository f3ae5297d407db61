import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { PostChange } from '../features/liveblog/liveblog-protocol.ts';
import { startApp } from '../start-app.ts';
import type { RunningApp } from '../start-app.ts';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { testEnv, uniquePrefix } from '../testing/test-server.ts';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { freePort } from '../testing/free-port.ts';
import { spawnCommand } from '../testing/spawn-command.ts';
import type { SwitchyardProcess } from '../testing/switchyard-process.ts';
import { createScratchDatabase } from '../testing/scratch-database.ts';
import type { ScratchDatabase } from '../testing/scratch-database.ts';
import { app } from '../features/index.ts';

/**
 * The outbox relay: "a committed change is published once the relay runs,
 * however long after the commit; a relay killed with SIGKILL loses nothing
 * and repeats nothing that was marked sent; a write from another process is
 * published; a rolled-back write never is; a relay process shows on /metrics
 * how long after its commit it published each row". The interface server here runs
 * without its own relay so the test decides when one runs.
 */
describe('outbox relay', () => {
  const run = randomBytes(3).toString('hex');
  const slug = `relay-${run}`;
  const prefix = uniquePrefix();
  let scratch: ScratchDatabase;
  let db: Database;
  let running: RunningApp;
  let reader: SocketCommunicator;
  let liveblogId = '';
  const relays: SwitchyardProcess[] = [];
  const env = () => ({ REDIS_PREFIX: prefix, DATABASE_URL: scratch.url });
  const startRelay = async (more: Record<string, string> = {}) => {
    const relay = spawnCommand(['relay'], { env: testEnv({ ...env(), ...more }) });
    relays.push(relay);
    await relay.waitForOutput(/outbox relay running/);
    return relay;
  };
  const unsent = () => db.outboxEvent.count({ where: { sentAt: null } });

  beforeAll(async () => {
    scratch = await createScratchDatabase('relay');
    db = createPrismaClient(scratch.url, { hooks: app.hooks });
    running = await startApp(loadConfig(testEnv(env())), app, {}, { relay: false });
    liveblogId = (await db.liveblog.create({ data: { slug, title: 'Relay' }, select: { id: true } })).id;
    reader = await SocketCommunicator.connect(running.server.url, { namespace: '/liveblog' });
    expect(await reader.request('liveblog.follow', { slug })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    reader?.close();
    await Promise.all(relays.map((relay) => relay.stop('SIGKILL')));
    await running?.stop();
    await db?.$disconnect();
    await scratch?.drop();
  });

  it('a commit made while no relay runs is delivered once when a relay starts', async () => {
    await db.liveblogPost.create({ data: { liveblogId, body: 'while down' } });
    await reader.receiveNothing('post.published', 300);
    expect(await unsent()).toBe(1);
    await startRelay();
    expect(await reader.receive<PostChange>('post.published')).toMatchObject({ post: { body: 'while down' } });
    await reader.receiveNothing('post.published', 300);
  });

  it('after the relay is killed (SIGKILL), a new one delivers what was committed meanwhile, and nothing twice', async () => {
    const killed = relays.at(-1)!;
    await killed.stop('SIGKILL');
    await db.liveblogPost.create({ data: { liveblogId, body: 'while killed' } });
    await reader.receiveNothing('post.published', 300);
    await startRelay();
    expect(await reader.receive<PostChange>('post.published')).toMatchObject({ post: { body: 'while killed' } });
    await reader.receiveNothing('post.published', 300);
    expect(await unsent()).toBe(0);
  });

  it('a post written by another process (`switchyard post`) is published', async () => {
    const post = spawnCommand(['post', slug, 'from a script'], { env: testEnv(env()) });
    expect(await post.exited).toBe(0);
    expect(await reader.receive<PostChange>('post.published')).toMatchObject({ post: { body: 'from a script', author: null } });
  });

  it('a rolled-back interactive transaction is never published', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await tx.liveblogPost.create({ data: { liveblogId, body: 'never' } });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await db.liveblogPost.create({ data: { liveblogId, body: 'after the rollback' } });
    expect(await reader.receive<PostChange>('post.published')).toMatchObject({ post: { body: 'after the rollback' } });
    await reader.receiveNothing('post.published', 300);
  });

  it('two relays at once publish each change once (one holds the relay lock)', async () => {
    await startRelay();
    for (const body of ['pair 1', 'pair 2', 'pair 3']) await db.liveblogPost.create({ data: { liveblogId, body } });
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await reader.receive<PostChange>('post.published')).post.body);
    expect(bodies).toEqual(['pair 1', 'pair 2', 'pair 3']);
    await reader.receiveNothing('post.published', 300);
  });

  it('a backlog whose ids cross a power of ten (…, 9, 10, … or 99, 100, …) is published in id order', async () => {
    await Promise.all(relays.map((relay) => relay.stop('SIGKILL')));
    // The next outbox ids run from a power of ten minus 4 across it, as a text sort would misorder them.
    const [row] = await db.$queryRaw<{ last: bigint }[]>`SELECT COALESCE(max(id), 1) AS last FROM outbox_events`;
    let power = 10n;
    while (power - 5n <= BigInt(row?.last ?? 1)) power *= 10n;
    await db.$queryRaw`SELECT setval('outbox_events_id_seq', ${power - 5n})`;
    const bodies = Array.from({ length: 8 }, (_, i) => `backlog ${i + 1}`);
    for (const body of bodies) await db.liveblogPost.create({ data: { liveblogId, body } });
    await startRelay();
    const received = [];
    for (let i = 0; i < bodies.length; i += 1) received.push((await reader.receive<PostChange>('post.published')).post.body);
    expect(received).toEqual(bodies);
  });

  it('serves its commit → publish histogram on /metrics at RELAY_METRICS_PORT', async () => {
    await Promise.all(relays.map((relay) => relay.stop('SIGKILL')));
    const port = await freePort();
    await startRelay({ RELAY_METRICS_PORT: String(port) });
    const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(await scrape()).toMatch(/^switchyard_outbox_relay_delay_seconds_count\{role="relay"\} 0$/m);
    await db.liveblogPost.create({ data: { liveblogId, body: 'timed' } });
    expect(await reader.receive<PostChange>('post.published')).toMatchObject({ post: { body: 'timed' } });
    await expect.poll(scrape).toMatch(/^switchyard_outbox_relay_delay_seconds_count\{role="relay"\} 1$/m);
    expect(await scrape()).toMatch(/^switchyard_outbox_relay_delay_seconds_bucket\{le="10",role="relay"\} 1$/m);
  });
});
