import { z } from 'zod';
import { ImproperlyConfigured } from './errors.ts';

const DEV_SECRET = 'insecure-development-secret-change-me';

const DAY_MS = 86_400_000;

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

// Every setting, its environment variable and its default. README.md's
// configuration table mirrors this list.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(3000, 0, 65535),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgresql://postgres@127.0.0.1:5432/switchyard'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^(\s*[^\s,:]+:\d{1,5}\s*)(,\s*[^\s,:]+:\d{1,5}\s*)*$/, 'comma-separated host:port of Redis Cluster nodes (e.g. 10.0.0.1:6379,10.0.0.2:6379)')
    .optional(),
  REDIS_QUEUE_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1–64)').default('sy'),
  SECRET_KEY: z.string().min(32, 'at least 32 characters').default(DEV_SECRET),
  ALLOWED_ORIGINS: z.string().default(''),
  CHANNEL_LAYER: z.enum(['redis', 'memory']).default('redis'),
  SOCKET_TRANSPORTS: z.enum(['websocket', 'websocket,polling']).default('websocket'),
  MAX_MESSAGE_BYTES: int(65_536, 256, 10_000_000),
  MAX_SOCKET_BUFFER_BYTES: int(4 * 1024 * 1024, 65_536, 1024 * 1024 * 1024),
  REPLY_BUFFER_TTL_SECONDS: int(120, 1, 86_400),
  REPLY_BUFFER_MAX: int(1000, 1, 100_000),
  GROUP_EXPIRY_SECONDS: int(86_400, 60, 30 * 86_400),
  RATE_LIMIT_PER_SECOND: int(20, 1, 100_000),
  RATE_LIMIT_BURST: int(40, 1, 100_000),
  SESSION_TTL_SECONDS: int(14 * 86_400, 60, 365 * 86_400),
  SESSION_RECHECK_SECONDS: int(60, 1, 3600),
  LOGIN_FAILURES_PER_MINUTE: int(5, 1, 10_000),
  HANDSHAKES_PER_MINUTE: int(240, 1, 10_000_000),
  LOGIN_FAILURES_PER_ADDRESS: int(50, 1, 1_000_000),
  LOGIN_FAILURES_PER_USERNAME: int(20, 1, 1_000_000),
  LOGIN_HASH_CONCURRENCY: int(2, 1, 256),
  LOGIN_HASH_QUEUE: int(32, 0, 100_000),
  TRUST_PROXY: int(0, 0, 10),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  JOB_LOCK_MS: int(30_000, 1000, 600_000),
  JOBS_PER_CLIENT: int(3, 1, 1000),
  JOBS_PER_ADDRESS: int(3, 1, 10_000),
  UPLOADS_PER_MINUTE: int(10, 1, 100_000),
  UPLOADS_IN_FLIGHT: int(16, 1, 10_000),
  UPLOADS_IN_FLIGHT_PER_ADDRESS: int(2, 1, 10_000),
  ANONYMOUS_UPLOAD_BYTES_PER_ADDRESS: int(64 * 1024 * 1024, 0, Number.MAX_SAFE_INTEGER),
  ANONYMOUS_UPLOAD_BYTES_TOTAL: int(1024 * 1024 * 1024, 0, Number.MAX_SAFE_INTEGER),
  RETENTION_EVERY_MINUTES: int(60, 1, 24 * 60),
  RETENTION_BATCH_SIZE: int(1000, 1, 100_000),
  OUTBOX_RETENTION_DAYS: int(7, 1, 3650),
  CHAT_MESSAGE_RETENTION_DAYS: int(30, 1, 3650),
  CHAT_ROOM_RETENTION_DAYS: int(30, 1, 3650),
  JOB_RETENTION_DAYS: int(7, 1, 3650),
  QUEUE_COMPLETED_RETENTION_SECONDS: int(3600, 0, 30 * 86_400),
  QUEUE_FAILED_RETENTION_SECONDS: int(86_400, 0, 30 * 86_400),
  RESULT_DOWNLOADS_PER_MINUTE: int(30, 1, 100_000),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  WORKER_METRICS_PORT: int(9464, 0, 65535),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  WORKER_NICE: int(10, 0, 19),
  OUTBOX_RELAY_LEASE_MS: int(10_000, 3000, 600_000),
  CHAT_ROOMS_PER_CONNECTION: int(10, 1, 1000),
  CHAT_ROOMS_CREATED_PER_HOUR: int(30, 1, 1_000_000),
  CHAT_MEMBER_LIST_MAX: int(100, 1, 1000),
  CHAT_LOBBY_ROOMS_MAX: int(50, 1, 1000),
  JOB_HEAP_MB: z.coerce.number().int().min(32).max(65_536).optional(),
  JOB_TIMEOUT_MS: z.coerce.number().int().min(1000).max(86_400_000).optional(),
  WORKER_PROCESSORS: z.string().min(1).optional(),
  PRESENCE_BATCH_MS: int(500, 20, 2000),
});

/** Every setting's environment variable and its default (undefined: none), as README.md's configuration table states them. */
export function configDefaults(): Record<string, unknown> {
  return envSchema.parse({});
}

/** The validated, frozen settings of a Switchyard process. */
export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /**
   * Nodes (`host:port`) of the Redis Cluster every role uses instead of
   * `redisUrl`'s server (which then only gives credentials and TLS); empty:
   * one Redis server. Any node is enough to find the others; all are checked at start.
   */
  redisClusterNodes: readonly string[];
  /**
   * Where the BullMQ job queues live (and with them the workers' cancellations
   * and the retention schedule): REDIS_QUEUE_URL's server when set, otherwise
   * the deployment's Redis (`redisUrl` or the cluster).
   */
  queueRedis: Readonly<{ redisUrl: string; redisClusterNodes: readonly string[] }>;
  redisPrefix: string;
  secretKey: string;
  /** True when SECRET_KEY was not set and the development key is in use (never in production: refused). */
  insecureSecret: boolean;
  /** Origins allowed to open sockets besides the server's own origin. */
  allowedOrigins: readonly string[];
  channelLayer: 'redis' | 'memory';
  transports: readonly ('websocket' | 'polling')[];
  maxMessageBytes: number;
  /** Unsent bytes a connection may have waiting before the server drops it (a client that stopped reading). */
  maxSocketBufferBytes: number;
  replyTtlMs: number;
  replyMaxMessages: number;
  groupExpiryMs: number;
  rateLimit: Readonly<{ perSecond: number; burst: number }>;
  sessionTtlSeconds: number;
  /** How often each interface server re-checks its sockets' sessions (expiry, deleted users, changed rights), in ms. */
  sessionRecheckMs: number;
  /** Failed logins allowed per username and client address per minute; more are refused with 429. */
  loginFailuresPerMinute: number;
  /** Failed logins per client address (any usernames) per 15 minutes. */
  loginFailuresPerAddress: number;
  /** Failed logins per username (from any addresses) per 15 minutes. */
  loginFailuresPerUsername: number;
  /** Password hashes a process runs at once, and how many logins may wait for one; more answer 429. */
  loginHashes: Readonly<{ concurrency: number; queue: number }>;
  /** Socket.IO namespace handshakes one client address may make per minute; more are refused with `rate_limited`. */
  handshakesPerMinute: number;
  /** Reverse proxies in front whose X-Forwarded-For/Host/Proto are believed (0: the TCP peer is the client, its socket and Host header the origin). */
  trustedProxies: number;
  shutdownTimeoutMs: number;
  /** How long a worker's lock on a running job lives; a dead worker's job is retried after about this long. */
  jobLockMs: number;
  /** Jobs a client may have queued or running at once. */
  jobsPerClient: number;
  /** Jobs anonymous clients from one address (an IPv6 /64) may have in flight at once, whatever their reply channels. */
  jobsPerAddress: number;
  /** Limits of `POST /api/jobs/bigdata` (docs/reliability.md, "Limits and abuse"). */
  uploads: Readonly<{
    /** Uploads one address may start per minute, counted in Redis across interface servers. */
    perMinute: number;
    /** Uploads one interface server process receives at once. */
    inFlight: number;
    /** Uploads one interface server process receives at once from one address. */
    inFlightPerAddress: number;
    /** Bytes of datasets anonymous clients from one address may keep stored. */
    anonymousBytesPerAddress: number;
    /** Bytes of datasets all anonymous clients together may keep stored. */
    anonymousBytesTotal: number;
  }>;
  /** What the retention job deletes, and how often it runs (server/retention, docs/reliability.md "Retention"). */
  retention: Readonly<{
    /** Period of the retention job (one run per period across all worker processes). */
    everyMs: number;
    /** Rows one DELETE removes at most. */
    batchSize: number;
    /** Sent outbox events are kept this long (each group's newest is kept). */
    outboxMs: number;
    /** Chat messages are kept this long. */
    chatMessagesMs: number;
    /** A chat room with no messages (and nobody in it) is kept this long after it was created. */
    chatRoomsMs: number;
    /** Finished jobs are kept this long after they finished. */
    jobsMs: number;
  }>;
  /** How long BullMQ keeps finished job entries in Redis, in seconds (at most 1,000 completed and 10,000 failed per queue besides). */
  queueHistory: Readonly<{ completedSeconds: number; failedSeconds: number }>;
  /** Downloads of job results (those too large for a message) a client may make per minute. */
  resultDownloadsPerMinute: number;
  /** Bearer token for /metrics; without one, /metrics answers loopback clients only, and only when no proxy is trusted. */
  metricsToken: string | undefined;
  /** Port of a worker's /metrics endpoint (0 turns it off). */
  workerMetricsPort: number;
  /**
   * Jobs a worker process runs at once on each channel it serves; undefined
   * keeps each channel's own setting (workers/channel-settings.ts:
   * `bigdata.process` one per core, `report.render` 2).
   */
  workerConcurrency: number | undefined;
  /** Scheduling niceness of job processes (0–19): CPU-bound jobs yield the CPU to interface servers on the same machine. */
  workerNice: number;
  /**
   * How long the outbox relay leader's database session may be silent before
   * another relay ends it and takes over (a silent network partition); the
   * relay's connects and statements time out at half of it.
   */
  outboxRelayLeaseMs: number;
  /**
   * Chat limits (docs/chat.md): rooms one connection may be in, rooms one
   * address may create per hour, people a member list shows, rooms the lobby
   * lists, and the window over which each interface server coalesces a room's
   * presence changes (and the lobby's counts) into one event.
   */
  chat: Readonly<{ roomsPerConnection: number; roomsCreatedPerHour: number; memberListMax: number; lobbyRoomsMax: number; presenceBatchMs: number }>;
  /**
   * V8 heap limit (MB) of each job process; a job that needs more fails with
   * `out_of_memory`. Undefined keeps each channel's own setting
   * (workers/channel-settings.ts: `bigdata.process` 512).
   */
  jobHeapMb: number | undefined;
  /**
   * Time limit (ms) of every job of a worker process's channels; a job past
   * it fails with `timed_out`. Undefined keeps each channel's own setting
   * (workers/channel-settings.ts: `bigdata.process` 10 min, `report.render` 30 s).
   */
  jobTimeoutMs: number | undefined;
  /**
   * A module (path, relative to the working directory) whose `processors`
   * export replaces the built-in processor registry
   * (workers/processors/index.ts): a processor for every worker channel.
   * The drills load processors that fail on purpose this way.
   */
  workerProcessors: string | undefined;
}>;

/**
 * Parses the environment into a Config. The only reader of process.env in
 * the project; a bad value throws ImproperlyConfigured naming the variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ImproperlyConfigured(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const origins = e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ImproperlyConfigured(`invalid environment: ALLOWED_ORIGINS: "${origin}" is not an origin like https://example.com`);
    }
  }
  if (e.MAX_SOCKET_BUFFER_BYTES < 4 * e.MAX_MESSAGE_BYTES) {
    throw new ImproperlyConfigured(
      `invalid environment: MAX_SOCKET_BUFFER_BYTES (${e.MAX_SOCKET_BUFFER_BYTES}) must be at least 4 × MAX_MESSAGE_BYTES (${4 * e.MAX_MESSAGE_BYTES}), or clients receiving a few large messages would be dropped`,
    );
  }
  // The development key is public: with it anyone can forge reply-channel and visitor tokens.
  if (e.NODE_ENV === 'production' && e.SECRET_KEY === DEV_SECRET) {
    throw new ImproperlyConfigured(
      'invalid environment: SECRET_KEY is not set, and production refuses the public development key; set SECRET_KEY to 32 or more random characters, the same on every server (e.g. `openssl rand -base64 32`; `npm start` generates one into .secret-key)',
    );
  }
  const redisClusterNodes = Object.freeze((e.REDIS_CLUSTER_NODES ?? '').split(',').map((node) => node.trim()).filter(Boolean));
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisClusterNodes,
    queueRedis: Object.freeze(e.REDIS_QUEUE_URL ? { redisUrl: e.REDIS_QUEUE_URL, redisClusterNodes: Object.freeze([]) } : { redisUrl: e.REDIS_URL, redisClusterNodes }),
    redisPrefix: e.REDIS_PREFIX,
    secretKey: e.SECRET_KEY,
    insecureSecret: e.SECRET_KEY === DEV_SECRET,
    allowedOrigins: Object.freeze(origins),
    channelLayer: e.CHANNEL_LAYER,
    transports: Object.freeze(e.SOCKET_TRANSPORTS.split(',') as ('websocket' | 'polling')[]),
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    maxSocketBufferBytes: e.MAX_SOCKET_BUFFER_BYTES,
    replyTtlMs: e.REPLY_BUFFER_TTL_SECONDS * 1000,
    replyMaxMessages: e.REPLY_BUFFER_MAX,
    groupExpiryMs: e.GROUP_EXPIRY_SECONDS * 1000,
    rateLimit: Object.freeze({ perSecond: e.RATE_LIMIT_PER_SECOND, burst: e.RATE_LIMIT_BURST }),
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    sessionRecheckMs: e.SESSION_RECHECK_SECONDS * 1000,
    loginFailuresPerMinute: e.LOGIN_FAILURES_PER_MINUTE,
    handshakesPerMinute: e.HANDSHAKES_PER_MINUTE,
    loginFailuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
    loginFailuresPerUsername: e.LOGIN_FAILURES_PER_USERNAME,
    loginHashes: Object.freeze({ concurrency: e.LOGIN_HASH_CONCURRENCY, queue: e.LOGIN_HASH_QUEUE }),
    trustedProxies: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobLockMs: e.JOB_LOCK_MS,
    jobsPerClient: e.JOBS_PER_CLIENT,
    jobsPerAddress: e.JOBS_PER_ADDRESS,
    uploads: Object.freeze({
      perMinute: e.UPLOADS_PER_MINUTE,
      inFlight: e.UPLOADS_IN_FLIGHT,
      inFlightPerAddress: e.UPLOADS_IN_FLIGHT_PER_ADDRESS,
      anonymousBytesPerAddress: e.ANONYMOUS_UPLOAD_BYTES_PER_ADDRESS,
      anonymousBytesTotal: e.ANONYMOUS_UPLOAD_BYTES_TOTAL,
    }),
    retention: Object.freeze({
      everyMs: e.RETENTION_EVERY_MINUTES * 60_000,
      batchSize: e.RETENTION_BATCH_SIZE,
      outboxMs: e.OUTBOX_RETENTION_DAYS * DAY_MS,
      chatMessagesMs: e.CHAT_MESSAGE_RETENTION_DAYS * DAY_MS,
      chatRoomsMs: e.CHAT_ROOM_RETENTION_DAYS * DAY_MS,
      jobsMs: e.JOB_RETENTION_DAYS * DAY_MS,
    }),
    queueHistory: Object.freeze({ completedSeconds: e.QUEUE_COMPLETED_RETENTION_SECONDS, failedSeconds: e.QUEUE_FAILED_RETENTION_SECONDS }),
    resultDownloadsPerMinute: e.RESULT_DOWNLOADS_PER_MINUTE,
    metricsToken: e.METRICS_TOKEN,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerNice: e.WORKER_NICE,
    outboxRelayLeaseMs: e.OUTBOX_RELAY_LEASE_MS,
    chat: Object.freeze({
      roomsPerConnection: e.CHAT_ROOMS_PER_CONNECTION,
      roomsCreatedPerHour: e.CHAT_ROOMS_CREATED_PER_HOUR,
      memberListMax: e.CHAT_MEMBER_LIST_MAX,
      lobbyRoomsMax: e.CHAT_LOBBY_ROOMS_MAX,
      presenceBatchMs: e.PRESENCE_BATCH_MS,
    }),
    jobHeapMb: e.JOB_HEAP_MB,
    jobTimeoutMs: e.JOB_TIMEOUT_MS,
    workerProcessors: e.WORKER_PROCESSORS,
  });
}
