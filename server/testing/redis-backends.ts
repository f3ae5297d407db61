import type { RedisTarget } from '../layer/redis-connection.ts';

const SHARED_REDIS = 'redis://127.0.0.1:6379';

/** A Redis deployment a test runs against: one server or a Redis Cluster. */
export type RedisBackend = {
  /** `redis` or `cluster`, for test titles. */
  readonly name: 'redis' | 'cluster';
  /** Where its connections go. */
  readonly target: RedisTarget;
  /** The settings that select it (for startTestServer and spawned processes). */
  readonly env: Readonly<Record<string, string>>;
};

/** The shared single Redis (REDIS_URL's default) as a target. */
export function singleRedis(redisUrl = SHARED_REDIS): RedisTarget {
  return { redisUrl, redisClusterNodes: [] };
}

/**
 * The backends every Redis-dependent specification runs on: the single
 * Redis, and the Redis Cluster the vitest global setup started
 * (harness/redis-cluster, TEST_REDIS_CLUSTER_NODES).
 *
 * @example
 * describe.each(redisBackends())('presence on $name', (backend) => { … });
 */
export function redisBackends(): RedisBackend[] {
  const nodes = process.env.TEST_REDIS_CLUSTER_NODES;
  if (!nodes) throw new Error('TEST_REDIS_CLUSTER_NODES is not set: run the tests through vitest (its global setup starts the cluster)');
  return [
    { name: 'redis', target: singleRedis(), env: {} },
    { name: 'cluster', target: { redisUrl: SHARED_REDIS, redisClusterNodes: nodes.split(',') }, env: { REDIS_CLUSTER_NODES: nodes } },
  ];
}

/** One of `redisBackends()`, by name. */
export function redisBackend(name: RedisBackend['name']): RedisBackend {
  return redisBackends().find((backend) => backend.name === name)!;
}
