import { describeLayerConformance } from '../testing/layer-conformance.ts';
import { redisBackends } from '../testing/redis-backends.ts';
import { createRedisLayer } from './redis-layer.ts';
import { startTestServer } from '../testing/test-server.ts';
import { app } from '../features/index.ts';

// The Redis backend, driven the way workers and scripts drive it: the server
// holds the sockets, a separate emitter-based layer publishes. On one Redis
// and on a Redis Cluster (sharded adapter, sharded emitter), unchanged.
for (const backend of redisBackends()) {
  describeLayerConformance(`${backend.name} (emitter → adapter)`, async (env) => {
    const server = await startTestServer({ ...env, ...backend.env, CHANNEL_LAYER: 'redis' });
    const layer = createRedisLayer({ protocol: app.index, ...server.config, prefix: server.config.redisPrefix });
    return {
      server,
      layer,
      async close() {
        await layer.close();
        await server.close();
      },
    };
  });
}
