import { randomBytes } from 'node:crypto';
import type { Child } from '../bench/lib/children.ts';
import { sleep } from '../bench/lib/clock.ts';
import { deleteKeys } from '../bench/lib/redis-cleanup.ts';
import { startSwitchyardServers } from '../bench/lib/servers.ts';
import { createPrismaClient } from '../prisma/client.ts';
import type { Database } from '../prisma/client.ts';
import { createScratchDatabase } from '../server/testing/scratch-database.ts';
import { loadConfig } from '../server/config.ts';
import type { ChannelLayer } from '../server/layer/channel-layer.ts';
import { createRedisLayer } from '../server/layer/redis-layer.ts';
import { uniquePrefix } from '../server/testing/test-server.ts';
import type { DrillScope } from './drill.ts';
import { app } from '../server/features/index.ts';

/** Interface servers started for one drill, on a Redis prefix and a database of its own. */
export type DrillStack = {
  readonly servers: Child[];
  readonly urls: string[];
  readonly redisUrl: string;
  readonly redisPrefix: string;
  readonly databaseUrl: string;
  /** The SECRET_KEY the servers sign reply tokens with. */
  readonly secretKey: string;
  /** The channel layer on the stack's prefix, as a worker or script has it (the Redis emitter). */
  readonly layer: ChannelLayer;
  /** kill -9 of server `index` (not counted as a crash); resolves once it is gone. */
  kill(index: number): Promise<void>;
};

/**
 * Starts `processes` interface servers (production mode, no pages, the bench's
 * agent preloaded so they die with the drill) on a fresh Redis prefix (or
 * `redisPrefix`), with `env` on top of their environment and, unless
 * `databaseUrl` is given, a fresh migrated database: each server runs an outbox
 * relay, and relays of different prefixes must never share a database. Every
 * server counts as crashed if it exits before the drill ends; everything is
 * stopped and removed afterwards.
 */
export async function startDrillStack(
  scope: DrillScope,
  options: { label: string; processes: number; redisUrl?: string; redisPrefix?: string; databaseUrl?: string; env?: Record<string, string> },
): Promise<DrillStack> {
  const redisUrl = options.redisUrl ?? loadConfig().redisUrl;
  const redisPrefix = options.redisPrefix ?? uniquePrefix();
  if (!options.redisUrl) scope.defer(() => deleteKeys(redisUrl, redisPrefix));
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    const database = await createScratchDatabase(options.label);
    scope.defer(() => database.drop());
    databaseUrl = database.url;
  }
  const set = await startSwitchyardServers({ processes: options.processes, redisUrl, redisPrefix, databaseUrl, profileDir: undefined, env: options.env });
  // On the servers' Redis: REDIS_CLUSTER_NODES in `env` puts it on their cluster.
  const layer = createRedisLayer({ protocol: app.index, ...loadConfig({ ...options.env, REDIS_URL: redisUrl }), prefix: redisPrefix });
  scope.defer(() => layer.close());
  const expectExit = set.servers.map((server) => {
    scope.defer(() => server.stop());
    return scope.watch(server.name, server.exited);
  });
  return {
    servers: set.servers,
    urls: set.urls,
    redisUrl,
    redisPrefix,
    databaseUrl,
    secretKey: set.publisher.env.SECRET_KEY ?? '',
    layer,
    async kill(index) {
      const server = set.servers[index];
      if (!server) throw new Error(`there is no server ${index}`);
      expectExit[index]?.();
      process.kill(server.pid, 'SIGKILL');
      await server.exited;
      scope.log(`killed ${server.name} (pid ${server.pid}) with SIGKILL`);
    },
  };
}

/** A liveblog in a drill's database, and the posts the drill has committed to it. */
export type DrillLiveblog = {
  readonly slug: string;
  readonly db: Database;
  /** Ids of every post committed so far. */
  readonly ids: string[];
  /** Commits `count` posts through the hooked client (the outbox relay publishes them), `intervalMs` apart. */
  post(count: number, intervalMs?: number): Promise<void>;
};

/** Creates a liveblog with a unique slug; its client closes with the drill. */
export async function createDrillLiveblog(scope: DrillScope, databaseUrl: string): Promise<DrillLiveblog> {
  const db = createPrismaClient(databaseUrl, { hooks: app.hooks });
  scope.defer(() => db.$disconnect());
  const slug = `drill-${randomBytes(4).toString('hex')}`;
  const { id: liveblogId } = await db.liveblog.create({ data: { slug, title: 'Drill' }, select: { id: true } });
  const ids: string[] = [];
  return {
    slug,
    db,
    ids,
    async post(count, intervalMs = 0) {
      for (let i = 0; i < count; i += 1) {
        const { id } = await db.liveblogPost.create({ data: { liveblogId, body: `drill post ${ids.length + 1}` }, select: { id: true } });
        ids.push(id);
        if (intervalMs > 0) await sleep(intervalMs);
      }
    },
  };
}

/** `GET /healthz` of a server: its status code and body. */
export async function healthOf(url: string): Promise<{ status: number; body: { status?: string; redis?: string; postgres?: string } }> {
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3000) });
  return { status: response.status, body: (await response.json()) as { status?: string; redis?: string; postgres?: string } };
}
