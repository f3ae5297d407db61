import type { RedisClient } from './redis-connection.ts';

/** Runs a script: its keys first (as many as it was defined with), then its arguments. */
export type RedisScript = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * A Lua script as a command of `redis` (ioredis's `defineCommand`): sent by
 * EVALSHA, and by EVAL only when a Redis server lacks it (after a restart or
 * on a cluster node that has not run it yet), not as its text on every call.
 * `name` is the command's name on the client; one name is one script.
 *
 * @example const join = redisScript(redis, 'switchyardPresenceJoin', 6, JOIN_SCRIPT); await join(...keys, ...args);
 */
export function redisScript(redis: RedisClient, name: string, numberOfKeys: number, lua: string): RedisScript {
  const scripts = defined.get(redis) ?? new Map<string, string>();
  defined.set(redis, scripts);
  const text = scripts.get(name);
  if (text !== undefined && text !== lua) throw new Error(`Redis script "${name}" is defined already with another text; give this script a name of its own`);
  if (text === undefined) {
    redis.defineCommand(name, { numberOfKeys, lua });
    scripts.set(name, lua);
  }
  const command = (redis as unknown as Record<string, RedisScript>)[name]!;
  return (...keysAndArgs) => command.apply(redis, keysAndArgs);
}

// The scripts defined on each client, by name: a second definition of a name must be the same script.
const defined = new WeakMap<RedisClient, Map<string, string>>();
