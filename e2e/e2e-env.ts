import { LOOPBACK_TEST_LIMITS } from '../server/testing/loopback-test-limits.ts';

/**
 * Where the browser tests' stack runs and how it is configured. Shared by
 * playwright.config.ts (which starts the server) and the specs (which run the
 * `switchyard` CLI against the same Redis prefix and database).
 */

/** Port of the interface server under test (E2E_PORT; default 3100), so two runs on one machine need not collide. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/** Origin the browser and Node clients use. */
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

/** A second interface server on the same Redis and database (the next port), for the scale-out tests. */
export const E2E_SECOND_BASE_URL = `http://127.0.0.1:${E2E_PORT + 1}`;

/**
 * Environment of the server under test and of the CLI runs: its own database
 * and Redis prefix, so a developer's running stack and other test suites are
 * not touched. E2E_DATABASE_URL and E2E_REDIS_PREFIX override them, so two
 * runs on one machine (with different E2E_PORTs) need not share either.
 */
export const E2E_ENV = {
  NODE_ENV: 'production',
  PORT: String(E2E_PORT),
  HOST: '127.0.0.1',
  DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard_e2e',
  REDIS_PREFIX: process.env.E2E_REDIS_PREFIX ?? 'sy-e2e',
  // Production refuses to start with the public development key; this one is the test stack's own.
  SECRET_KEY: 'e2e-only-secret-key-never-use-in-production',
  NEXT_TELEMETRY_DISABLED: '1',
  // Every spec's browser and Node clients connect and upload from one loopback address, into a database that outlives a run.
  ...LOOPBACK_TEST_LIMITS,
  // Room creation is not what these tests limit either.
  CHAT_ROOMS_CREATED_PER_HOUR: '100000',
  // Below the defaults (5/s, burst 10), so a burst typed in a page starved of CPU by the other specs still
  // outruns the refill (chat-room-ui.spec.ts); no spec sends more than 5 messages at once otherwise.
  CHAT_MESSAGES_PER_SECOND: '2',
  CHAT_MESSAGE_BURST: '5',
} as const;
