import { startOutboxRelay } from './outbox-relay.ts';
import type { Config } from '../config.ts';
import { createRedisLayer } from '../layer/redis-layer.ts';
import { checkRedis } from '../preflight.ts';
import { app } from '../features/index.ts';
import { logger } from '../log/logger.ts';
import { registerRelayDelay } from '../metrics/delivery-metrics.ts';
import { createMetricsRegistry } from '../metrics/metrics-registry.ts';
import { startMetricsServer } from '../metrics/metrics-server.ts';

const log = logger.child({ module: 'outbox-relay' });

/**
 * `switchyard relay`: an outbox relay in its own process, publishing through
 * the Redis emitter. Interface servers run one each already; this is for
 * deployments that want it apart. Its commit → publish histogram is on
 * `/metrics` at RELAY_METRICS_PORT. Returns its stop function.
 */
export async function startRelayProcess(config: Config): Promise<() => Promise<void>> {
  await checkRedis(config);
  const layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
  const registry = createMetricsRegistry('relay');
  const relay = await startOutboxRelay({ databaseUrl: config.databaseUrl, layer, leaseMs: config.outboxRelayLeaseMs, onPublished: registerRelayDelay(registry) });
  const closeMetrics = await startMetricsServer(registry, {
    host: config.host,
    port: config.relayMetricsPort,
    token: config.metricsToken,
    trustedProxies: config.trustedProxies,
    setting: 'RELAY_METRICS_PORT',
  });
  log.info(`outbox relay running (pid ${process.pid})`);
  return async () => {
    await closeMetrics();
    await relay.stop();
    await layer.close();
  };
}
