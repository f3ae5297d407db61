import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { connectionFields, databaseUrlFromEnv, shadowDatabaseName } from './database-url.ts';
import type { ConnectionFields } from './database-url.ts';

/** PostgreSQL could not be reached (nothing listening, unknown host, timeout). */
export class DatabaseUnreachable extends Error {
  constructor(host: string, port: number) {
    super(
      `PostgreSQL is not reachable at ${host}:${port} — start it with: ` +
        `pg_ctlcluster --skip-systemctl-redirect ${installedPostgresVersion()} main start (or set DATABASE_URL)`,
    );
    this.name = 'DatabaseUnreachable';
  }
}

/** Socket-level failures: the server is not there, as opposed to refusing us. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET']);
/** `CREATE DATABASE` lost a race with another process creating the same one. */
const ALREADY_EXISTS_CODES = new Set(['42P04', '23505']);

/**
 * Creates the database named in `databaseUrl` (and, unless `shadow: false`, its
 * `<name>_shadow` database for `prisma migrate dev`) when missing, connecting to
 * the server's `postgres` maintenance database. Safe to run concurrently.
 * Returns the names it created.
 *
 * @example await ensureDatabase('postgresql://postgres@127.0.0.1:5432/switchyard_test', { shadow: false });
 */
export async function ensureDatabase(databaseUrl: string, { shadow = true }: { shadow?: boolean } = {}): Promise<string[]> {
  const fields = connectionFields(databaseUrl);
  const wanted = shadow ? [fields.database, shadowDatabaseName(fields.database)] : [fields.database];
  const client = new pg.Client({ ...fields, database: 'postgres', connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a dropped idle connection must not crash the caller; queries still reject
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectError(error, fields);
  }
  try {
    const created: string[] = [];
    for (const name of wanted) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) continue;
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
        created.push(name);
      } catch (error) {
        if (!ALREADY_EXISTS_CODES.has(errorCode(error))) throw error;
      }
    }
    return created;
  } finally {
    await client.end();
  }
}

function describeConnectError(error: unknown, fields: ConnectionFields): Error {
  const code = errorCode(error);
  const timedOut = error instanceof Error && /timeout/i.test(error.message);
  if (UNREACHABLE_CODES.has(code) || timedOut) return new DatabaseUnreachable(fields.host, fields.port);
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`PostgreSQL at ${fields.host}:${fields.port} refused the connection as "${fields.user}": ${reason} (check DATABASE_URL)`);
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The Debian cluster version to put in the hint (`/etc/postgresql/<ver>`), or a placeholder. */
function installedPostgresVersion(): string {
  try {
    const versions = readdirSync('/etc/postgresql');
    return versions.length === 1 && versions[0] ? versions[0] : '<ver>';
  } catch {
    return '<ver>';
  }
}

/** CLI: `tsx prisma/ensure-database.ts` — one line on failure, exit code 1. */
async function main(): Promise<void> {
  try {
    const created = await ensureDatabase(databaseUrlFromEnv());
    for (const name of created) process.stdout.write(`created database ${name}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
