/** The database tests use unless TEST_DATABASE_URL says otherwise; never the development one. */
export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchyard_test';

/**
 * The test database URL: TEST_DATABASE_URL, or `DEFAULT_TEST_DATABASE_URL`.
 * The one definition shared by the global setup, tests and scripts that start
 * a server for tests. (DATABASE_URL is deliberately ignored: it may point at
 * data someone cares about.)
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}
