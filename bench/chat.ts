import { parseArgs } from 'node:util';
import { createPrismaClient } from '../prisma/client.ts';
import { loadConfig } from '../server/config.ts';
import { REPO_ROOT } from '../server/testing/switchyard-process.ts';
import { runBench } from './lib/run-bench.ts';
import { startChild } from './lib/children.ts';
import { benchDatabase } from './lib/bench-database.ts';
import type { Child } from './lib/children.ts';
import { monotonicMs, sleep } from './lib/clock.ts';
import { busyShare, cpuMicros, machineCpu } from './lib/proc.ts';
import type { MachineCpu } from './lib/proc.ts';
import { deleteKeys } from './lib/redis-cleanup.ts';
import { machineInfo } from './lib/report.ts';
import { BENCH_TRACE_RATIO, startOtlpSink } from './lib/otlp-sink.ts';
import { deliveryBetween, scrapeDeliveryHistograms } from './lib/server-histograms.ts';
import { startSwitchyardServers } from './lib/servers.ts';
import { histogramPercentile, merge, round } from './lib/stats.ts';
import type { Histogram } from './lib/stats.ts';
import { app } from '../server/features/index.ts';

/**
 * `npm run bench:chat`: C clients in R rooms across S interface servers (Redis
 * channel layer, PostgreSQL in its own `switchyard_bench` database), each
 * sending one message per second for T seconds. Prints one JSON object:
 * delivery latency (send → every member of the room received it, through the
 * database write and the channel layer), lost, leaked (delivered to a
 * client of another room) and duplicate deliveries, beside the servers' own
 * delivery histograms over the sending phase (`serverHistogramsMs`). With
 * --traced the servers trace at 1 % sampling to a local OTLP sink. Loopback only, bounded by
 * --timeout-s, and every process it started is killed when it exits.
 */
const USAGE = `usage: npm run bench:chat -- [--clients 1000] [--rooms 50] [--seconds 30] [--servers 2] [--generators 2] [--concurrency 50] [--timeout-s T] [--cpu-prof] [--traced]`;
type Report = {
  type: 'report';
  counts: Record<'duplicates' | 'leaked' | 'sent' | 'acked' | 'refused' | 'unacked' | 'joinFailures', number>;
  refusals: [string, number][];
  acked: string[];
  deliveries: [string, number][];
  histogram: [number, number][];
};

const log = (line: string) => process.stderr.write(`[bench:chat] ${line}\n`);

function parse() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      ...Object.fromEntries(['clients', 'rooms', 'seconds', 'servers', 'generators', 'concurrency', 'timeout-s'].map((k) => [k, { type: 'string' as const }])),
      'cpu-prof': { type: 'boolean' as const },
      traced: { type: 'boolean' as const },
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
  return {
    clients,
    rooms: Math.min(int('rooms', 50), clients),
    seconds,
    servers: int('servers', 2),
    generators: int('generators', 2),
    concurrency: int('concurrency', 50),
    timeoutS: int('timeout-s', 120 + seconds + Math.ceil(clients / 20)),
    cpuProf: values['cpu-prof'] === true,
    traced: values.traced === true,
  };
}

async function main(args: ReturnType<typeof parse>) {
  const started = new Date();
  const config = loadConfig();
  const databaseUrl = await benchDatabase(config.databaseUrl);
  const redisPrefix = `sy-bench-chat-${process.pid}`;
  const roomBase = `bench${process.pid}`;
  const db = createPrismaClient(databaseUrl, { hooks: app.hooks });
  const sink = await startOtlpSink();
  try {
    const profileDir = args.cpuProf ? `${REPO_ROOT}bench/results/prof-chat-${started.toISOString().replace(/[:.]/g, '-')}` : undefined;
    // Every client comes from the loopback address, and every room is new: lift the per-address room creation limit.
    const tracing: Record<string, string> = args.traced ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, TRACE_SAMPLE_RATIO: BENCH_TRACE_RATIO } : {};
    const env = { CHAT_ROOMS_CREATED_PER_HOUR: String(args.rooms + 1000), ...tracing };
    const set = await startSwitchyardServers({ processes: args.servers, redisUrl: config.redisUrl, redisPrefix, databaseUrl, profileDir, env });
    const nodeArgs = typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
    const generators: Child[] = Array.from({ length: args.generators }, (_, i) =>
      startChild({ name: `chat-gen-${i + 1}`, module: 'bench/chat-clients.ts', nodeArgs }),
    );
    // Client i is in room i % rooms; a room's clients alternate between servers and are spread over generators.
    const specs = Array.from({ length: args.clients }, (_, index) => {
      const k = Math.floor(index / args.rooms);
      return { index, room: `${roomBase}-${index % args.rooms}`, url: set.urls[k % args.servers] as string, generator: Math.floor(k / args.servers) % args.generators };
    });
    await Promise.all(generators.map((g) => g.next('loaded', 30_000)));
    log(`connecting ${args.clients} clients to ${args.rooms} rooms on ${args.servers} servers`);
    generators.forEach((g, i) =>
      g.send({ type: 'start', roomBase, rooms: args.rooms, concurrency: args.concurrency, clients: specs.filter((s) => s.generator === i) }),
    );
    const ready = await Promise.all(generators.map((g) => g.next<{ type: 'ready'; joined: number[] }>('ready', 60_000 + args.clients * 60)));
    const roomSize = new Map<number, number>();
    for (const index of ready.flatMap((r) => r.joined)) roomSize.set(index % args.rooms, (roomSize.get(index % args.rooms) ?? 0) + 1);
    await sleep(1500); // let the joins' presence broadcasts pass
    log(`running: ${args.seconds} s of 1 message/s per client`);
    const cpuOf = (children: Child[]) => children.reduce((sum, c) => sum + cpuMicros(c.pid), 0);
    const histogramsBefore = await scrapeDeliveryHistograms(set.urls);
    const before = { servers: cpuOf(set.servers), generators: cpuOf(generators), machine: machineCpu() };
    const startAt = monotonicMs() + 1000;
    for (const g of generators) g.send({ type: 'go', startAt, seconds: args.seconds, totalClients: args.clients });
    await Promise.all(generators.map((g) => g.next('sent', (args.seconds + 60) * 1000)));
    await sleep(3000); // deliveries and acks still in flight
    const cpu = { servers: cpuOf(set.servers) - before.servers, generators: cpuOf(generators) - before.generators, machine: [before.machine, machineCpu()] as const };
    const serverHistograms = deliveryBetween(histogramsBefore, await scrapeDeliveryHistograms(set.urls));
    for (const g of generators) g.send({ type: 'finish' });
    const reports = await Promise.all(generators.map((g) => g.next<Report>('report', 30_000)));
    await Promise.all([...generators, ...set.servers].map((c) => c.stop()));
    return { ...summarize(args, started, reports, roomSize, redisPrefix, cpu), serverHistogramsMs: serverHistograms, tracedSpanPosts: sink.posts() };
  } finally {
    await sink.close();
    await db.chatRoom.deleteMany({ where: { name: { startsWith: `${roomBase}-` } } }).catch((e: Error) => log(`db cleanup failed: ${e.message}`));
    await db.$disconnect();
    await deleteKeys(config.redisUrl, redisPrefix).catch((e: Error) => log(`redis cleanup failed: ${e.message}`));
  }
}

type Cpu = { servers: number; generators: number; machine: readonly [MachineCpu, MachineCpu] };

function summarize(args: ReturnType<typeof parse>, started: Date, reports: Report[], roomSize: Map<number, number>, redisPrefix: string, cpu: Cpu) {
  const histogram: Histogram = new Map();
  const delivered = new Map<string, number>();
  const total = (key: keyof Report['counts']) => reports.reduce((sum, r) => sum + r.counts[key], 0);
  for (const report of reports) {
    merge(histogram, report.histogram);
    for (const [key, count] of report.deliveries) delivered.set(key, (delivered.get(key) ?? 0) + count);
  }
  let expected = 0;
  let lost = 0;
  for (const key of reports.flatMap((r) => r.acked)) {
    const want = roomSize.get(Number(key.split(':')[0]) % args.rooms) ?? 0;
    expected += want;
    lost += Math.max(0, want - (delivered.get(key) ?? 0));
  }
  const latency = { p50: histogramPercentile(histogram, 50), p90: histogramPercentile(histogram, 90), p99: histogramPercentile(histogram, 99), max: histogramPercentile(histogram, 100) };
  const result = {
    bench: 'chat',
    startedAt: started.toISOString(),
    params: { ...args, redisPrefix },
    machine: machineInfo(),
    latencyMs: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, round(v, 1)])),
    messages: { sent: total('sent'), acked: total('acked'), refused: total('refused'), unacked: total('unacked'), refusals: Object.fromEntries(reports.flatMap((r) => r.refusals)) },
    deliveries: { expected, delivered: [...delivered.values()].reduce((a, b) => a + b, 0) },
    // CPU during the sending phase (+3 s drain): what the servers and generators used, and how busy the whole machine was.
    cpu: {
      serversMs: Math.round(cpu.servers / 1000),
      serverPerMessageUs: Math.round(cpu.servers / Math.max(1, total('acked'))),
      serverPerDeliveryUs: round(cpu.servers / Math.max(1, expected), 1),
      generatorsMs: Math.round(cpu.generators / 1000),
      machineBusyShare: round(busyShare(cpu.machine[0], cpu.machine[1]), 3),
      otherWorkMs: Math.round(Math.max(0, cpu.machine[1].busy - cpu.machine[0].busy - cpu.servers - cpu.generators) / 1000),
    },
    joinFailures: total('joinFailures'),
    lost,
    leaked: total('leaked'),
    duplicates: total('duplicates'),
    targets: { p99AtMost50ms: latency.p99 <= 50, noneLost: lost === 0 && total('unacked') === 0, noneLeaked: total('leaked') === 0, noDuplicates: total('duplicates') === 0 },
  };
  return result;
}

let args: ReturnType<typeof parse>;
try {
  args = parse();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
runBench('chat', args.timeoutS, () => main(args), (result) => Object.values(result.targets).every(Boolean));
