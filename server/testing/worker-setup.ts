import { afterAll } from 'vitest';
import { testDatabaseUrl } from './test-database.ts';
import { takeIssuedPrefixes } from './test-prefixes.ts';

/**
 * Vitest setup file (runs in each worker before its test file): code that
 * reads DATABASE_URL itself (a spawned worker or CLI given no URL) sees this
 * worker's test database, never another worker's or the development one.
 */
process.env.DATABASE_URL = testDatabaseUrl();

// BullMQ gives a queue's keys no expiry. After the file (this hook, registered
// first, runs after the file's own, which stop its servers and workers) the
// queues under the prefixes it was handed go, and no others'. BullMQ is
// loaded only for a file that was handed a prefix.
afterAll(async () => {
  const prefixes = takeIssuedPrefixes();
  if (prefixes.length === 0) return;
  const { tearDownQueues } = await import('./queue-teardown.ts');
  await tearDownQueues(prefixes);
});
