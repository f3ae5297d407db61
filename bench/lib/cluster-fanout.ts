import { createPrismaClient } from '../../prisma/client.ts';
import { loadConfig } from '../../server/config.ts';
import { startPrivateRedisCluster } from '../../harness/redis-cluster/private-cluster.ts';
import type { BenchArgs } from './args.ts';
import { benchDatabase } from './bench-database.ts';
import { startChild } from './children.ts';
import type { Child } from './children.ts';
import { monotonicMs, sleep } from './clock.ts';
import { cpuMicros, machineCpu, waitForQuiet } from './proc.ts';
import { cpuMicrosOf, startPrivateRedis } from './redis-nodes.ts';
import type { NodeCpu } from './redis-nodes.ts';
import { machineInfo } from './report.ts';
import { startSwitchyardServers } from './servers.ts';
import { percentile, round } from './stats.ts';
import { app } from '../../server/features/index.ts';

/** Readers per small group (the issue's "1,000 groups of 10"). */
const GROUP_SIZE = 10;

// Other work above this share of the machine just before a phase makes its figures doubtful.
const DISTURBED_SHARE = 0.25;
// How long the servers' idle CPU is read before each broadcast phase.
const IDLE_MS = 6000;

type Backend = 'single' | 'cluster';
/** Where one backend's Redis is: the servers' environment and the nodes whose CPU is read. */
type Target = { env: Record<string, string>; redisUrl: string; ports: readonly number[] };
type Report = { type: 'report'; latencies: (number | null)[]; duplicates: number; disconnects: number };
type Published = { type: 'published'; sentAt: number[]; failed: number; firstError?: string };

const log = (line: string) => process.stderr.write(`[bench:cluster] ${line}\n`);

/**
 * The fan-out bench's --cluster mode: N readers on the interface servers,
 * each following one liveblog of N ÷ 10 small ones (groups of 10) and the one
 * big liveblog all of them follow; each round sends a post to the big group
 * and one to every small group (`bench/liveblog-publisher.ts`). Run against a
 * Redis of its own and a 3-primary private Redis Cluster, alternating, with
 * the same servers' code and clients; reads each Redis node's CPU (INFO) and
 * the servers' over the broadcast phase.
 */
export async function runClusterFanout(args: BenchArgs, profileDir?: string): Promise<object> {
  const config = loadConfig();
  const databaseUrl = await benchDatabase(config.databaseUrl);
  const db = createPrismaClient(databaseUrl, { hooks: app.hooks });
  const prefix = `bench-${process.pid}`;
  const groups = Math.ceil(args.clients / GROUP_SIZE);
  const smallPrefix = `${prefix}-g`;
  const small = Array.from({ length: groups }, (_, g) => `${smallPrefix}-${g}`);
  const big = `${prefix}-all`;
  await db.liveblog.createMany({ data: [big, ...small].map((slug) => ({ slug, title: 'Bench' })) });
  const single = await startPrivateRedis();
  const cluster = await startPrivateRedisCluster().catch(async (error: Error) => (await single.stop(), Promise.reject(error)));
  const targets: Record<Backend, Target> = {
    single: { env: {}, redisUrl: single.url, ports: [single.port] },
    cluster: { env: { REDIS_CLUSTER_NODES: cluster.nodes }, redisUrl: `redis://127.0.0.1:${cluster.ports[0]}`, ports: cluster.ports },
  };
  const rounds: Record<Backend, Awaited<ReturnType<typeof measure>>>[] = [];
  try {
    for (let r = 1; r <= args.rounds; r += 1) {
      // A/B: the order flips every round, so a drift of the machine's speed does not favour one.
      const order: Backend[] = r % 2 === 1 ? ['single', 'cluster'] : ['cluster', 'single'];
      const results = {} as Record<Backend, Awaited<ReturnType<typeof measure>>>;
      for (const backend of order) {
        log(`round ${r} of ${args.rounds}: ${backend}`);
        const profile = profileDir ? `${profileDir}/${backend}-${r}` : undefined;
        results[backend] = await measure(backend, targets[backend], { args, databaseUrl, big, small, smallPrefix, redisPrefix: `sy-bench-${process.pid}-${r}`, profileDir: profile });
      }
      rounds.push(results);
    }
  } finally {
    await Promise.all([single.stop(), cluster.stop()]);
    await db.liveblog.deleteMany({ where: { slug: { startsWith: `${prefix}-` } } });
    await db.$disconnect();
  }
  const perDelivery = (backend: Backend) => rounds.map((r) => r[backend].serverCpu.perDeliveryUs);
  const ratios = rounds.map((r) => round(r.cluster.serverCpu.perDeliveryUs / r.single.serverCpu.perDeliveryUs, 3));
  const undisturbed = ratios.filter((_, i) => !rounds[i]?.single.disturbed && !rounds[i]?.cluster.disturbed);
  const median = round(percentile(undisturbed.length > 0 ? undisturbed : ratios, 50), 3);
  const lessIdle = rounds.map((r) => round(r.cluster.serverCpu.perDeliveryLessIdleUs / r.single.serverCpu.perDeliveryLessIdleUs, 3));
  return {
    bench: 'fanout-cluster',
    startedAt: new Date().toISOString(),
    params: { clients: args.clients, groupSize: GROUP_SIZE, smallGroups: groups, bigGroup: args.clients, broadcasts: args.broadcasts, intervalMs: args.intervalMs, servers: args.servers, generators: args.generators, rounds: args.rounds },
    machine: machineInfo(),
    /** Interface servers' CPU per delivery, cluster ÷ single, per round and the median over undisturbed rounds if any (target ≤ 1.1). */
    serverCpuRatio: { rounds: ratios, undisturbedRounds: undisturbed.length, median, target: 1.1, met: median <= 1.1, lessIdleRounds: lessIdle },
    serverCpuPerDeliveryUs: { single: perDelivery('single'), cluster: perDelivery('cluster') },
    rounds,
  };
}

type Setup = { args: BenchArgs; databaseUrl: string; big: string; small: string[]; smallPrefix: string; redisPrefix: string; profileDir: string | undefined };

/** Starts the servers, readers and publisher on one backend, runs the broadcast phase and stops them. */
async function measure(backend: Backend, target: Target, { args, databaseUrl, big, small, smallPrefix, redisPrefix, profileDir }: Setup) {
  const set = await startSwitchyardServers({ processes: args.servers, redisUrl: target.redisUrl, redisPrefix, databaseUrl, profileDir, env: target.env });
  const children: Child[] = [];
  try {
    const per = Math.ceil(args.clients / args.generators);
    for (let g = 0, offset = 0; offset < args.clients; g += 1, offset += per) {
      const readers = { urls: set.urls, clients: Math.min(per, args.clients - offset), posts: 2 * args.broadcasts, slug: big, small: { prefix: smallPrefix, size: GROUP_SIZE, offset }, concurrency: 50, timeoutMs: 30_000 };
      children.push(startChild({ name: `${backend}-readers-${g + 1}`, module: 'bench/liveblog-clients.ts', args: [JSON.stringify(readers)], nodeArgs: ['--experimental-websocket', '--no-warnings'] }));
    }
    const publisher = startChild({ name: `${backend}-publisher`, module: 'bench/liveblog-publisher.ts', env: set.publisher.env });
    children.push(publisher);
    const followed = await Promise.all(children.slice(0, -1).map((c) => c.next<{ type: 'followed'; connected: number; failed: number; firstError?: string }>('followed', 60_000 + args.clients * 20)));
    await publisher.next('ready', 30_000);
    const following = followed.reduce((sum, f) => sum + f.connected, 0);
    log(`${backend}: ${following} of ${args.clients} readers follow ${small.length} small liveblogs and the big one${followed.find((f) => f.firstError)?.firstError ? ` (first error: ${followed.find((f) => f.firstError)?.firstError})` : ''}`);
    const quiet = await waitForQuiet(0.15, 15_000);

    const serversCpu = () => set.servers.reduce((sum, s) => sum + cpuMicros(s.pid), 0);
    // The servers' CPU with every reader connected and nothing sent: what the backend costs them when idle.
    const [idleBefore, redisIdleBefore] = [serversCpu(), await cpuMicrosOf(target.ports)];
    await sleep(IDLE_MS);
    const idleMicrosPerMs = (serversCpu() - idleBefore) / IDLE_MS;
    const redisIdle = await cpuMicrosOf(target.ports);
    const [serversBefore, redisBefore, machineBefore] = [serversCpu(), await cpuMicrosOf(target.ports), machineCpu()];
    const phaseStart = monotonicMs();
    publisher.send({ type: 'run', rounds: args.broadcasts, intervalMs: args.intervalMs, big, small });
    const published = await publisher.next<Published>('published', args.broadcasts * args.intervalMs + 60_000);
    // Deliveries still missing this long after the last send count as lost.
    await sleep(2000);
    const [serversAfter, redisAfter, machineAfter] = [serversCpu(), await cpuMicrosOf(target.ports), machineCpu()];
    const phaseMs = monotonicMs() - phaseStart;

    const reports = await Promise.all(
      children.slice(0, -1).map((child) => {
        child.send({ type: 'report', returnedAt: published.sentAt });
        return child.next<Report>('report', 60_000);
      }),
    );
    const posts = 2 * args.broadcasts;
    const latencies = { big: [] as number[], small: [] as number[] };
    let lost = 0;
    for (const report of reports) {
      report.latencies.forEach((latency, slot) => {
        if (latency === null || Number.isNaN(latency)) return void (lost += 1);
        (slot % posts < args.broadcasts ? latencies.big : latencies.small).push(latency);
      });
    }
    const delivered = latencies.big.length + latencies.small.length;
    const p = (values: number[]) => ({ p50: round(percentile(values, 50), 1), p99: round(percentile(values, 99), 1), max: round(percentile(values, 100), 1) });
    const serverMicros = serversAfter - serversBefore;
    const redisNodes = redisAfter.map((node: NodeCpu, i) => ({
      port: node.port,
      role: node.role,
      cpuMs: round((node.micros - (redisBefore[i] as NodeCpu).micros) / 1000, 0),
      idleMsPerS: round(((redisIdle[i] as NodeCpu).micros - (redisIdleBefore[i] as NodeCpu).micros) / IDLE_MS, 1),
    }));
    const redisMs = redisNodes.reduce((sum, node) => sum + node.cpuMs, 0);
    return {
      backend,
      following,
      publishFailures: published.failed,
      ...(published.firstError ? { firstPublishError: published.firstError } : {}),
      deliveries: { expected: args.clients * posts, delivered, lost, duplicates: reports.reduce((s, r) => s + r.duplicates, 0), disconnects: reports.reduce((s, r) => s + r.disconnects, 0) },
      latencyMs: { bigGroup: p(latencies.big), smallGroups: p(latencies.small) },
      phaseMs: round(phaseMs, 0),
      serverCpu: {
        ms: round(serverMicros / 1000, 0),
        perDeliveryUs: round(serverMicros / Math.max(1, delivered), 2),
        /** Their CPU while idle just before, per second, and the phase's CPU less that, per delivery. */
        idleMsPerS: round(idleMicrosPerMs, 1),
        perDeliveryLessIdleUs: round((serverMicros - idleMicrosPerMs * phaseMs) / Math.max(1, delivered), 2),
      },
      /** Each Redis node's CPU over the phase (INFO used_cpu_sys + used_cpu_user), each one's share of their sum, and its CPU per second while idle just before. */
      redisCpu: { totalMs: redisMs, nodes: redisNodes.map((node) => ({ ...node, share: redisMs > 0 ? round(node.cpuMs / redisMs, 3) : 0 })) },
      machineBusyShare: round((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total), 3),
      busyShareBeforeStart: round(quiet.busyShare, 3),
      /** Other work kept the machine more than a quarter busy just before the phase: its figures are doubtful. */
      disturbed: quiet.busyShare > DISTURBED_SHARE,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await Promise.all(set.servers.map((s) => s.stop('SIGTERM', { graceMs: 5000 })));
  }
}
