import { migrate } from '../../prisma/migrate.ts';
import { testDatabaseUrl } from './test-database.ts';

/**
 * Vitest global setup (runs once, in the main process, before any worker
 * starts): points DATABASE_URL at the test database and migrates it. Workers
 * inherit the environment, so code that reads DATABASE_URL sees the test database.
 */
export default async function setup(): Promise<void> {
  const databaseUrl = testDatabaseUrl();
  process.env.DATABASE_URL = databaseUrl;
  await migrate(databaseUrl, { quiet: true });
}
