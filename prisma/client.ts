import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import type { ModelHook } from './model-hooks/model-hook.ts';
import { modelHooks } from './model-hooks/model-hooks.ts';
import type { TraceCarrier } from '../server/tracing/trace-context.ts';

/**
 * The application's database client. Import this type (not the generated
 * client) wherever a function takes the database as a parameter.
 */
export type Database = PrismaClient;

export { Prisma } from './generated/client.ts';
export type { Session, User } from './generated/client.ts';

/** Options of `createPrismaClient`. */
export type DatabaseOptions = {
  /**
   * The model hooks to apply: the registered application's (`app.hooks`,
   * server/features/index.ts), or none. Required, so that no process writes
   * hooked models without publishing them by mistake.
   */
  hooks: readonly ModelHook<never>[];
};

/**
 * Creates a Prisma client that talks to PostgreSQL through `pg` (the driver
 * adapter): no native query engine. Call `$disconnect()` to close its pool.
 * The model hooks are applied: a write of a hooked model records its messages
 * in the outbox in the same transaction (docs/model-hooks.md).
 *
 * @example
 * const db = createPrismaClient(config.databaseUrl, { hooks: app.hooks });
 * const user = await db.user.findUnique({ where: { username: 'ada' }, select: { id: true } });
 */
export function createPrismaClient(databaseUrl: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  // A pooled connection that breaks while idle (PostgreSQL restarting) is dropped by the pool; the next query opens a new one.
  pool.on('error', () => {});
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // A query extension changes no model or result type, so the hooked client keeps the PrismaClient type.
  const db = client.$extends(modelHooks(options.hooks)) as unknown as Database;
  pools.set(db, pool);
  unhooked.set(db, { client, hooks: options.hooks });
  return db;
}

const pools = new WeakMap<Database, pg.Pool>();
const unhooked = new WeakMap<Database, { client: PrismaClient; hooks: readonly ModelHook<never>[] }>();
const traces = new WeakMap<Database, TraceCarrier>();

/**
 * A client of `db` (made by `createPrismaClient`) whose hooked writes record
 * their outbox rows in `trace`, so the relay's publish continues it: what a
 * consumer's handler is given while tracing. Same pool; `db` itself without a
 * trace. Making one costs about 45 µs (Prisma's `$extends`), so callers make
 * it only when a write may need it.
 */
export function databaseInTrace(db: Database, trace: TraceCarrier | undefined): Database {
  const base = unhooked.get(db);
  if (!trace || !base) return db;
  const traced = base.client.$extends(modelHooks(base.hooks, trace)) as unknown as Database;
  pools.set(traced, poolOf(db));
  unhooked.set(traced, base);
  traces.set(traced, trace);
  return traced;
}

/** The trace a client's writes continue (`databaseInTrace`), for outbox rows recorded by hand (`recordOutbox`). */
export function traceOf(db: Database): TraceCarrier | undefined {
  return traces.get(db);
}

/**
 * The `pg` pool under a client made by `createPrismaClient`, for the few
 * statements on hot paths (a job's round trip, server/features/jobs/job-records.ts;
 * a chat room's join and history, server/features/chat/chat-history.ts): Prisma's
 * query compiler costs more CPU than those queries themselves
 * (docs/performance.md). Everything else uses the typed client.
 */
export function poolOf(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this database client was not made by createPrismaClient');
  return pool;
}
