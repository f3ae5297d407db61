import { createHashGate, createLoginThrottle, createSessionStore, SESSION_COOKIE } from './auth/index.ts';
import type { SessionStore } from './auth/index.ts';
import { createPrismaClient, poolOf } from '../prisma/client.ts';
import { startOutboxRelay } from './outbox-relay/outbox-relay.ts';
import type { Database } from '../prisma/client.ts';
import type { AppServices } from './app-services.ts';
import type { App } from './registry/define-app.ts';
import { startFeatures } from './registry/start-features.ts';
import type { Config } from './config.ts';
import { firstRunRoute } from './first-run/index.ts';
import { queueDashboard } from './http/queue-dashboard.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { startInterfaceServer } from './interface-server.ts';
import type { InterfaceServer, InterfaceServerOptions } from './interface-server.ts';
import { closeRedis, openRedis } from './layer/redis-connection.ts';
import { createWorkerQueues } from './layer/worker-queues.ts';
import { registerConnectionGauge } from './metrics/connection-gauge.ts';
import { registerDeliveryMetrics } from './metrics/delivery-metrics.ts';
import { createMetricsRegistry } from './metrics/metrics-registry.ts';
import { serveMetrics } from './metrics/metrics-route.ts';
import { disconnectSession } from './session-watch.ts';

/** A running interface server with the application's services around it. */
export type RunningApp = {
  readonly server: InterfaceServer;
  readonly db: Database;
  readonly sessions: SessionStore;
  readonly app: AppServices;
  /** Graceful stop of the server, then its services. */
  stop(): Promise<void>;
};

/**
 * Assembles the application: database (with the features' model hooks),
 * sessions, worker queues, the features (consumers, HTTP routes), the
 * interface server and the outbox relay (`relay: false` leaves it out).
 * Production (server/serve.ts) adds the pages; tests start it as it is.
 */
export async function startApp(
  config: Config,
  app: App,
  pages: Pick<InterfaceServerOptions, 'fallback' | 'upgrade'> = {},
  { relay = true }: { relay?: boolean } = {},
): Promise<RunningApp> {
  const db = createPrismaClient(config.databaseUrl, { hooks: app.hooks });
  const sessions = createSessionStore(db, { ttlSeconds: config.sessionTtlSeconds });
  // Counts of the login throttle, the handshake limit and the features' rate limits, shared by every interface server.
  const authRedis = openRedis(config, 'limits');
  const throttle = createLoginThrottle(authRedis, {
    prefix: config.redisPrefix,
    failures: config.loginFailuresPerMinute,
    perAddress: config.loginFailuresPerAddress,
    perUsername: config.loginFailuresPerUsername,
  });
  const hashGate = createHashGate(config.loginHashes);
  const queues = createWorkerQueues({ channels: app.workerChannelNames, redis: config.queueRedis, prefix: config.redisPrefix, history: config.queueHistory });
  const services: AppServices = { db, queues, maxMessageBytes: config.maxMessageBytes };
  const lookupSession = (token: string) => sessions.lookup(token);
  const features = await startFeatures(app.features, {
    config,
    db,
    redis: authRedis,
    queues,
    sessions: { lookup: lookupSession, cookieName: SESSION_COOKIE },
    layer: () => server.layer,
  });
  const { namespaces } = app.index;
  const metrics = createMetricsRegistry('interface-server', queues);
  registerConnectionGauge(metrics, () => server.io, namespaces);
  const delivery = registerDeliveryMetrics(metrics);
  const server: InterfaceServer = await startInterfaceServer({
    config,
    app: services,
    protocol: app.index,
    consumers: features.consumers,
    sessionCookie: SESSION_COOKIE,
    lookupSession,
    liveUsers: (sessionIds) => sessions.liveUsers(sessionIds),
    limitsRedis: authRedis,
    // Through the pool: a health probe never loads Prisma's query compiler (about 30 MB) into a server no client has used yet.
    pingDatabase: () => poolOf(db).query('select 1'),
    beforeLayerClose: features.beforeLayerClose,
    metrics: delivery,
    httpRoutes: [
      (request, response) => serveMetrics(metrics, { token: config.metricsToken, trustedProxies: config.trustedProxies }, request, response),
      sessionRoutes({ db, sessions, throttle, hashGate, revokeSession: (sessionId) => disconnectSession(server.io, namespaces, sessionId), cookieName: SESSION_COOKIE, ttlSeconds: config.sessionTtlSeconds, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies }),
      firstRunRoute({ db, sessions, redis: authRedis, prefix: config.redisPrefix, cookieName: SESSION_COOKIE, ttlSeconds: config.sessionTtlSeconds, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies }),
      queueDashboard({ queues, lookupSession, sessionCookie: SESSION_COOKIE, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies }),
      ...features.httpRoutes,
    ],
    ...pages,
  });
  // The outbox relay publishes committed model-hook events; one leader per database (docs/model-hooks.md).
  const outboxRelay = relay ? await startOutboxRelay({ databaseUrl: config.databaseUrl, layer: server.layer, leaseMs: config.outboxRelayLeaseMs, onPublished: delivery.relayed }) : null;
  return {
    server,
    db,
    sessions,
    app: services,
    async stop() {
      await outboxRelay?.stop();
      await server.shutdown();
      await features.close();
      await closeRedis(authRedis);
      await queues.close();
      await db.$disconnect();
    },
  };
}
