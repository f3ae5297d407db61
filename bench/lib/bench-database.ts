import { migrate } from '../../prisma/migrate.ts';

/**
 * The benches' own database (`switchyard_bench`, next to DATABASE_URL's):
 * created and migrated if needed, so a bench never touches the developer's
 * data and runs on a fresh machine. Returns its URL.
 */
export async function benchDatabase(databaseUrl: string): Promise<string> {
  const url = Object.assign(new URL(databaseUrl), { pathname: '/switchyard_bench' }).toString();
  await migrate(url, { quiet: true });
  return url;
}
