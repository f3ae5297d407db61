import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from './config.ts';
import { isCluster, parseNode } from './layer/redis-connection.ts';
import type { RedisTarget } from './layer/redis-connection.ts';

/** A required service that does not answer; the message says how to start it. */
export class ServiceUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceUnreachable';
  }
}

/**
 * Checks that Redis and PostgreSQL answer before a process starts serving, so
 * a missing service gives one clear line instead of a stack trace.
 */
export async function preflight(config: RedisTarget & Pick<Config, 'databaseUrl' | 'queueRedis'>): Promise<void> {
  await checkRedis(config);
  if (config.queueRedis.redisUrl !== config.redisUrl) await checkRedis(config.queueRedis, 'REDIS_QUEUE_URL');
  await checkPostgres(config);
}

/**
 * Throws ServiceUnreachable (one line, how to start it) unless Redis answers
 * PING; on a cluster, unless every node of REDIS_CLUSTER_NODES answers and
 * the cluster serves all its slots.
 */
export async function checkRedis(config: RedisTarget, setting = 'REDIS_URL'): Promise<void> {
  if (!isCluster(config)) {
    if (await answers(config.redisUrl, config)) return;
    throw new ServiceUnreachable(
      `Redis is not reachable at ${redact(config.redisUrl)} — start it (e.g. redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set ${setting}`,
    );
  }
  for (const node of config.redisClusterNodes) {
    if (await answers(node, config)) continue;
    const { port } = parseNode(node);
    throw new ServiceUnreachable(
      `Redis Cluster node ${node} (REDIS_CLUSTER_NODES) is not reachable — start it (e.g. redis-server --port ${port} --cluster-enabled yes --cluster-config-file nodes-${port}.conf --daemonize yes in its data directory; the loopback test cluster: npm run redis-cluster -- start) or fix REDIS_CLUSTER_NODES`,
    );
  }
  const state = await clusterState(config.redisClusterNodes[0]!, config);
  if (state !== 'ok') {
    throw new ServiceUnreachable(
      `Redis Cluster at ${config.redisClusterNodes[0]} reports cluster_state:${state} — create it (redis-cli --cluster create <nodes> --cluster-replicas 1) or wait for its failover, then check redis-cli -p <port> cluster info`,
    );
  }
}

/** True when the Redis at `address` (a URL, or a cluster node's host:port) answers PING within 3 s. */
async function answers(address: string, target: RedisTarget): Promise<boolean> {
  return (await withNode(address, target, (redis) => redis.ping())) === 'PONG';
}

/** The `cluster_state` a node reports ('unknown' when it does not answer). */
async function clusterState(node: string, target: RedisTarget): Promise<string> {
  const info = await withNode(node, target, (redis) => redis.cluster('INFO'));
  return /cluster_state:(\w+)/.exec(String(info ?? ''))?.[1] ?? 'unknown';
}

// One connection to one server (never a cluster client: it would hide which node is missing); undefined when it fails.
async function withNode<T>(address: string, target: RedisTarget, work: (redis: Redis) => Promise<T>): Promise<T | undefined> {
  const url = isCluster(target) ? nodeUrl(target.redisUrl, address) : address;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await work(redis);
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

// REDIS_URL with a cluster node's host and port: its user, password and TLS apply to every node.
function nodeUrl(redisUrl: string, node: string): string {
  const url = new URL(redisUrl);
  const { host, port } = parseNode(node);
  url.hostname = host.includes(':') ? `[${host}]` : host;
  url.port = String(port);
  return url.toString();
}

/** Throws ServiceUnreachable (one line, how to start it) unless PostgreSQL answers a query. */
export async function checkPostgres(config: Pick<Config, 'databaseUrl'>): Promise<void> {
  const client = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = (error as Error).message;
    throw new ServiceUnreachable(
      `PostgreSQL is not usable at ${redact(config.databaseUrl)} (${reason}) — start it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start), run "switchyard migrate", or set DATABASE_URL`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
