/** The database tests use unless TEST_DATABASE_URL says otherwise; never the development one. */
export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchyard_test';

/**
 * How many test files run at once (vitest.config.ts): each of their workers
 * has a database of its own, because every interface server runs an outbox
 * relay and a retention sweep over the whole database it is given.
 */
export const TEST_WORKERS = 2;

/**
 * The test database URL: TEST_DATABASE_URL, or `DEFAULT_TEST_DATABASE_URL`;
 * inside a vitest worker, that database's copy for the worker
 * (`…_w1`, `…_w2`: `VITEST_POOL_ID`). The one definition shared by the global
 * setup, tests and scripts that start a server for tests. (DATABASE_URL is
 * deliberately ignored: it may point at data someone cares about.)
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  return env.VITEST_POOL_ID ? workerDatabaseUrl(base, Number(env.VITEST_POOL_ID)) : base;
}

/**
 * The database of vitest worker `poolId` (1-based). Worker ids beyond
 * `TEST_WORKERS` (a project that runs after the parallel one) wrap around:
 * they never run beside the worker whose database they share.
 */
export function workerDatabaseUrl(base: string, poolId: number): string {
  const url = new URL(base);
  url.pathname = `${url.pathname}_w${((Math.max(1, poolId) - 1) % TEST_WORKERS) + 1}`;
  return url.toString();
}
