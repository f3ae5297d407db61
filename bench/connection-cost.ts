/**
 * What a connection costs a server, Switchyard's (one `server/main.ts
 * --no-pages`, production, Redis channel layer on a private redis-server)
 * against the bare Socket.IO server (bench/bare-server.ts), in the same run:
 *
 * Each pair runs through tsx and then compiled (`npm run build:server`, plain node).
 *
 * - `idle`: memory before any client (after a full GC, lib/child-agent.ts);
 *   `rssLessYoungKB` leaves out V8's young generation, a reserve that grows
 *   with allocation rather than with what the process holds;
 * - `connect`: server CPU per new connection on the root namespace, with
 *   `--concurrency` handshakes in flight, rounds alternating bare/Switchyard;
 *   Switchyard's Redis commands per connection (INFO commandstats delta);
 * - `open`: server CPU per second with every connection of a round open and
 *   no traffic (timers, heartbeats, TTL refreshes).
 *
 * `npm run -s bench:connection-cost -- [--clients N] [--rounds R] [--concurrency C] [--idle-s S]`
 */
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { startPrivateRedis } from '../server/testing/private-redis.ts';
import type { MemoryReport } from './lib/child-agent.ts';
import type { Child } from './lib/children.ts';
import { parseIntOptions } from './lib/int-options.ts';
import { cpuMicros } from './lib/proc.ts';
import { runBench } from './lib/run-bench.ts';
import { startBareServer, startSwitchyardServers } from './lib/servers.ts';
import type { ServerSet } from './lib/servers.ts';
import { benchDatabase } from './lib/bench-database.ts';
import { round } from './lib/stats.ts';

const USAGE = `usage: npm run -s bench:connection-cost -- [--clients N] [--rounds R] [--concurrency C] [--idle-s S]`;
const { clients, rounds, concurrency, 'idle-s': idleS } = parseIntOptions(
  process.argv.slice(2),
  { clients: { default: 1000, min: 1 }, rounds: { default: 3, min: 1 }, concurrency: { default: 50, min: 1 }, 'idle-s': { default: 5, min: 1 } },
  USAGE,
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** A server's memory after a full GC, as its agent reports it. */
async function memory(server: Child) {
  const answer = server.next<MemoryReport>('bench.memory', 30_000);
  server.send({ type: 'bench.memory' });
  const r = await answer;
  return { rssKB: r.rssKB, rssLessYoungKB: r.rssKB - r.youngKB, heapUsedKB: r.heapUsedKB, externalKB: r.externalKB };
}

/** Opens `count` root-namespace connections, `concurrency` at a time; rejects on the first failure. */
async function connectAll(url: string, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
      sockets.push(socket);
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  const lane = async () => {
    while (next < count) {
      next += 1;
      await one();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return sockets;
}

/** Redis commands processed so far (INFO commandstats, summed). */
async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), -1); // -1: this INFO itself
}

type Round = { cpuPerConnectionUs: number; connectsPerSecond: number; openCpuMsPerSecond: number; redisCommandsPerConnection?: number };

/** One round on one server: connect `clients`, keep them open `idleS` seconds, close them. */
async function measureRound(set: ServerSet, redis?: Redis): Promise<Round> {
  const pid = set.servers[0]!.pid;
  const [cpu0, commands0, t0] = [cpuMicros(pid), redis ? await redisCommands(redis) : 0, performance.now()];
  const sockets = await connectAll(set.urls[0]!, clients);
  const [cpu1, commands1, t1] = [cpuMicros(pid), redis ? await redisCommands(redis) : 0, performance.now()];
  await sleep(500);
  const cpu2 = cpuMicros(pid);
  await sleep(idleS * 1000);
  const cpu3 = cpuMicros(pid);
  for (const socket of sockets) socket.close();
  await sleep(1500);
  return {
    cpuPerConnectionUs: round((cpu1 - cpu0) / clients),
    connectsPerSecond: round(clients / ((t1 - t0) / 1000)),
    openCpuMsPerSecond: round((cpu3 - cpu2) / 1000 / idleS),
    ...(redis ? { redisCommandsPerConnection: round((commands1 - commands0) / clients) } : {}),
  };
}

const summary = (rs: Round[]) => ({
  cpuPerConnectionUs: median(rs.map((r) => r.cpuPerConnectionUs)),
  connectsPerSecond: median(rs.map((r) => r.connectsPerSecond)),
  openCpuMsPerSecond: median(rs.map((r) => r.openCpuMsPerSecond)),
  ...(rs[0]?.redisCommandsPerConnection === undefined ? {} : { redisCommandsPerConnection: median(rs.map((r) => r.redisCommandsPerConnection ?? 0)) }),
});

/**
 * Both servers run one way: through tsx (`server/main.ts`, as tests and
 * `npm run serve` run it) or compiled (`dist/server.mjs` with plain node, as
 * `npm start` runs it; the bare server bundled the same way).
 */
async function measurePair(mode: 'tsx' | 'compiled', redis: Redis, redisUrl: string, databaseUrl: string, log: (line: string) => void) {
  const compiled = mode === 'compiled';
  const bare = await startBareServer(undefined, { compiled });
  const switchyard = await startSwitchyardServers({ processes: 1, redisUrl, redisPrefix: `sy-bench-conn-${mode}`, databaseUrl, profileDir: undefined, compiled });
  try {
    await sleep(3000);
    const idle = { bare: await memory(bare.servers[0]!), switchyard: await memory(switchyard.servers[0]!) };
    log(`${mode}: idle RSS bare ${idle.bare.rssKB} KB, switchyard ${idle.switchyard.rssKB} KB`);
    const perRound: { bare: Round[]; switchyard: Round[] } = { bare: [], switchyard: [] };
    for (let i = 0; i < rounds; i += 1) {
      perRound.bare.push(await measureRound(bare));
      perRound.switchyard.push(await measureRound(switchyard, redis));
      log(`${mode} round ${i + 1}: ${JSON.stringify({ bare: perRound.bare.at(-1), switchyard: perRound.switchyard.at(-1) })}`);
    }
    const [b, s] = [summary(perRound.bare), summary(perRound.switchyard)];
    return {
      idle,
      connect: { bare: b, switchyard: s },
      ratios: {
        idleRss: round(idle.switchyard.rssLessYoungKB / idle.bare.rssLessYoungKB),
        cpuPerConnection: round(s.cpuPerConnectionUs / b.cpuPerConnectionUs),
        openCpu: b.openCpuMsPerSecond > 0 ? round(s.openCpuMsPerSecond / b.openCpuMsPerSecond) : null,
      },
      targets: {
        idleRssMiB: { limit: 100, actual: round(idle.switchyard.rssLessYoungKB / 1024, 1) },
        cpuPerConnectionVsBare: { limit: 1.3, actual: round(s.cpuPerConnectionUs / b.cpuPerConnectionUs) },
      },
      perRound,
    };
  } finally {
    await Promise.all([...bare.servers, ...switchyard.servers].map((server) => server.stop()));
  }
}

runBench('connection-cost', 120 + 2 * rounds * (30 + clients * 0.02), async () => {
  const log = (line: string) => process.stderr.write(`[bench:connection-cost] ${line}\n`);
  const redisServer = await startPrivateRedis();
  const redis = new Redis(redisServer.url);
  const databaseUrl = await benchDatabase(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard');
  try {
    const tsx = await measurePair('tsx', redis, redisServer.url, databaseUrl, log);
    const compiled = await measurePair('compiled', redis, redisServer.url, databaseUrl, log);
    return { bench: 'connection-cost', clients, rounds, concurrency, idleS, tsx, compiled };
  } finally {
    redis.disconnect();
    await redisServer.kill();
  }
});
