import { Cluster, Redis } from 'ioredis';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'redis' });

// How often a subscribing cluster client reads the slot map. A primary that
// hands a slot over drops the sharded subscriptions of its channels without
// the client noticing, so this bounds how long a moved channel goes unheard.
// Each reading is a new connection (ioredis's "refresher"): other clients keep
// ioredis's 5 s, and learn of a moved slot from MOVED anyway.
const SUBSCRIBER_SLOTS_REFRESH_MS = 1000;

/** A connection to the deployment's Redis: one server, or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisClient = Redis | Cluster;

/**
 * Where a role's Redis is: `redisUrl` (one server, and the credentials and
 * TLS of every node), or, when `redisClusterNodes` lists any, that cluster.
 * Every role passes its settings here, so none keeps a single-node client
 * while the deployment runs on a cluster.
 */
export type RedisTarget = { readonly redisUrl: string; readonly redisClusterNodes: readonly string[] };

/** Options of one connection. */
export type RedisConnectionOptions = {
  /** CLIENT SETNAME of each connection, for `CLIENT LIST` on the servers. */
  name: string;
  /** Commands wait for a reconnect forever instead of failing after 3 retries (pub/sub and BullMQ clients, whose callers never handle a rejection). */
  retryForever?: boolean;
  /** Connect on the first command instead of at once. */
  lazyConnect?: boolean;
  /** (Cluster) the client holds sharded subscriptions: read the slot map every second, not every 5 s. */
  subscriber?: boolean;
};

/** True when the target is a Redis Cluster. */
export function isCluster(target: RedisTarget): boolean {
  return target.redisClusterNodes.length > 0;
}

/**
 * Opens a connection to a target. A cluster client routes each command to the
 * primary owning its key's slot (following MOVED and ASK), and sharded pub/sub
 * (SSUBSCRIBE) to the shard owning each channel. The caller reports errors:
 * see `openRedis`.
 */
export function connectRedis(target: RedisTarget, options: RedisConnectionOptions): RedisClient {
  const common: RedisOptions = {
    ...credentials(target.redisUrl),
    maxRetriesPerRequest: options.retryForever ? null : 3,
    connectionName: options.name,
    lazyConnect: options.lazyConnect ?? false,
  };
  if (!isCluster(target)) return new Redis(target.redisUrl, common);
  const clusterOptions: ClusterOptions = {
    redisOptions: common,
    lazyConnect: common.lazyConnect,
    shardedSubscribers: true,
    ...(options.subscriber ? { slotsRefreshInterval: SUBSCRIBER_SLOTS_REFRESH_MS } : {}),
  };
  return new Cluster(target.redisClusterNodes.map(parseNode), clusterOptions);
}

/**
 * Opens a connection that reports connection problems once per outage
 * instead of crashing or flooding the log.
 */
export function openRedis(target: RedisTarget, name: string, { retryForever = false, subscriber = false } = {}): RedisClient {
  const redis = connectRedis(target, { name, retryForever, subscriber });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) log.error({ connection: name, err: error }, `redis (${name}): ${error.message}; retrying`);
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) log.warn({ connection: name }, `redis (${name}): reconnected`);
    reported = false;
  });
  return redis;
}

/** Closes a client: politely when connected, at once otherwise (QUIT would wait for a reconnect that may never come). */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}

/** `host:port` → ioredis's node address. */
export function parseNode(node: string): { host: string; port: number } {
  const colon = node.lastIndexOf(':');
  return { host: node.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(node.slice(colon + 1)) };
}

// A cluster's nodes use REDIS_URL's user, password and TLS: one place for the secrets.
function credentials(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
