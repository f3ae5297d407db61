import type { Cluster } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { InterfaceLayer } from '../layer/channel-layer.ts';
import { closeRedis, connectRedis } from '../layer/redis-connection.ts';
import { createRedisLayer } from '../layer/redis-layer.ts';
import { app } from '../features/index.ts';
import { redisBackend } from './redis-backends.ts';
import { startTestServer } from './test-server.ts';
import type { TestServer } from './test-server.ts';

/** An interface server on the test Redis Cluster, a channel layer of another process's kind, and an admin connection to the cluster. */
export type ClusterLayerStack = { server: TestServer; publisher: InterfaceLayer; admin: Cluster };

/**
 * Starts, before the suite, an interface server on the test Redis Cluster,
 * a publishing channel layer without sockets (what a worker or the relay
 * holds) and a cluster connection named `name` for the suite's own commands
 * (slot moves, PUBSUB, INFO); closes them after it. Read the fields inside
 * tests and hooks, once `beforeAll` has run.
 *
 * @example
 * const stack = clusterLayerStack('slot-migration-test');
 * it('…', async () => { await stack.publisher.send(…); });
 */
export function clusterLayerStack(name: string): ClusterLayerStack {
  const stack = {} as ClusterLayerStack;
  beforeAll(async () => {
    const { target, env } = redisBackend('cluster');
    stack.server = await startTestServer({ ...env, CHANNEL_LAYER: 'redis' });
    stack.publisher = createRedisLayer({ protocol: app.index, ...stack.server.config, prefix: stack.server.config.redisPrefix });
    stack.admin = connectRedis(target, { name }) as Cluster;
  });
  afterAll(async () => {
    await stack.publisher?.close();
    if (stack.admin) await closeRedis(stack.admin);
    await stack.server?.close();
  });
  return stack;
}
