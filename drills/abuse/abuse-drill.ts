import { percentile } from '../../bench/lib/stats.ts';
import { startPrivateRedis } from '../../server/testing/private-redis.ts';
import { spawnWorker } from '../../server/testing/spawn-worker.ts';
import { loadConfig } from '../../server/config.ts';
import { check } from '../drill.ts';
import { heapAfterGc } from '../heap-after-gc.ts';
import type { Child } from '../../bench/lib/children.ts';
import type { Drill } from '../drill.ts';
import { createDrillLiveblog, startDrillStack } from '../drill-stack.ts';
import type { AttackContext } from './attack-context.ts';
import { blankLineCsv, loginSpray, uploadFlood } from './attacks-http.ts';
import { crowdedRoom, handshakeLoop, roomJoinFlood } from './attacks-socket.ts';
import type { Delivery } from './legit-traffic.ts';
import { startLegitTraffic } from './legit-traffic.ts';
import { createResourceMeter, describeGrowth } from './resource-meter.ts';
import type { Footprint } from './resource-meter.ts';

/** The attacker's address in attack `index` (one anonymous client each); the visitors and the crowd use others (addressed-client.ts). */
const attackerAddress = (index: number) => `127.0.0.${66 + index}`;

/**
 * What the whole run may leave behind, documented in docs/reliability.md
 * ("Limits and abuse"): growth from before the first attack to after the last.
 */
export const ABUSE_BOUNDS = { serverRssMB: 150, serverHeapMB: 20, workerRssMB: 150, redisMB: 10, lastingKeys: 50, databaseMB: 64 } as const;

/**
 * One anonymous attacker against one interface server and one worker with
 * the default limits, while legitimate visitors keep using the product:
 * an upload flood, a reconnect loop, a 2,000-guest room, a room-join flood,
 * the blank-line CSV and a login spray. The server's and the worker's memory,
 * Redis and the database must stay within `ABUSE_BOUNDS`; the visitors must
 * lose nothing (`lost`/`duplicated` count their posts and chat messages).
 */
export const abuseDrill: Drill = {
  name: 'abuse',
  async run(scope) {
    // A Redis of its own, so its used_memory is the stack's alone.
    const redis = await startPrivateRedis();
    scope.defer(() => redis.kill());
    // The default limits, also those that benches and the other drills lift for their thousands of loopback clients.
    const defaults = loadConfig({});
    const env = { HANDSHAKES_PER_MINUTE: String(defaults.handshakesPerMinute) };
    const stack = await startDrillStack(scope, { label: 'drill_abuse', processes: 1, redisUrl: redis.url, env });
    const [url] = stack.urls as [string];
    const server = stack.servers[0] as Child;
    const workerEnv = { REDIS_URL: redis.url, REDIS_PREFIX: stack.redisPrefix, DATABASE_URL: stack.databaseUrl, WORKER_METRICS_PORT: '0', NODE_ENV: 'production', SECRET_KEY: stack.secretKey };
    const worker = await spawnWorker(['bigdata.process'], { env: workerEnv });
    scope.watch('worker', worker.exited);
    scope.defer(() => worker.stop());

    const liveblog = await createDrillLiveblog(scope, stack.databaseUrl);
    const { id: liveblogId } = await liveblog.db.liveblog.findUniqueOrThrow({ where: { slug: liveblog.slug }, select: { id: true } });
    const meter = createResourceMeter({
      pids: { server: server.pid, worker: worker.child.pid ?? 0 },
      heapsKB: { server: () => heapAfterGc(server) },
      redisUrl: redis.url,
      prefix: stack.redisPrefix,
      databaseUrl: stack.databaseUrl,
    });
    scope.defer(() => meter.close());
    const contextOf = (index: number): AttackContext => ({
      url,
      attacker: attackerAddress(index),
      log: scope.log,
      async count(sql) {
        const [row] = await liveblog.db.$queryRawUnsafe<{ count: bigint }[]>(sql);
        return Number(row?.count ?? 0);
      },
    });
    const legit = await startLegitTraffic(url, liveblog.db, liveblogId, liveblog.slug);
    const attacks: [string, (context: AttackContext) => Promise<string>][] = [
      ['upload flood', uploadFlood],
      ['handshake loop', handshakeLoop],
      ['crowded room', crowdedRoom],
      ['room-join flood', roomJoinFlood],
      ['blank-line CSV', blankLineCsv],
      ['login spray', (context) => loginSpray(context, liveblog.db)],
    ];
    const notes: string[] = [];
    const readings = [await meter.read()];
    for (const [index, [name, attack]] of attacks.entries()) {
      const before = readings.at(-1) as Footprint;
      const started = Date.now();
      const what = await attack(contextOf(index));
      const after = await meter.read();
      readings.push(after);
      const growth = `${describeGrowth(before, after)}; visitors meanwhile: ${latencies(legit.deliveries, started)}`;
      scope.log(`${name}: ${what}; ${growth}`);
      notes.push(`${name}: ${what}`, `  ${growth}`);
    }
    const visitors = await legit.finish();
    notes.push(`whole run: ${describeGrowth(readings[0] as Footprint, readings.at(-1) as Footprint)}`);
    notes.push(`visitors: ${visitors.sent} posts and chat messages, ${latencies(legit.deliveries, 0)}, ${visitors.disconnects} disconnects, ${visitors.unpublished} posts the drill could not commit`);
    checkBounds(readings);
    check(visitors.disconnects === 0, `legitimate visitors were disconnected ${visitors.disconnects} times`);
    return { lost: visitors.lost, duplicated: visitors.duplicated, crashed: scope.crashed().length, notes };
  },
};

/**
 * Checks `ABUSE_BOUNDS`: memory and Redis at their highest reading (after any
 * attack) against the first; what stays (heap after GC, keys without expiry,
 * the database) from the first reading to the last.
 */
function checkBounds(readings: readonly Footprint[]): void {
  const [first, last] = [readings[0] as Footprint, readings.at(-1) as Footprint];
  const peak = (read: (f: Footprint) => number) => Math.max(...readings.map(read)) - read(first);
  for (const name of ['server', 'worker'] as const) {
    const bound = name === 'server' ? ABUSE_BOUNDS.serverRssMB : ABUSE_BOUNDS.workerRssMB;
    const grew = peak((f) => f.rssMB[name] ?? 0);
    check(grew <= bound, `the ${name}'s RSS grew by up to ${grew.toFixed(0)} MB (bound ${bound})`);
  }
  const heap = (last.heapMB.server ?? 0) - (first.heapMB.server ?? 0);
  check(heap <= ABUSE_BOUNDS.serverHeapMB, `the server keeps ${heap.toFixed(0)} MB more heap after GC (bound ${ABUSE_BOUNDS.serverHeapMB})`);
  const redisMB = peak((f) => f.redisMB);
  check(redisMB <= ABUSE_BOUNDS.redisMB, `Redis used_memory grew by up to ${redisMB.toFixed(1)} MB (bound ${ABUSE_BOUNDS.redisMB})`);
  const keys = last.lastingKeys - first.lastingKeys;
  check(keys <= ABUSE_BOUNDS.lastingKeys, `${keys} Redis keys without an expiry were left behind (bound ${ABUSE_BOUNDS.lastingKeys})`);
  const databaseMB = last.databaseMB - first.databaseMB;
  check(databaseMB <= ABUSE_BOUNDS.databaseMB, `the database grew by ${databaseMB.toFixed(0)} MB (bound ${ABUSE_BOUNDS.databaseMB})`);
}

/** Latency of the visitors' deliveries sent since `since` (ms): p50, p99 and max per kind. */
function latencies(deliveries: readonly Delivery[], since: number): string {
  return (['post', 'chat'] as const)
    .map((kind) => {
      const values = deliveries.filter((d) => d.kind === kind && d.sentAt >= since).map((d) => d.latencyMs);
      if (values.length === 0) return `${kind}s: none`;
      return `${kind}s p50 ${percentile(values, 50).toFixed(0)} / p99 ${percentile(values, 99).toFixed(0)} / max ${Math.max(...values)} ms (${values.length})`;
    })
    .join('; ');
}
