import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RedisClient } from './layer/redis-connection.ts';
import { Server } from 'socket.io';
import type { AppServices } from './app-services.ts';
import type { Config } from './config.ts';
import type { HttpRoute } from './http/http-route.ts';
import type { RoutedConsumer } from './consumers/consumer.ts';
import { serveConsumer } from './consumers/serve-consumer.ts';
import type { ProtocolIndex } from './protocol/protocol-index.ts';
import { checkHealth } from './health.ts';
import { gatePages } from './http/database-gate.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { createVisitorCookies } from './http/visitor-cookie.ts';
import { createInflight } from './inflight.ts';
import type { InterfaceLayer } from './layer/channel-layer.ts';
import { createInProcessLayer } from './layer/in-process-layer.ts';
import { createRedisLayer } from './layer/redis-layer.ts';
import { createReplyChannelSigner } from './layer/reply-channel-token.ts';
import { handshakeLimit } from './middleware/handshake-limit.ts';
import { originValidator } from './middleware/origin.ts';
import { replyChannelAssigner } from './middleware/reply-channel.ts';
import { sessionAuth } from './middleware/session-auth.ts';
import { visitorIdentity } from './middleware/visitor.ts';
import type { SessionLookup } from './middleware/session-auth.ts';
import { routes } from './routing.ts';
import { watchSessions } from './session-watch.ts';
import type { SessionWatchOptions } from './session-watch.ts';
import { guardSlowClients } from './slow-client-guard.ts';
import type { DeliveryMetrics } from './metrics/delivery-metrics.ts';
import { timeEmits } from './metrics/emit-timing.ts';
import { logger } from './log/logger.ts';

const log = logger.child({ module: 'interface-server' });


/** What the interface server is built from; main.ts supplies the real parts, tests their own. */
export type InterfaceServerOptions = {
  config: Config;
  /** The kit's services, for consumers. */
  app: AppServices;
  /** The registered application's protocol (`app.index`): namespaces, events to validate. */
  protocol: ProtocolIndex;
  /** The features' consumers, one per namespace besides the kit's `/`. */
  consumers: readonly RoutedConsumer[];
  /** Name of the session cookie the HTTP pages set. */
  sessionCookie: string;
  /** Resolves a session cookie to its user. */
  lookupSession: SessionLookup;
  /** The live users of sessions by id (SessionStore.liveUsers), for the periodic re-check of sockets' rights. */
  liveUsers: SessionWatchOptions['liveUsers'];
  /** Where handshake counts live, shared by every interface server (the Redis of the limits); without it, memory. */
  limitsRedis?: RedisClient;
  /** Resolves when PostgreSQL answers (for /healthz). */
  pingDatabase: () => Promise<unknown>;
  /** HTTP routes tried in order before `fallback` (e.g. the session API). */
  httpRoutes?: HttpRoute[];
  /** Handles every other request: the Next.js request handler in production. */
  fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;
  /** Handles WebSocket upgrades that are not Socket.IO's (Next.js dev server's HMR). */
  upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Runs during a shutdown once in-flight work finished, before the layer closes: last broadcasts (features' beforeLayerClose). */
  beforeLayerClose?: () => Promise<void>;
  /** Where delivery figures go (registerDeliveryMetrics on the process's /metrics registry). */
  metrics: DeliveryMetrics;
};

/** A running interface server. */
export type InterfaceServer = {
  readonly port: number;
  readonly url: string;
  readonly io: Server;
  readonly layer: InterfaceLayer;
  /** Graceful stop: refuse new work, move clients elsewhere, finish in-flight work within the configured bound. */
  shutdown(): Promise<void>;
};

/**
 * Starts an interface server (Channels' Daphne): one HTTP server for the
 * pages, /healthz and Socket.IO, with a consumer per routed namespace.
 */
export async function startInterfaceServer(options: InterfaceServerOptions): Promise<InterfaceServer> {
  const { config } = options;
  const inflight = createInflight();
  let draining = false;

  const http = createServer((request, response) => {
    void handleHttp(request, response).catch((error: unknown) => {
      log.error({ err: error, method: request.method }, 'http handler failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error');
    });
  });
  const io = new Server(http, {
    transports: [...config.transports],
    serveClient: false,
    maxHttpBufferSize: Math.max(1_000_000, config.maxMessageBytes * 2),
    cors: config.allowedOrigins.length > 0 ? { origin: [...config.allowedOrigins], credentials: true } : undefined,
  });
  const stopGuard = guardSlowClients(io, { maxBytes: config.maxSocketBufferBytes, onDrop: options.metrics.droppedSlowClient });
  const visitors = createVisitorCookies(config);
  io.engine.on('initial_headers', visitors.issueOnHandshake);
  const layerOptions = { ...config, prefix: config.redisPrefix, protocol: options.protocol };
  // This server's id in the reply channels it issues and in the holder records of those that come back to it (channel-layer.ts).
  const holder = randomBytes(4).toString('hex');
  const layer = config.channelLayer === 'redis' ? createRedisLayer(layerOptions, { io, holder }) : createInProcessLayer(io, layerOptions);

  const base = {
    origin: originValidator(config.allowedOrigins, config.trustedProxies),
    handshakeLimit: handshakeLimit({
      perMinute: config.handshakesPerMinute,
      trustedProxies: config.trustedProxies,
      prefix: config.redisPrefix,
      redis: options.limitsRedis,
    }),
    session: sessionAuth(options.sessionCookie, options.lookupSession),
    visitor: visitorIdentity(visitors),
    replyChannel: replyChannelAssigner(createReplyChannelSigner(config.secretKey, holder)),
  };
  const table = routes(base, options.consumers, options.protocol);
  timeEmits(io, table.map((route) => route.namespace), options.metrics);
  for (const route of table) {
    const nsp = io.of(route.namespace);
    for (const middleware of route.middleware) nsp.use(middleware);
    serveConsumer(nsp, route.consumer, route.clientEvents, { layer, app: options.app, inflight, maxMessageBytes: config.maxMessageBytes, rateLimit: config.rateLimit, trustedProxies: config.trustedProxies, keepMembershipsAfterMs: config.replyTtlMs, metrics: options.metrics });
  }
  const stopSessionWatch = watchSessions(
    io,
    table.map((route) => route.namespace),
    { liveUsers: options.liveUsers, everyMs: config.sessionRecheckMs },
  );
  if (options.upgrade) {
    const upgrade = options.upgrade;
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!request.url?.startsWith('/socket.io/')) upgrade(request, socket, head);
    });
  }

  // While PostgreSQL does not answer, pages get a clear 503 rather than the 500 each would fail with.
  const pages = options.fallback && gatePages(options.fallback, { ping: options.pingDatabase });

  async function handleHttp(request: IncomingMessage, response: ServerResponse) {
    setSecurityHeaders(request, response, config.trustedProxies);
    if (request.url === '/healthz') {
      const health = await checkHealth({ redis: () => layer.ping(), postgres: options.pingDatabase }, draining);
      response.writeHead(health.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(health));
      return;
    }
    for (const route of options.httpRoutes ?? []) if (await route(request, response)) return;
    if (pages) return pages(request, response);
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen({ port: config.port, host: config.host, backlog: config.listenBacklog }, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    port,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    io,
    layer,
    shutdown() {
      stopped ??= (async () => {
        draining = true;
        http.close();
        http.closeIdleConnections();
        for (const route of table) io.of(route.namespace).local.emit('server.draining', { reconnectAfterMs: 0 });
        // Closing the transport (not the socket) makes clients reconnect, through the load balancer, to another server.
        io.engine.close();
        const finished = await inflight.drain(config.shutdownTimeoutMs);
        if (!finished) log.error(`shutdown: ${inflight.size} tasks still running after ${config.shutdownTimeoutMs} ms`);
        stopGuard();
        stopSessionWatch();
        await options.beforeLayerClose?.().catch((error: unknown) => log.error({ err: error }, 'shutdown: last broadcasts failed'));
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await layer.close();
      })();
      return stopped;
    },
  };
}
