import { parseArgs } from 'node:util';
import { createPrismaClient } from '../prisma/client.ts';
import { loadConfig } from '../server/config.ts';
import { REPO_ROOT } from '../server/testing/switchyard-process.ts';
import { runBench } from './lib/run-bench.ts';
import { benchDatabase } from './lib/bench-database.ts';
import { runChatScenario } from './lib/chat-scenario.ts';
import type { ChatLoad } from './lib/chat-scenario.ts';
import { summarizeChat } from './lib/chat-summary.ts';
import type { ChatFigures } from './lib/chat-summary.ts';
import { deleteKeys } from './lib/redis-cleanup.ts';
import { machineInfo } from './lib/report.ts';
import { BENCH_TRACE_RATIO, startOtlpSink } from './lib/otlp-sink.ts';
import { startBareServer, startSwitchyardServers } from './lib/servers.ts';
import { ratioOf } from './lib/stats.ts';
import { app } from '../server/features/index.ts';

/**
 * `npm run bench:chat`: C clients in R rooms across S interface servers (Redis
 * channel layer, PostgreSQL in its own `switchyard_bench` database), each
 * sending one message per second for T seconds. Prints one JSON object:
 * delivery latency (send → every member of the room received it, through the
 * database write and the channel layer), lost, leaked (delivered to a
 * client of another room) and duplicate deliveries, beside the servers' own
 * delivery histograms over the sending phase (`serverHistogramsMs`), and the
 * servers' CPU per message and per delivery. In the same run (unless
 * --skip-bare) the same clients, rooms and rate run against the bare
 * Socket.IO server (bench/bare-server.ts, one process, nothing stored), and
 * `ratios` divides Switchyard's figures by its. With --traced the
 * Switchyard servers trace at 1 % sampling to a local OTLP sink. Loopback only, bounded by
 * --timeout-s, and every process it started is killed when it exits.
 */
const USAGE = `usage: npm run bench:chat -- [--clients 1000] [--rooms 50] [--seconds 30] [--servers 2] [--generators 2] [--concurrency 50] [--timeout-s T] [--cpu-prof] [--traced] [--skip-bare] [--bare-first]`;

const log = (line: string) => process.stderr.write(`[bench:chat] ${line}\n`);

function parse() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      ...Object.fromEntries(['clients', 'rooms', 'seconds', 'servers', 'generators', 'concurrency', 'timeout-s'].map((k) => [k, { type: 'string' as const }])),
      'cpu-prof': { type: 'boolean' as const },
      traced: { type: 'boolean' as const },
      'skip-bare': { type: 'boolean' as const },
      'bare-first': { type: 'boolean' as const },
    },
  });
  const int = (name: string, fallback: number) => {
    const raw = (values as Record<string, string | boolean | undefined>)[name];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${String(raw)}"\n${USAGE}`);
    return value;
  };
  const clients = int('clients', 1000);
  const seconds = int('seconds', 30);
  const skipBare = values['skip-bare'] === true;
  return {
    clients,
    rooms: Math.min(int('rooms', 50), clients),
    seconds,
    servers: int('servers', 2),
    generators: int('generators', 2),
    concurrency: int('concurrency', 50),
    timeoutS: int('timeout-s', (skipBare ? 1 : 2) * (90 + seconds + Math.ceil(clients / 20)) + 30),
    cpuProf: values['cpu-prof'] === true,
    traced: values.traced === true,
    skipBare,
    bareFirst: values['bare-first'] === true,
  };
}

async function main(args: ReturnType<typeof parse>) {
  const started = new Date();
  const config = loadConfig();
  const databaseUrl = await benchDatabase(config.databaseUrl);
  const redisPrefix = `sy-bench-chat-${process.pid}`;
  const load: ChatLoad = { ...args, roomBase: `bench${process.pid}` };
  const db = createPrismaClient(databaseUrl, { hooks: app.hooks });
  const sink = await startOtlpSink();
  const order = args.skipBare ? ['switchyard'] : args.bareFirst ? ['bare', 'switchyard'] : ['switchyard', 'bare'];
  const results: Record<string, ChatFigures> = {};
  try {
    const profileDir = args.cpuProf ? `${REPO_ROOT}bench/results/prof-chat-${started.toISOString().replace(/[:.]/g, '-')}` : undefined;
    for (const scenario of order) {
      if (scenario === 'bare') {
        results.bare = summarizeChat(await runChatScenario('bare', await startBareServer(profileDir), load, { histograms: false }), args.rooms);
        continue;
      }
      // Every client comes from the loopback address, and every room is new: lift the per-address room creation limit.
      const tracing: Record<string, string> = args.traced ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, TRACE_SAMPLE_RATIO: BENCH_TRACE_RATIO } : {};
      const env = { CHAT_ROOMS_CREATED_PER_HOUR: String(args.rooms + 1000), ...tracing };
      const set = await startSwitchyardServers({ processes: args.servers, redisUrl: config.redisUrl, redisPrefix, databaseUrl, profileDir, env });
      results.switchyard = summarizeChat(await runChatScenario('switchyard', set, load, { histograms: true }), args.rooms);
    }
  } finally {
    await sink.close();
    await db.chatRoom.deleteMany({ where: { name: { startsWith: `${load.roomBase}-` } } }).catch((e: Error) => log(`db cleanup failed: ${e.message}`));
    await db.$disconnect();
    await deleteKeys(config.redisUrl, redisPrefix).catch((e: Error) => log(`redis cleanup failed: ${e.message}`));
  }
  const switchyard = results.switchyard!;
  const bare = results.bare ?? null;
  const ratios = bare
    ? {
        cpuPerDelivery: ratioOf(switchyard.cpu.serverPerDeliveryUs, bare.cpu.serverPerDeliveryUs),
        cpuPerDeliveryLessIdle: ratioOf(switchyard.cpu.serverPerDeliveryLessIdleUs, bare.cpu.serverPerDeliveryLessIdleUs),
        cpuPerMessage: ratioOf(switchyard.cpu.serverPerMessageUs, bare.cpu.serverPerMessageUs),
        latencyP50: ratioOf(switchyard.latencyMs.p50, bare.latencyMs.p50),
        latencyP99: ratioOf(switchyard.latencyMs.p99, bare.latencyMs.p99),
      }
    : null;
  const { lost, leaked, duplicates } = switchyard;
  return {
    bench: 'chat',
    startedAt: started.toISOString(),
    params: { ...args, order, bareServers: bare ? 1 : 0, redisPrefix },
    machine: machineInfo(),
    switchyard,
    // Socket.IO alone, one process: joins rooms, broadcasts each message to its room and acks; it stores nothing
    // (Switchyard stores every message in PostgreSQL before broadcasting it), validates and rate-limits nothing.
    bare,
    ratios,
    tracedSpanPosts: sink.posts(),
    targets: {
      p99AtMost50ms: switchyard.latencyMs.p99 <= 50,
      noneLost: lost === 0 && switchyard.messages.unacked === 0,
      noneLeaked: leaked === 0,
      noDuplicates: duplicates === 0,
      // Issue 17, with every message stored: CPU per delivery and p99 within 1.5x of bare (checked when bare ran).
      ...(ratios ? { cpuPerDeliveryAtMost1_5xBare: (ratios.cpuPerDelivery ?? Infinity) <= 1.5, p99AtMost1_5xBare: (ratios.latencyP99 ?? Infinity) <= 1.5 } : {}),
    },
  };
}

let args: ReturnType<typeof parse>;
try {
  args = parse();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
runBench('chat', args.timeoutS, () => main(args), (result) => Object.values(result.targets).every(Boolean));
