import { randomBytes } from 'node:crypto';

// The prefixes handed out in this module graph: vitest gives each test file one of its own.
const issued = new Set<string>();

/**
 * A Redis key prefix no other test run uses, so tests never see each other's
 * groups and queues. Remembered, so that what the test file leaves under it
 * can be removed after the file (server/testing/queue-teardown.ts).
 *
 * @example const server = await startTestServer({ REDIS_PREFIX: uniquePrefix() });
 */
export function uniquePrefix(): string {
  const prefix = `sy-test-${randomBytes(4).toString('hex')}`;
  issued.add(prefix);
  return prefix;
}

/** The prefixes `uniquePrefix` handed out since the last call, forgotten from now on: each is taken once. */
export function takeIssuedPrefixes(): string[] {
  const taken = [...issued];
  issued.clear();
  return taken;
}
