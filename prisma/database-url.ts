/**
 * Where Switchyard's PostgreSQL database is, for the Prisma CLI and the scripts
 * that run it. The server reads DATABASE_URL through server/config.ts instead.
 */

/** The database used when DATABASE_URL is unset: the local development server. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchyard';

/** pg connection settings as separate fields (see `connectionFields`). */
export type ConnectionFields = {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  ssl: boolean;
};

/** DATABASE_URL from the environment, or `DEFAULT_DATABASE_URL`. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/**
 * Splits a `postgresql://user:password@host:port/database` URL into fields.
 * Separate fields matter: pg lets a `connectionString` override `database`, so
 * `{ connectionString, database: 'other' }` would silently connect to the first one.
 *
 * @example connectionFields('postgresql://postgres@127.0.0.1:5432/switchyard').database // 'switchyard'
 */
export function connectionFields(databaseUrl: string): ConnectionFields {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`DATABASE_URL is not a URL; expected postgresql://user@host:5432/database`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must start with postgresql://, not ${url.protocol}//`);
  }
  const database = decodeURIComponent(url.pathname.slice(1));
  if (!database) throw new Error('DATABASE_URL names no database; add one after the port, e.g. .../switchyard');
  const sslmode = url.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1') || url.searchParams.get('host') || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
    ssl: sslmode !== null && sslmode !== 'disable' && sslmode !== 'prefer' && sslmode !== 'allow',
  };
}

/** The shadow database `prisma migrate dev` diffs against: `<database>_shadow` on the same server. */
export function shadowDatabaseName(database: string): string {
  return `${database}_shadow`;
}
