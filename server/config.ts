import { z } from 'zod';
import type { Config } from './config-type.ts';
import { ImproperlyConfigured } from './errors.ts';
import { DEFAULT_PUBSUB_PARTITIONS } from './layer/sharded-channels.ts';

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
  REDIS_PUBSUB_PARTITIONS: int(DEFAULT_PUBSUB_PARTITIONS, 1, 256),
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
  LISTEN_BACKLOG: int(4096, 1, 65_535),
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
  RELAY_METRICS_PORT: int(9465, 0, 65535),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  WORKER_NICE: int(10, 0, 19),
  OUTBOX_RELAY_LEASE_MS: int(10_000, 3000, 600_000),
  CHAT_ROOMS_PER_CONNECTION: int(10, 1, 1000),
  CHAT_MESSAGES_PER_SECOND: int(5, 1, 1000),
  CHAT_MESSAGE_BURST: int(10, 1, 10_000),
  CHAT_ROOMS_CREATED_PER_HOUR: int(30, 1, 1_000_000),
  CHAT_MEMBER_LIST_MAX: int(100, 1, 1000),
  CHAT_LOBBY_ROOMS_MAX: int(50, 1, 1000),
  POLL_VOTES_PER_ADDRESS_PER_HOUR: int(60, 1, 1_000_000),
  JOB_HEAP_MB: z.coerce.number().int().min(32).max(65_536).optional(),
  JOB_TIMEOUT_MS: z.coerce.number().int().min(1000).max(86_400_000).optional(),
  WORKER_PROCESSORS: z.string().min(1).optional(),
  PRESENCE_BATCH_MS: int(500, 20, 2000),
  PRESENCE_TTL_MS: int(24_000, 2000, 600_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  TRACE_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
});

/** Every setting's environment variable and its default (undefined: none), as README.md's configuration table states them. */
export function configDefaults(): Record<string, unknown> {
  return envSchema.parse({});
}

export type { Config } from './config-type.ts';

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
    pubsubPartitions: e.REDIS_PUBSUB_PARTITIONS,
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
    listenBacklog: e.LISTEN_BACKLOG,
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
    relayMetricsPort: e.RELAY_METRICS_PORT,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerNice: e.WORKER_NICE,
    outboxRelayLeaseMs: e.OUTBOX_RELAY_LEASE_MS,
    chat: Object.freeze({
      roomsPerConnection: e.CHAT_ROOMS_PER_CONNECTION,
      messageRate: Object.freeze({ perSecond: e.CHAT_MESSAGES_PER_SECOND, burst: e.CHAT_MESSAGE_BURST }),
      roomsCreatedPerHour: e.CHAT_ROOMS_CREATED_PER_HOUR,
      memberListMax: e.CHAT_MEMBER_LIST_MAX,
      lobbyRoomsMax: e.CHAT_LOBBY_ROOMS_MAX,
      presenceBatchMs: e.PRESENCE_BATCH_MS,
      presenceTtlMs: e.PRESENCE_TTL_MS,
    }),
    pollVotesPerAddressPerHour: e.POLL_VOTES_PER_ADDRESS_PER_HOUR,
    jobHeapMb: e.JOB_HEAP_MB,
    jobTimeoutMs: e.JOB_TIMEOUT_MS,
    workerProcessors: e.WORKER_PROCESSORS,
  });
}

/** Logging and tracing settings, read before anything else runs; a bad value means the defaults here (loadConfig refuses it at start). */
export function loadObservabilitySettings(env: Record<string, string | undefined> = process.env): { level: z.infer<typeof envSchema>['LOG_LEVEL']; env: Config['env']; otlpEndpoint?: string; sampleRatio: number } {
  const parsed = envSchema
    .pick({ LOG_LEVEL: true, NODE_ENV: true, OTEL_EXPORTER_OTLP_ENDPOINT: true, TRACE_SAMPLE_RATIO: true })
    .safeParse({ LOG_LEVEL: env.LOG_LEVEL || undefined, NODE_ENV: env.NODE_ENV || undefined, OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined, TRACE_SAMPLE_RATIO: env.TRACE_SAMPLE_RATIO || undefined });
  return parsed.success
    ? { level: parsed.data.LOG_LEVEL, env: parsed.data.NODE_ENV, otlpEndpoint: parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT, sampleRatio: parsed.data.TRACE_SAMPLE_RATIO }
    : { level: 'info', env: 'development', sampleRatio: 1 };
}
