import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { connectionFields, shadowDatabaseName } from '../database-url.ts';
import type { ConnectionFields } from '../database-url.ts';
import { ensureDatabase } from '../ensure-database.ts';

/**
 * The driver adapter the Prisma CLI's WebAssembly schema engine runs on (see
 * prisma.config.ts). For the CLI only: the app uses prisma/client.ts.
 *
 * It works around what stock `new PrismaPg(...)` gets wrong for the schema engine:
 * 1. catalog queries return `"char"` (OID 18) and `name` (OID 19) columns, which
 *    adapter-pg rejects as unsupported (prisma/orm#27403): we report them as text;
 * 2. a `connectionString` overrides `database`, so the shadow pool would connect to
 *    the main database: we pass separate connection fields;
 * 3. adapter-pg's temporary shadow database fails to drop: we use a dedicated
 *    `<database>_shadow` database, created when missing and wiped before each use;
 * 4. lingering engine timers are handled by prisma/cli/unref-timers.cjs (a preload).
 */
export function createSchemaEngineAdapter(databaseUrl: string): Pick<PrismaPg, 'provider' | 'adapterName' | 'connect' | 'connectToShadowDb'> {
  const main = connectionFields(databaseUrl);
  const shadow: ConnectionFields = { ...main, database: shadowDatabaseName(main.database) };
  const connect = (fields: ConnectionFields) => new PrismaPg(createPool(fields), { disposeExternalPool: true }).connect();
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connect(main),
    async connectToShadowDb() {
      await ensureDatabase(databaseUrl);
      const adapter = await connect(shadow);
      // The shadow database is ours alone: whatever an earlier run left there goes.
      await adapter.executeScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
      return adapter;
    },
  };
}

const TEXT_OID = 25;
const CATALOG_OIDS = new Set([18, 19]); // "char", name

/** A pool whose clients report `"char"` and `name` columns as `text` (they already arrive as strings). */
function createPool(fields: ConnectionFields): pg.Pool {
  const pool = new pg.Pool({ ...fields, allowExitOnIdle: true });
  pool.on('connect', (client) => {
    // The adapter calls `query(config, values)` for promises; the pool calls it with a callback.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error, error ? result : catalogTypesAsText(result));
        return query(...args);
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(catalogTypesAsText) : pending;
    }) as typeof client.query;
  });
  return pool;
}

function catalogTypesAsText(result: unknown): unknown {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as Partial<pg.QueryResult> | undefined)?.fields ?? []) {
      if (CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}
