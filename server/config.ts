import { z } from 'zod';
import { ImproperlyConfigured } from './errors.ts';

const DEV_SECRET = 'insecure-development-secret-change-me';

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

// Every setting, its environment variable and its default. README.md's
// configuration table mirrors this list.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(3000, 0, 65535),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgresql://postgres@127.0.0.1:5432/switchyard'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
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
  LOGIN_FAILURES_PER_MINUTE: int(5, 1, 10_000),
  TRUST_PROXY: int(0, 0, 10),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  JOB_LOCK_MS: int(30_000, 1000, 600_000),
  JOBS_PER_CLIENT: int(3, 1, 1000),
  RESULT_DOWNLOADS_PER_MINUTE: int(30, 1, 100_000),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  WORKER_METRICS_PORT: int(9464, 0, 65535),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  WORKER_NICE: int(10, 0, 19),
  JOB_HEAP_MB: z.coerce.number().int().min(32).max(65_536).optional(),
});

/** The validated, frozen settings of a Switchyard process. */
export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  secretKey: string;
  /** True when SECRET_KEY was not set and the development key is in use. */
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
  /** Failed logins allowed per username and client address per minute; more are refused with 429. */
  loginFailuresPerMinute: number;
  /** Reverse proxies in front whose X-Forwarded-For entries are believed (0: the TCP peer is the client). */
  trustedProxies: number;
  shutdownTimeoutMs: number;
  /** How long a worker's lock on a running job lives; a dead worker's job is retried after about this long. */
  jobLockMs: number;
  /** Jobs a client may have queued or running at once. */
  jobsPerClient: number;
  /** Downloads of job results (those too large for a message) a client may make per minute. */
  resultDownloadsPerMinute: number;
  /** Bearer token for /metrics; without one, /metrics answers loopback clients only. */
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
   * V8 heap limit (MB) of each job process; a job that needs more fails with
   * `out_of_memory`. Undefined keeps each channel's own setting
   * (workers/channel-settings.ts: `bigdata.process` 512).
   */
  jobHeapMb: number | undefined;
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
  if (e.NODE_ENV === 'production' && e.SECRET_KEY === DEV_SECRET) {
    console.warn('[switchyard] SECRET_KEY is not set: using the insecure development key. Set SECRET_KEY (shared by every interface server) in production.');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
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
    loginFailuresPerMinute: e.LOGIN_FAILURES_PER_MINUTE,
    trustedProxies: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobLockMs: e.JOB_LOCK_MS,
    jobsPerClient: e.JOBS_PER_CLIENT,
    resultDownloadsPerMinute: e.RESULT_DOWNLOADS_PER_MINUTE,
    metricsToken: e.METRICS_TOKEN,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerNice: e.WORKER_NICE,
    jobHeapMb: e.JOB_HEAP_MB,
  });
}
