import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from './config.ts';

/** A required service that does not answer; the message says how to start it. */
export class ServiceUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceUnreachable';
  }
}

/**
 * Checks that Redis and PostgreSQL answer before a process starts serving, so
 * a missing service gives one clear line instead of a stack trace.
 */
export async function preflight(config: Pick<Config, 'redisUrl' | 'databaseUrl'>): Promise<void> {
  await checkRedis(config);
  await checkPostgres(config);
}

/** Throws ServiceUnreachable (one line, how to start it) unless Redis answers PING. */
export async function checkRedis(config: Pick<Config, 'redisUrl'>): Promise<void> {
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    throw new ServiceUnreachable(
      `Redis is not reachable at ${redact(config.redisUrl)} — start it (e.g. redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Throws ServiceUnreachable (one line, how to start it) unless PostgreSQL answers a query. */
export async function checkPostgres(config: Pick<Config, 'databaseUrl'>): Promise<void> {
  const client = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = (error as Error).message;
    throw new ServiceUnreachable(
      `PostgreSQL is not usable at ${redact(config.databaseUrl)} (${reason}) — start it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start), run "switchyard migrate", or set DATABASE_URL`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
