import { createPrismaClient } from '../prisma/client.ts';
import type { Database } from '../prisma/client.ts';
import { loadConfig } from '../server/config.ts';
import { app } from '../server/features/index.ts';
import { benchDatabase } from './lib/bench-database.ts';
import { monotonicMs, sleep } from './lib/clock.ts';
import { UsageRequested } from './lib/args.ts';
import { parseIntOptions } from './lib/int-options.ts';
import { busyShare, cpuMicros, machineCpu } from './lib/proc.ts';
import { deleteKeys } from './lib/redis-cleanup.ts';
import { machineInfo } from './lib/report.ts';
import { runBench } from './lib/run-bench.ts';
import { startSwitchyardServers } from './lib/servers.ts';
import { medianOf, round } from './lib/stats.ts';

/**
 * `npm run -s bench:model-save -- [--posts N] [--rounds R] [--interval-ms T] [--warmup W] [--servers S]`:
 * what the model-save path costs per post, against a plain Prisma create of
 * the same post in the same run. S (2) compiled `--no-pages` interface servers
 * (each with its outbox relay) run on the bench database; the bench creates
 * posts one at a time, every T ms, in phases that alternate between the
 * hooked client (`app.hooks`: transaction, record read, outbox row, then the
 * relay's publish) and an unhooked one (the create alone, nothing for the
 * relay). Per phase: the writer's CPU per post (this process, `create` to
 * its return) and the servers' CPU over the phase; the servers' figure for
 * a hooked phase less the next plain phase's (same length, same posts: their
 * idle CPU) is what the relay and its publish cost. After W posts of each
 * kind as warm-up. Prints JSON; the target is the issue's ≤ 2 ms per post for
 * what the hooks add (writer) plus the relay (servers).
 */
const USAGE = 'usage: npm run -s bench:model-save -- [--posts 300] [--rounds 3] [--interval-ms 20] [--warmup 200] [--servers 2] [--timeout-s 300]';
const log = (line: string) => process.stderr.write(`[bench:model-save] ${line}\n`);
type Kind = 'plain' | 'hooked';
type Phase = { kind: Kind; writerUs: number; serversUs: number; wallMs: number; busyShare: number };

let options: ReturnType<typeof parse>;
function parse() {
  return parseIntOptions(
    process.argv.slice(2),
    { posts: { default: 300, min: 10 }, servers: { default: 2, min: 1 }, rounds: { default: 3, min: 1 }, 'interval-ms': { default: 20, min: 0 }, warmup: { default: 200, min: 0 }, 'timeout-s': { default: 300, min: 10 } },
    USAGE,
  );
}
try {
  options = parse();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof UsageRequested ? 0 : 1);
}

async function main() {
  const config = loadConfig();
  const databaseUrl = await benchDatabase(config.databaseUrl);
  const redisPrefix = `sy-bench-model-save-${process.pid}`;
  const clients: Record<Kind, Database> = { hooked: createPrismaClient(databaseUrl, { hooks: app.hooks }), plain: createPrismaClient(databaseUrl, { hooks: [] }) };
  const slug = `bench-save-${process.pid}-${Date.now()}`;
  const liveblog = await clients.hooked.liveblog.create({ data: { slug, title: 'Bench' }, select: { id: true } });
  try {
    const set = await startSwitchyardServers({ processes: options.servers, redisUrl: config.redisUrl, redisPrefix, databaseUrl, profileDir: undefined, compiled: true });
    const serversCpu = () => set.servers.reduce((sum, server) => sum + cpuMicros(server.pid), 0);
    let written = 0;
    const phase = async (kind: Kind, posts: number): Promise<Phase> => {
      const [servers0, machine0, at0] = [serversCpu(), machineCpu(), monotonicMs()];
      let writerUs = 0;
      for (let i = 0; i < posts; i += 1) {
        const started = monotonicMs();
        const cpu = process.cpuUsage();
        await clients[kind].liveblogPost.create({ data: { liveblogId: liveblog.id, body: `${kind}:${(written += 1)}` }, select: { id: true } });
        const used = process.cpuUsage(cpu);
        writerUs += used.user + used.system;
        await sleep(Math.max(0, started + options['interval-ms'] - monotonicMs()));
      }
      await sleep(500); // the relay's last publish
      return { kind, writerUs, serversUs: serversCpu() - servers0, wallMs: monotonicMs() - at0, busyShare: busyShare(machine0, machineCpu()) };
    };
    log(`warming up: ${options.warmup} posts of each kind`);
    await phase('hooked', options.warmup);
    await phase('plain', options.warmup);
    const rounds: ReturnType<typeof summarizeRound>[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      // The order flips every round, so neither kind always runs on a warmer process.
      const order: Kind[] = round % 2 === 0 ? ['hooked', 'plain'] : ['plain', 'hooked'];
      const [first, second] = [await phase(order[0]!, options.posts), await phase(order[1]!, options.posts)];
      rounds.push(summarizeRound(first.kind === 'hooked' ? first : second, first.kind === 'plain' ? first : second, options.posts));
      log(`round ${round + 1}: ${JSON.stringify(rounds.at(-1))}`);
    }
    const outbox = await clients.plain.outboxEvent.count({ where: { group: `liveblog.${slug}`, sentAt: null } });
    await Promise.all(set.servers.map((server) => server.stop()));
    const median = medianOf(rounds);
    return {
      bench: 'model-save',
      startedAt: new Date().toISOString(),
      params: { ...options, redisPrefix },
      machine: machineInfo(),
      rounds,
      median,
      unsentOutboxRows: outbox,
      target: { pathMsPerPost: 2, met: median.pathMsPerPost <= 2 && outbox === 0 },
    };
  } finally {
    await clients.hooked.liveblog.delete({ where: { id: liveblog.id } }).catch(() => {});
    await Promise.all(Object.values(clients).map((db) => db.$disconnect()));
    await deleteKeys(config.redisUrl, redisPrefix).catch(() => 0);
  }
}

/** One round's figures in ms per post: the writer's for each kind, what the hooks add, the relay's, and their sum (the path). */
function summarizeRound(hooked: Phase, plain: Phase, posts: number) {
  const perPost = (us: number) => round(us / posts / 1000, 3);
  // The plain phase's servers did nothing but idle; scaled to the hooked phase's length in case it ran longer.
  const relayUs = hooked.serversUs - plain.serversUs * (hooked.wallMs / plain.wallMs);
  return {
    writerMsPerPost: { plain: perPost(plain.writerUs), hooked: perPost(hooked.writerUs) },
    hooksMsPerPost: perPost(hooked.writerUs - plain.writerUs),
    relayMsPerPost: perPost(relayUs),
    pathMsPerPost: perPost(hooked.writerUs - plain.writerUs + relayUs),
    machineBusyShare: { hooked: round(hooked.busyShare, 3), plain: round(plain.busyShare, 3) },
  };
}

runBench('model-save', options['timeout-s'], main, (result) => result.unsentOutboxRows === 0);
