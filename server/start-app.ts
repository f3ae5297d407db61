import { createHashGate, createLoginThrottle, createSessionStore, SESSION_COOKIE } from './auth/index.ts';
import type { SessionStore } from './auth/index.ts';
import { createPrismaClient } from '../prisma/client.ts';
import { startOutboxRelay } from '../prisma/hooks/outbox-relay.ts';
import type { Database } from '../prisma/client.ts';
import type { AppServices } from './app-services.ts';
import { createChatServices } from './chat/chat-services.ts';
import type { Config } from './config.ts';
import { jobResultRoute } from './http/job-result-route.ts';
import { firstRunRoute } from './first-run/index.ts';
import { jobRoutes } from './http/job-routes.ts';
import { createResultDownloadLimit } from './http/result-download-limit.ts';
import { queueDashboard } from './http/queue-dashboard.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { startInterfaceServer } from './interface-server.ts';
import type { InterfaceServer, InterfaceServerOptions } from './interface-server.ts';
import { closeRedis, openRedis } from './layer/redis-connection.ts';
import { createWorkerQueues } from './layer/worker-queues.ts';
import { registerConnectionGauge } from './metrics/connection-gauge.ts';
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
 * Assembles the application: database, sessions, worker queues, HTTP routes,
 * the interface server and the outbox relay (`relay: false` leaves it out).
 * Production (server/serve.ts) adds the pages; tests start it as it is.
 */
export async function startApp(
  config: Config,
  pages: Pick<InterfaceServerOptions, 'fallback' | 'upgrade'> = {},
  { relay = true }: { relay?: boolean } = {},
): Promise<RunningApp> {
  const db = createPrismaClient(config.databaseUrl);
  const sessions = createSessionStore(db, { ttlSeconds: config.sessionTtlSeconds });
  // Counts of the login throttle, the handshake limit, the upload rate and result downloads, shared by every interface server.
  const authRedis = openRedis(config, 'limits');
  const throttle = createLoginThrottle(authRedis, {
    prefix: config.redisPrefix,
    failures: config.loginFailuresPerMinute,
    perAddress: config.loginFailuresPerAddress,
    perUsername: config.loginFailuresPerUsername,
  });
  const hashGate = createHashGate(config.loginHashes);
  const queues = createWorkerQueues({ redis: config.queueRedis, prefix: config.redisPrefix, history: config.queueHistory });
  const downloads = createResultDownloadLimit(authRedis, { prefix: config.redisPrefix, perMinute: config.resultDownloadsPerMinute });
  const chat = createChatServices({
    db,
    redis: config,
    prefix: config.redisPrefix,
    secretKey: config.secretKey,
    limits: config.chat,
    layer: () => server.layer,
  });
  const jobLimits = {
    perClient: config.jobsPerClient,
    perAddress: config.jobsPerAddress,
    anonymousBytesPerAddress: config.uploads.anonymousBytesPerAddress,
    anonymousBytesTotal: config.uploads.anonymousBytesTotal,
  };
  const app: AppServices = { db, queues, jobLimits, maxMessageBytes: config.maxMessageBytes, chat };
  const lookupSession = (token: string) => sessions.lookup(token);
  const metrics = createMetricsRegistry('interface-server', queues);
  registerConnectionGauge(metrics, () => server.io);
  const server: InterfaceServer = await startInterfaceServer({
    config,
    app,
    sessionCookie: SESSION_COOKIE,
    lookupSession,
    liveUsers: (sessionIds) => sessions.liveUsers(sessionIds),
    limitsRedis: authRedis,
    pingDatabase: () => db.$queryRaw`select 1`,
    // The people still here leave, and presence's last batches go out while the layer can send them.
    beforeLayerClose: () => chat.presence.close(),
    httpRoutes: [
      (request, response) => serveMetrics(metrics, { token: config.metricsToken, trustedProxies: config.trustedProxies }, request, response),
      sessionRoutes({ db, sessions, throttle, hashGate, revokeSession: (sessionId) => disconnectSession(server.io, sessionId), cookieName: SESSION_COOKIE, ttlSeconds: config.sessionTtlSeconds, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies }),
      firstRunRoute({ db, sessions, redis: authRedis, prefix: config.redisPrefix, cookieName: SESSION_COOKIE, ttlSeconds: config.sessionTtlSeconds, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies }),
      queueDashboard({ queues, lookupSession, sessionCookie: SESSION_COOKIE, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies }),
      jobRoutes({ config, app, lookupSession, sessionCookie: SESSION_COOKIE, layer: () => server.layer, redis: authRedis }),
      jobResultRoute({ db, secretKey: config.secretKey, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies, lookupSession, sessionCookie: SESSION_COOKIE, limit: downloads }),
    ],
    ...pages,
  });
  // The outbox relay publishes committed model-hook events; one leader per database (docs/model-hooks.md).
  const outboxRelay = relay ? await startOutboxRelay({ databaseUrl: config.databaseUrl, layer: server.layer, leaseMs: config.outboxRelayLeaseMs }) : null;
  return {
    server,
    db,
    sessions,
    app,
    async stop() {
      await outboxRelay?.stop();
      await server.shutdown();
      await chat.close();
      await closeRedis(authRedis);
      await queues.close();
      await db.$disconnect();
    },
  };
}
