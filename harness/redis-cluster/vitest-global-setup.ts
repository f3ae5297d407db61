import { startLocalRedisCluster } from './redis-cluster.ts';

/**
 * Vitest global setup: the Redis Cluster that tests parameterised over both
 * backends run against (server/testing/redis-backends.ts). Uses the cluster
 * named by TEST_REDIS_CLUSTER_NODES when set; otherwise starts the loopback
 * one (REDIS_CLUSTER_PORT, default 7101, and the five after it; a few seconds)
 * and stops it afterwards, unless it was
 * already running (keep one running with `harness/redis-cluster/redis-cluster.sh start`
 * to save those seconds while iterating).
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_REDIS_CLUSTER_NODES) return;
  const cluster = await startLocalRedisCluster();
  process.env.TEST_REDIS_CLUSTER_NODES = cluster.nodes;
  return () => cluster.stop();
}
