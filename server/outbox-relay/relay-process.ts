import { startOutboxRelay } from './outbox-relay.ts';
import type { Config } from '../config.ts';
import { createRedisLayer } from '../layer/redis-layer.ts';
import { checkRedis } from '../preflight.ts';
import { app } from '../features/index.ts';

/**
 * `switchyard relay`: an outbox relay in its own process, publishing through
 * the Redis emitter. Interface servers run one each already; this is for
 * deployments that want it apart. Returns its stop function.
 */
export async function startRelayProcess(config: Config): Promise<() => Promise<void>> {
  await checkRedis(config);
  const layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
  const relay = await startOutboxRelay({ databaseUrl: config.databaseUrl, layer, leaseMs: config.outboxRelayLeaseMs });
  console.log(`[switchyard] outbox relay running (pid ${process.pid})`);
  return async () => {
    await relay.stop();
    await layer.close();
  };
}
