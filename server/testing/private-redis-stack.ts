import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { commandCalls } from './command-calls.ts';
import { startPrivateRedis } from './private-redis.ts';
import type { PrivateRedis } from './private-redis.ts';
import { startTestServer, uniquePrefix } from './test-server.ts';
import type { TestServer } from './test-server.ts';

/** Interface servers on a Redis of the suite's own, and a connection of the suite's own to that Redis. */
export type PrivateRedisStack = {
  /** The Redis: no other suite sends it a command, so its command counts are this suite's alone. */
  redis: PrivateRedis;
  /** A connection to it for the suite's own commands (keys, TTLs); its own calls count too, so read `calls` around the work. */
  watcher: Redis;
  /** The interface servers, in the order asked for: one deployment, sharing one REDIS_PREFIX. */
  servers: TestServer[];
  /** The first of `servers`. */
  server: TestServer;
  /**
   * How often the Redis has run `commands` since it started (summed, from
   * INFO commandstats): read it before and after the work a spec measures.
   *
   * @example const before = await stack.calls('publish', 'spublish');
   */
  calls(...commands: string[]): Promise<number>;
};

/** Options of `privateRedisStack`. */
export type PrivateRedisStackOptions = {
  /** How many interface servers to start (default 1). */
  servers?: number;
  /** Settings of every server, on top of the test environment (REDIS_URL is the private Redis's, whatever this says). */
  env?: Record<string, string>;
};

/**
 * Starts, before the suite, a private Redis (server/testing/private-redis.ts),
 * a watcher connection to it and `servers` interface servers on it; closes
 * the servers, then the watcher, then kills the Redis after the suite. For
 * specs that count Redis commands: on the shared Redis, other suites'
 * traffic would be counted too. Read the fields inside tests and hooks, once
 * `beforeAll` has run.
 *
 * @example
 * const stack = privateRedisStack({ servers: 2 });
 * it('…', async () => { const before = await stack.calls('publish'); … });
 */
export function privateRedisStack({ servers = 1, env = {} }: PrivateRedisStackOptions = {}): PrivateRedisStack {
  const stack = { servers: [] as TestServer[], calls: (...commands: string[]) => commandCalls(stack.watcher, ...commands) } as PrivateRedisStack;
  beforeAll(async () => {
    stack.redis = await startPrivateRedis();
    stack.watcher = new Redis(stack.redis.url);
    const serverEnv = { REDIS_PREFIX: uniquePrefix(), ...env, REDIS_URL: stack.redis.url };
    const started = await Promise.allSettled(Array.from({ length: servers }, () => startTestServer(serverEnv)));
    // Those that started are closed after the suite even when another failed to.
    stack.servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    stack.server = stack.servers[0] as TestServer;
  });
  afterAll(async () => {
    await Promise.all(stack.servers.map((server) => server.close()));
    stack.watcher?.disconnect();
    await stack.redis?.kill();
  });
  return stack;
}
