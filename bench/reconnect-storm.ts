import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DEFAULT_RECONNECT_BACKOFF, reconnectBackoff } from '../client/reconnect-backoff.ts';
import { createPrismaClient } from '../prisma/client.ts';
import { app } from '../server/features/index.ts';
import { startPrivateRedis } from '../server/testing/private-redis.ts';
import { createScratchDatabase } from '../server/testing/scratch-database.ts';
import { startChild } from './lib/children.ts';
import type { Child } from './lib/children.ts';
import { monotonicMs, sleep } from './lib/clock.ts';
import { openFileLimit } from './lib/proc.ts';
import { machineInfo } from './lib/report.ts';
import { runBench } from './lib/run-bench.ts';
import { startSwitchyardServers } from './lib/servers.ts';
import { connectDatabase, countersBetween, readCounters, sampleConnections } from './lib/storm-counters.ts';
import { stormSummary } from './lib/storm-summary.ts';
import type { StormReadersConfig, StormReadersReport } from './storm-readers.ts';

/**
 * `npm run -s bench:reconnect-storm -- [--clients N] ...`: an interface
 * server dies under N liveblog readers. Two interface servers (production,
 * --no-pages, compiled as `npm start` runs them) on a private redis-server
 * and a scratch database; N readers (bench/storm-readers.ts: lean sockets
 * reconnecting as the SDK does, jittered backoff, reply token, follow with
 * their cursor), half on each server, follow `--liveblogs` liveblogs while
 * posts are committed through the hooked Prisma client (outbox, relay) every
 * `--post-interval-ms`. Then one server gets kill -9 while posting goes on.
 * Measured from the kill: each of its readers' reconnect and catch-up time,
 * until every one has caught up (`allCaughtUpMs`, the target: ≤ 5 s at 5,000
 * readers of the killed server, 0 lost, 0 duplicated, on 2 cores), and over
 * that window the survivor's CPU, PostgreSQL's transactions, rows and
 * connections, and Redis's commands, beside the same figures over 5 s before
 * the kill. At the end every reader must hold exactly the committed posts.
 */
const USAGE = `usage: npm run -s bench:reconnect-storm -- [options]
  --clients N           readers, half on each server (default 10000)
  --liveblogs L         liveblogs they follow, reader i the (i mod L)th (default 1)
  --post-interval-ms T  one post every T ms, round robin over the liveblogs (default 1000)
  --generators G        reader processes (default clients/2500, 2..4)
  --reconnect-delay-ms D, --reconnect-jitter J   the SDK's reconnect option (default 1000, 0.5)
  --storm-timeout-s S   give up waiting for the catch-up after S s (default 60)
  --tsx                 run the servers through tsx (server/main.ts) instead of compiled
                        (npm run build:server's dist/server.mjs with plain node, as npm start runs them)
  --cpu-prof            V8 CPU profiles of every process in bench/results/prof-<time>/
  --timeout-s H         hard limit for the whole run (default 300 + clients × 0.02)`;

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    liveblogs: { type: 'string', default: '1' },
    'post-interval-ms': { type: 'string', default: '1000' },
    generators: { type: 'string' },
    'reconnect-delay-ms': { type: 'string', default: String(DEFAULT_RECONNECT_BACKOFF.delayMs) },
    'reconnect-jitter': { type: 'string', default: String(DEFAULT_RECONNECT_BACKOFF.jitter) },
    'storm-timeout-s': { type: 'string', default: '60' },
    'cpu-prof': { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
    'timeout-s': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const integer = (name: keyof typeof values, min: number): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${String(values[name])}"\n${USAGE}`);
  return value;
};
const clients = integer('clients', 2);
const liveblogs = integer('liveblogs', 1);
const postIntervalMs = integer('post-interval-ms', 10);
const generators = values.generators ? integer('generators', 1) : Math.min(4, Math.max(2, Math.ceil(clients / 2500)));
const stormTimeoutMs = integer('storm-timeout-s', 5) * 1000;
const backoff = reconnectBackoff({ delayMs: integer('reconnect-delay-ms', 1), jitter: Number(values['reconnect-jitter']) });
const timeoutS = values['timeout-s'] ? integer('timeout-s', 30) : 300 + Math.ceil(clients * 0.02);
const log = (line: string) => process.stderr.write(`[bench:reconnect-storm] ${line}\n`);

type Progress = { type: 'progress'; lost: number; reconnected: number; caughtUp: number; following: number };

/** Asks every reader process and sums the answers. */
async function ask<T extends { type: string }>(children: Child[], message: { type: T['type'] } & Record<string, unknown>, timeoutMs = 20_000): Promise<T[]> {
  return Promise.all(
    children.map((child) => {
      const answer = child.next<T & Record<string, unknown>>(message.type, timeoutMs);
      child.send(message);
      return answer;
    }),
  );
}
const sum = <T>(items: T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);

async function main() {
  const needed = Math.ceil(clients / generators) + 500;
  if (openFileLimit() < needed) throw new Error(`the open-file limit is ${openFileLimit()} but a reader process needs ${needed}: run it through npm run bench:reconnect-storm, which raises it`);
  const profileDir = values['cpu-prof'] ? `bench/results/prof-${new Date().toISOString().replace(/[:.]/g, '-')}` : undefined;
  const redisServer = await startPrivateRedis();
  const redisPort = Number(new URL(redisServer.url).port);
  const redis = new Redis(redisServer.url);
  const database = await createScratchDatabase('storm');
  const db = createPrismaClient(database.url, { hooks: app.hooks });
  const stats = await connectDatabase(database.url);
  const children: Child[] = [];
  let posting = false;
  let poster: Promise<void> = Promise.resolve();
  try {
    const set = await startSwitchyardServers({ processes: 2, redisUrl: redisServer.url, redisPrefix: 'sy-bench-storm', databaseUrl: database.url, profileDir, compiled: !values.tsx });
    log(`2 interface servers up: ${set.urls.join(', ')}`);
    const slugs = Array.from({ length: liveblogs }, (_, i) => `storm-${i}`);
    const ids = new Map(slugs.map((slug) => [slug, [] as string[]]));
    const liveblogIds = await Promise.all(slugs.map(async (slug) => (await db.liveblog.create({ data: { slug, title: slug }, select: { id: true } })).id));
    const per = Math.ceil(clients / generators);
    for (let g = 0; g * per < clients; g += 1) {
      const config: StormReadersConfig = {
        urls: set.urls,
        clients: Math.min(per, clients - g * per),
        offset: g * per,
        slugs,
        concurrency: 50,
        backoff,
        retryDelayMs: 1000,
        ackTimeoutMs: 10_000,
      };
      children.push(startChild({ name: `readers-${g + 1}`, module: 'bench/storm-readers.ts', args: [JSON.stringify(config)], nodeArgs: ['--experimental-websocket', '--no-warnings'], profileDir }));
    }
    const opened = await Promise.all(children.map((child) => child.next<{ type: 'opened'; following: number; firstError?: string }>('opened', 60_000 + clients * 20)));
    const following = sum(opened, (o) => o.following);
    log(`${following} of ${clients} readers follow ${liveblogs} liveblog(s)${opened.find((o) => o.firstError) ? ` (first error: ${opened.find((o) => o.firstError)?.firstError})` : ''}`);
    if (following < clients) throw new Error(`only ${following} of ${clients} readers follow`);
    // Posting starts once everyone follows (from "0", an empty liveblog): a reader then holds every post.
    posting = true;
    poster = (async () => {
      for (let n = 0; posting; n += 1) {
        const k = n % liveblogs;
        const { id } = await db.liveblogPost.create({ data: { liveblogId: liveblogIds[k] as string, body: `storm post ${n}` }, select: { id: true } });
        ids.get(slugs[k] as string)?.push(id);
        await sleep(postIntervalMs);
      }
    })();

    await sleep(3000);

    const [victim, survivor] = set.servers as [Child, Child];
    const pids = { survivor: survivor.pid, bench: process.pid, ...Object.fromEntries(children.map((child) => [child.name, child.pid])) };
    const read = () => readCounters(pids, redis, redisPort, stats);
    // The same figures over 5 s before the kill (posts flowing, every reader connected): the storm's are compared per second.
    const beforeBaseline = await read();
    const baselineStartedAt = monotonicMs();
    await sleep(5000);
    const baseline = countersBetween(beforeBaseline, await read());
    log(`baseline window: ${JSON.stringify(baseline)}`);

    const beforeStorm = await read();
    const connections = sampleConnections(await connectDatabase(database.url), 100);
    const killedAt = monotonicMs();
    process.kill(victim.pid, 'SIGKILL');
    await victim.exited;
    log(`killed ${victim.name} (pid ${victim.pid}) with SIGKILL`);
    let progress: Progress[] = [];
    const expectedLost = Math.ceil(clients / 2);
    for (;;) {
      progress = await ask<Progress>(children, { type: 'progress', since: killedAt });
      const caughtUp = sum(progress, (p) => p.caughtUp);
      if (caughtUp >= expectedLost || monotonicMs() - killedAt > stormTimeoutMs) break;
      await sleep(100);
    }
    const stormEndedAt = monotonicMs();
    const storm = countersBetween(beforeStorm, await read());
    const pgConnections = await connections.stop();
    log(`storm: ${sum(progress, (p) => p.caughtUp)} of ${sum(progress, (p) => p.lost)} lost readers caught up after ${Math.round(stormEndedAt - killedAt)} ms`);

    // Posts keep coming a while longer; then every reader must hold exactly the committed ones.
    await sleep(1000);
    posting = false;
    await poster;
    const expected = Object.fromEntries(ids);
    let reports: StormReadersReport[] = [];
    for (const deadline = monotonicMs() + 20_000; monotonicMs() < deadline; ) {
      await sleep(1000);
      reports = await ask<StormReadersReport>(children, { type: 'report', since: killedAt, expected });
      if (sum(reports, (r) => r.complete) === clients) break;
    }
    await Promise.all([...children, survivor].map((child) => child.stop()));
    return stormSummary({
      params: { clients, liveblogs, postIntervalMs, generators, backoff, interfaceServers: 2, compiled: !values.tsx, baselineStartedAt: Math.round(baselineStartedAt - killedAt) },
      machine: machineInfo(),
      reports,
      killedAt,
      stormMs: stormEndedAt - killedAt,
      expectedLost,
      posts: sum([...ids.values()], (list) => list.length),
      counters: { storm, baseline },
      pgConnections,
    });
  } finally {
    posting = false;
    await poster.catch(() => {});
    await Promise.all(children.map((child) => child.stop()));
    await db.$disconnect();
    await stats.end();
    redis.disconnect();
    await redisServer.kill();
    await database.drop().catch((error: Error) => log(`dropping the scratch database failed: ${error.message}`));
  }
}

runBench('reconnect-storm', timeoutS, main, (result) => result.errors.length === 0);
