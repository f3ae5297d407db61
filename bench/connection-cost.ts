/**
 * What a connection costs a server, Switchyard's (one `server/main.ts
 * --no-pages`, production, Redis channel layer on a private redis-server)
 * against the bare Socket.IO server (bench/bare-server.ts), in the same run:
 *
 * Each pair runs through tsx and then compiled (`npm run build:server`, plain
 * node); `--baseline REF` adds, compiled, the server of another commit
 * (lib/compiled.ts `buildServerAt`), measured in the same rounds: before/after.
 *
 * - `idle`: memory before any client (after a full GC, lib/child-agent.ts);
 *   `rssLessYoungKB` leaves out V8's young generation, a reserve that grows
 *   with allocation rather than with what the process holds; `settledIdle`
 *   the same 15 s after start, once V8's memory reducer has given an idle
 *   process's young generation back (its plain RSS is what a dashboard shows);
 * - `connect`: server CPU per new connection on the root namespace, with
 *   `--concurrency` handshakes in flight, rounds alternating the servers;
 *   Switchyard's Redis commands per connection (INFO commandstats delta);
 * - `open`: server CPU per second with every connection of a round open and
 *   no traffic (timers, heartbeats, TTL refreshes), over `--idle-s` seconds
 *   from `--settle-s` seconds after the last connect, when the work the
 *   connects left behind (V8's concurrent marking and sweeping of their
 *   garbage) is done; `settledCpuPerConnectionUs` counts that work too: CPU
 *   from the first connect to the idle window, less the idle rate over the
 *   same time, per connection. Socket.IO pings every 25 s: `--idle-s 30`
 *   takes its heartbeat in;
 * - `join`: server CPU per new `/chat` connection that then joins a room
 *   (`room.join` as a guest, `--rooms` rooms that exist already, its
 *   acknowledgement awaited): the bare server joins a Socket.IO room and acks.
 *
 * `npm run -s bench:connection-cost -- [--clients N] [--rounds R] [--concurrency C] [--idle-s S] [--settle-s T] [--rooms K] [--modes tsx,compiled] [--baseline REF] [--cpu-prof]`
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startPrivateRedis } from '../server/testing/private-redis.ts';
import { REPO_ROOT } from '../server/testing/switchyard-process.ts';
import type { MemoryReport } from './lib/child-agent.ts';
import type { Child } from './lib/children.ts';
import { buildServerAt } from './lib/compiled.ts';
import { openConnections } from './lib/open-connections.ts';
import type { JoinSpec } from './lib/open-connections.ts';
import { cpuMicros } from './lib/proc.ts';
import { runBench } from './lib/run-bench.ts';
import { startBareServer, startSwitchyardServers } from './lib/servers.ts';
import type { ServerSet } from './lib/servers.ts';
import { benchDatabase } from './lib/bench-database.ts';
import { round } from './lib/stats.ts';

const USAGE = `usage: npm run -s bench:connection-cost -- [--clients N] [--rounds R] [--concurrency C] [--idle-s S] [--settle-s T] [--rooms K] [--modes tsx,compiled] [--baseline REF] [--skip-join] [--cpu-prof]`;
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '50' },
    'idle-s': { type: 'string', default: '5' },
    'settle-s': { type: 'string', default: '3' },
    rooms: { type: 'string' },
    modes: { type: 'string', default: 'tsx,compiled' },
    baseline: { type: 'string' },
    'skip-join': { type: 'boolean' },
    'cpu-prof': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const positive = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${text}"\n${USAGE}`);
  return value;
};
const clients = positive('clients', values.clients);
const rounds = positive('rounds', values.rounds);
const concurrency = positive('concurrency', values.concurrency);
const idleS = positive('idle-s', values['idle-s']);
const settleS = positive('settle-s', values['settle-s']);
const rooms = positive('rooms', values.rooms ?? String(Math.max(1, Math.ceil(clients / 20))));
const modes = values.modes.split(',').map((m) => m.trim());
for (const mode of modes) if (mode !== 'tsx' && mode !== 'compiled') throw new Error(`--modes: unknown mode "${mode}"\n${USAGE}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const profileDir = values['cpu-prof'] ? `${REPO_ROOT}bench/results/prof-${stamp}` : undefined;
const roomPrefix = `cc-${process.pid}-`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Of an even count, the mean of the two middle values (the upper one alone was reported before).
/** How long after the first idle reading the second is taken (15 s after the servers started). */
const SETTLED_IDLE_MS = 12_000;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? sorted[middle]! : round((sorted[middle - 1]! + sorted[middle]!) / 2);
};

/** A server's memory after a full GC, as its agent reports it. */
async function memory(server: Child) {
  const answer = server.next<MemoryReport>('bench.memory', 30_000);
  server.send({ type: 'bench.memory' });
  const r = await answer;
  return { rssKB: r.rssKB, rssLessYoungKB: r.rssKB - r.youngKB, heapUsedKB: r.heapUsedKB, externalKB: r.externalKB };
}

/** Redis commands processed so far, by command (INFO commandstats). */
async function redisCommands(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  return new Map([...info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** Commands per connection between two readings (the second reading's INFO left out), the busiest first. */
function commandsPer(before: Map<string, number>, after: Map<string, number>, count: number): Record<string, number> {
  const deltas = [...after].map(([name, calls]) => [name, calls - (before.get(name) ?? 0) - (name === 'info' ? 1 : 0)] as const);
  return Object.fromEntries(deltas.filter(([, d]) => d > 0).sort((a, b) => b[1] - a[1]).map(([name, d]) => [name, round(d / count)]));
}

type Round = { cpuPerConnectionUs: number; connectsPerSecond: number; openCpuMsPerSecond?: number; settledCpuPerConnectionUs?: number; redisCommandsPerConnection?: number; redisCommands?: Record<string, number> };
type Subject = { name: string; set: ServerSet; redis?: Redis };

/**
 * One round on one server: open `clients` connections (root namespace, or
 * `/chat` joining a room with `join`); for the root namespace keep them open
 * `idleS` seconds; then close them.
 */
async function measureRound({ set, redis }: Subject, join?: JoinSpec): Promise<Round> {
  const pid = set.servers[0]!.pid;
  const [cpu0, commands0, t0] = [cpuMicros(pid), redis ? await redisCommands(redis) : undefined, performance.now()];
  const sockets = await openConnections(join ? `${set.urls[0]!}/chat` : set.urls[0]!, clients, concurrency, join);
  const [cpu1, commands1, t1] = [cpuMicros(pid), redis ? await redisCommands(redis) : undefined, performance.now()];
  let open: Pick<Round, 'openCpuMsPerSecond' | 'settledCpuPerConnectionUs'> = {};
  if (!join) {
    await sleep(settleS * 1000);
    const [cpu2, t2] = [cpuMicros(pid), performance.now()];
    await sleep(idleS * 1000);
    const idleMicrosPerSecond = (cpuMicros(pid) - cpu2) / ((performance.now() - t2) / 1000);
    open = {
      openCpuMsPerSecond: round(idleMicrosPerSecond / 1000),
      settledCpuPerConnectionUs: round((cpu2 - cpu0 - (idleMicrosPerSecond * (t2 - t0)) / 1000) / clients),
    };
  }
  for (const socket of sockets) socket.close();
  await sleep(1500);
  return {
    cpuPerConnectionUs: round((cpu1 - cpu0) / clients),
    connectsPerSecond: round(clients / ((t1 - t0) / 1000)),
    ...open,
    ...(commands0 && commands1 ? commandSummary(commandsPer(commands0, commands1, clients)) : {}),
  };
}

const commandSummary = (byName: Record<string, number>) => ({
  redisCommandsPerConnection: round(Object.values(byName).reduce((sum, n) => sum + n, 0)),
  redisCommands: byName,
});

const summary = (rs: Round[]) => {
  const of = (key: 'cpuPerConnectionUs' | 'connectsPerSecond' | 'openCpuMsPerSecond' | 'settledCpuPerConnectionUs' | 'redisCommandsPerConnection') => (rs[0]?.[key] === undefined ? {} : { [key]: median(rs.map((r) => r[key] ?? 0)) });
  const last = rs.at(-1)?.redisCommands;
  return { ...of('cpuPerConnectionUs'), ...of('connectsPerSecond'), ...of('openCpuMsPerSecond'), ...of('settledCpuPerConnectionUs'), ...of('redisCommandsPerConnection'), ...(last ? { redisCommands: last } : {}) } as Round;
};

/** `room.join` as guest `g<round>-<i>` into room `i mod rooms`: names are unique in a room within a round and across rounds. */
const joinSpec = (roundIndex: number): JoinSpec => ({ room: (i) => `${roomPrefix}${i % rooms}`, displayName: (i) => `g${roundIndex}-${i}` });

/**
 * The servers of one mode: through tsx (`server/main.ts`, as tests and `npm
 * run serve` run it) or compiled (`dist/server.mjs` with plain node, as `npm
 * start` runs it; the bare server bundled the same way; with `--baseline`,
 * the other commit's bundle too).
 */
async function measureMode(mode: 'tsx' | 'compiled', redis: Redis, redisUrl: string, databaseUrl: string, log: (line: string) => void) {
  const compiled = mode === 'compiled';
  const env = { CHAT_ROOMS_CREATED_PER_HOUR: '1000000' };
  const common = { processes: 1, redisUrl, databaseUrl, profileDir, compiled, env };
  const subjects: Subject[] = [
    { name: 'bare', set: await startBareServer(profileDir, { compiled }) },
    { name: 'switchyard', set: await startSwitchyardServers({ ...common, redisPrefix: `sy-bench-conn-${mode}` }), redis },
  ];
  if (compiled && values.baseline) {
    const built = buildServerAt(values.baseline);
    log(`baseline: ${values.baseline} (${built.commit}) built to ${built.file}`);
    const set = await startSwitchyardServers({ ...common, redisPrefix: `sy-bench-conn-baseline`, bundle: { file: built.file, name: `baseline-${built.commit}` } });
    subjects.push({ name: 'baseline', set, redis });
  }
  try {
    await sleep(3000);
    const idle: Record<string, Awaited<ReturnType<typeof memory>>> = {};
    for (const s of subjects) idle[s.name] = await memory(s.set.servers[0]!);
    log(`${mode}: idle RSS ${subjects.map((s) => `${s.name} ${idle[s.name]!.rssKB} KB`).join(', ')}`);
    // V8's memory reducer gives an idle process's young generation back some 10 s after start: read again once it has.
    await sleep(SETTLED_IDLE_MS);
    const settledIdle: Record<string, Awaited<ReturnType<typeof memory>>> = {};
    for (const s of subjects) settledIdle[s.name] = await memory(s.set.servers[0]!);
    log(`${mode}: idle RSS 15 s after start ${subjects.map((s) => `${s.name} ${settledIdle[s.name]!.rssKB} KB`).join(', ')}`);
    // The rooms exist before anything is measured: joining, not creating, is what a round measures.
    await Promise.all((await openConnections(`${subjects[1]!.set.urls[0]!}/chat`, rooms, concurrency, joinSpec(0))).map((s) => s.close()));
    const perRound = Object.fromEntries(subjects.map((s) => [s.name, { connect: [] as Round[], join: [] as Round[] }]));
    for (let i = 0; i < rounds; i += 1) {
      // The order turns every round, so a drift in the machine's speed does not favour one server.
      const order = subjects.map((_, k) => subjects[(k + i) % subjects.length]!);
      for (const s of order) perRound[s.name]!.connect.push(await measureRound(s));
      if (!values['skip-join']) for (const s of order) perRound[s.name]!.join.push(await measureRound(s, joinSpec(i + 1)));
      log(`${mode} round ${i + 1}: ${JSON.stringify(Object.fromEntries(subjects.map((s) => [s.name, { connect: perRound[s.name]!.connect.at(-1), join: perRound[s.name]!.join.at(-1) }])))}`);
    }
    const connect = Object.fromEntries(subjects.map((s) => [s.name, summary(perRound[s.name]!.connect)]));
    const join = values['skip-join'] ? null : Object.fromEntries(subjects.map((s) => [s.name, summary(perRound[s.name]!.join)]));
    const vsBare = (figures: Record<string, Round>) =>
      Object.fromEntries(subjects.slice(1).map((s) => [s.name, round(figures[s.name]!.cpuPerConnectionUs / figures.bare!.cpuPerConnectionUs)]));
    return {
      idle,
      settledIdle,
      connect,
      join,
      ratios: {
        idleRss: round(idle.switchyard!.rssLessYoungKB / idle.bare!.rssLessYoungKB),
        cpuPerConnection: vsBare(connect),
        cpuPerJoinConnection: join && vsBare(join),
        settledCpuPerConnection: round(connect.switchyard!.settledCpuPerConnectionUs! / connect.bare!.settledCpuPerConnectionUs!),
        openCpu: connect.bare!.openCpuMsPerSecond! > 0 ? round(connect.switchyard!.openCpuMsPerSecond! / connect.bare!.openCpuMsPerSecond!) : null,
      },
      targets: {
        idleRssMiB: { limit: 100, actual: round(idle.switchyard!.rssLessYoungKB / 1024, 1) },
        settledIdlePlainRssMiB: { limit: 100, actual: round(settledIdle.switchyard!.rssKB / 1024, 1) },
        cpuPerConnectionVsBare: { limit: 1.3, actual: round(connect.switchyard!.cpuPerConnectionUs / connect.bare!.cpuPerConnectionUs) },
        joinConnectionCpuMs: join && { limit: 2, actual: round(join.switchyard!.cpuPerConnectionUs / 1000, 3) },
      },
      perRound,
    };
  } finally {
    await Promise.all(subjects.flatMap((s) => s.set.servers).map((server) => server.stop()));
  }
}

runBench('connection-cost', 120 + modes.length * rounds * (3 + Number(Boolean(values.baseline))) * (20 + clients * 0.02), async () => {
  const log = (line: string) => process.stderr.write(`[bench:connection-cost] ${line}\n`);
  const redisServer = await startPrivateRedis();
  const redis = new Redis(redisServer.url);
  const databaseUrl = await benchDatabase(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard');
  try {
    const results: Record<string, unknown> = {};
    for (const mode of modes as ('tsx' | 'compiled')[]) results[mode] = await measureMode(mode, redis, redisServer.url, databaseUrl, log);
    return { bench: 'connection-cost', clients, rounds, concurrency, idleS, settleS, rooms, baseline: values.baseline ?? null, profileDir: profileDir ?? null, ...results };
  } finally {
    redis.disconnect();
    await redisServer.kill();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    // Their messages (none here) go with them (ON DELETE CASCADE).
    await db.query(`DELETE FROM chat_rooms WHERE name LIKE $1`, [`${roomPrefix}%`]).finally(() => db.end());
  }
});
