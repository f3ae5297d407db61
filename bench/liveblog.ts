import { parseArgs } from 'node:util';
import { createPrismaClient } from '../prisma/client.ts';
import { loadConfig } from '../server/config.ts';
import { benchDatabase } from './lib/bench-database.ts';
import { openBarePublisher } from './lib/bare-publisher.ts';
import { benchPostChange } from './lib/bench-post.ts';
import { runLiveblogScenario } from './lib/liveblog-scenario.ts';
import type { LiveblogFigures, LiveblogLoad } from './lib/liveblog-scenario.ts';
import { deleteKeys } from './lib/redis-cleanup.ts';
import { runBench } from './lib/run-bench.ts';
import { machineInfo } from './lib/report.ts';
import { startBareServer, startSwitchyardServers } from './lib/servers.ts';
import { ratioOf } from './lib/stats.ts';
import { app } from '../server/features/index.ts';

/**
 * `npm run bench:liveblog -- [--clients N] [--posts M] [--interval-ms T] [--skip-bare] [--bare-first]`:
 * N readers follow one liveblog across 2 interface servers (each with its
 * outbox relay); the bench creates M posts with `prisma.liveblogPost.create`
 * through the hooked client and measures, per post, the time from `create`
 * returning to the post arriving at each reader, and at the last reader,
 * beside the servers' own delivery histograms over the posting phase
 * (`serverHistogramsMs`: commit → relay publish, publish → socket emit),
 * and the CPU a post and a delivery cost the writer and the servers.
 * In the same run (unless --skip-bare) the same readers follow a room of the
 * bare Socket.IO server (bench/bare-server.ts, one process), to which the bench
 * sends the same posts at the same rate as trigger events, and
 * `cpuPerDeliveryRatio` divides Switchyard's servers' CPU per delivery by
 * the bare server's. Loopback only; every child is killed on exit; hard
 * timeout. Prints JSON and writes bench/results/liveblog-<time>.json.
 */
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    posts: { type: 'string', default: '20' },
    'interval-ms': { type: 'string', default: '250' },
    generators: { type: 'string' },
    'timeout-s': { type: 'string' },
    'skip-bare': { type: 'boolean', default: false },
    'bare-first': { type: 'boolean', default: false },
  },
});
const clients = positive('clients', values.clients);
const posts = positive('posts', values.posts);
const intervalMs = positive('interval-ms', values['interval-ms']);
const generators = values.generators ? positive('generators', values.generators) : Math.min(4, Math.max(2, Math.ceil(clients / 2500)));
const scenarios = values['skip-bare'] ? ['switchyard'] : values['bare-first'] ? ['bare', 'switchyard'] : ['switchyard', 'bare'];
const perScenarioS = 60 + Math.ceil(clients * 0.03) + Math.ceil((posts * intervalMs) / 1000);
const timeoutS = values['timeout-s'] ? positive('timeout-s', values['timeout-s']) : 60 + scenarios.length * perScenarioS;

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

async function main(): Promise<object> {
  const { redisUrl, databaseUrl } = loadConfig();
  const benchDb = await benchDatabase(databaseUrl);
  const db = createPrismaClient(benchDb, { hooks: app.hooks });
  const redisPrefix = `sy-bench-liveblog-${process.pid}`;
  const slug = `bench-${process.pid}-${Date.now()}`;
  const load: LiveblogLoad = { clients, posts, intervalMs, generators, slug };
  const liveblog = await db.liveblog.create({ data: { slug, title: 'Bench' }, select: { id: true } });
  const results: Record<string, LiveblogFigures> = {};
  try {
    for (const scenario of scenarios) {
      if (scenario === 'switchyard') {
        const set = await startSwitchyardServers({ processes: 2, redisUrl, redisPrefix, databaseUrl: benchDb, profileDir: undefined });
        const create = async (i: number) => void (await db.liveblogPost.create({ data: { liveblogId: liveblog.id, body: `bench:${i}` }, select: { id: true } }));
        results.switchyard = await runLiveblogScenario('switchyard', set, load, create, { histograms: true });
      } else {
        const set = await startBareServer(undefined);
        const publisher = await openBarePublisher(`${set.urls[0]!}/liveblog`);
        const trigger = async (i: number) => void publisher.emit('bench.post', benchPostChange(slug, i));
        results.bare = await runLiveblogScenario('bare', set, load, trigger, { histograms: false }).finally(() => publisher.close());
      }
    }
  } finally {
    await db.liveblog.delete({ where: { id: liveblog.id } }).catch(() => {});
    await db.$disconnect();
    await deleteKeys(redisUrl, redisPrefix).catch(() => 0);
  }
  const { switchyard, bare } = results;
  const cpuPerDeliveryRatio = ratioOf(switchyard?.cpu.serverPerDeliveryUs, bare?.cpu.serverPerDeliveryUs);
  const lastReaderP99 = switchyard!.lastReaderMs.p99;
  const lost = switchyard!.deliveries.lost;
  return {
    bench: 'liveblog',
    startedAt: new Date().toISOString(),
    params: { clients, posts, intervalMs, generators, interfaceServers: 2, bareServers: bare ? 1 : 0, order: scenarios, redisPrefix },
    machine: machineInfo(),
    switchyard,
    // Socket.IO alone: the bench's trigger broadcast to the readers' room, no database, outbox, relay or Redis.
    bare: bare ?? null,
    cpuPerDeliveryRatio,
    cpuPerDeliveryLessIdleRatio: ratioOf(switchyard?.cpu.serverPerDeliveryLessIdleUs, bare?.cpu.serverPerDeliveryLessIdleUs),
    latencyP99Ratio: ratioOf(switchyard?.latencyMs.p99, bare?.latencyMs.p99),
    targets: {
      // The measure at 10,000 readers: create → the update at the LAST reader, per post.
      lastReader: clients >= 10_000 ? { lastReaderP99Ms: 250, lost: 0, met: lastReaderP99 <= 250 && lost === 0 } : null,
      // Stated for 1,000 readers × 10 posts/s (--clients 1000 --interval-ms 100).
      cpuPerDeliveryVsBare: cpuPerDeliveryRatio === null ? null : { limit: 1.25, actual: cpuPerDeliveryRatio, met: cpuPerDeliveryRatio <= 1.25, applies: clients === 1000 && intervalMs === 100 },
    },
  };
}

runBench('liveblog', timeoutS, main);
