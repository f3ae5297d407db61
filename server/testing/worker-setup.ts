import { testDatabaseUrl } from './test-database.ts';

/**
 * Vitest setup file (runs in each worker before its test file): code that
 * reads DATABASE_URL itself (a spawned worker or CLI given no URL) sees this
 * worker's test database, never another worker's or the development one.
 */
process.env.DATABASE_URL = testDatabaseUrl();
