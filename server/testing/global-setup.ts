import { migrate } from '../../prisma/migrate.ts';
import { TEST_WORKERS, testDatabaseUrl, workerDatabaseUrl } from './test-database.ts';

/**
 * Vitest global setup (runs once, in the main process, before any worker
 * starts): creates and migrates the test database of each worker
 * (server/testing/test-database.ts), and the shared one that scripts outside
 * a worker use.
 */
export default async function setup(): Promise<void> {
  const base = testDatabaseUrl({ ...process.env, VITEST_POOL_ID: '' });
  const workers = Array.from({ length: TEST_WORKERS }, (_, index) => workerDatabaseUrl(base, index + 1));
  await Promise.all([base, ...workers].map((url) => migrate(url, { quiet: true })));
}
