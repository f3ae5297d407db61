import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../testing/private-redis.ts';
import type { PrivateRedis } from '../testing/private-redis.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';
import type { RedisClient } from './redis-connection.ts';
import { redisScript } from './redis-script.ts';
import { commandCalls } from '../testing/command-calls.ts';

/**
 * A script is a command of its client: called by its digest (EVALSHA), its
 * text sent only when Redis lacks it, and one name never names two scripts.
 * On a Redis of its own: its command counts are this spec's alone.
 */
describe('redisScript', () => {
  let server: PrivateRedis;
  let redis: RedisClient;
  let watcher: RedisClient;
  beforeAll(async () => {
    server = await startPrivateRedis();
    const target = { redisUrl: server.url, redisClusterNodes: [] };
    redis = connectRedis(target, { name: 'script-test' });
    watcher = connectRedis(target, { name: 'script-test-watcher' });
  });
  afterAll(async () => {
    await Promise.all([closeRedis(redis), closeRedis(watcher)]);
    await server.kill();
  });
  const calls = (command: string) => commandCalls(watcher, command);

  it('runs by EVALSHA once Redis has the script, and again after Redis forgot it', async () => {
    const key = 'counter';
    const increment = redisScript(redis, 'scriptTestIncrement', 1, "return redis.call('INCRBY', KEYS[1], ARGV[1])");
    expect(await increment(key, 2)).toBe(2);
    const [evalsha, evals] = [await calls('evalsha'), await calls('eval')];
    expect(await increment(key, 3)).toBe(5);
    expect(await calls('evalsha')).toBe(evalsha + 1);
    expect(await calls('eval')).toBe(evals);
    await watcher.script('FLUSH');
    expect(await increment(key, 1)).toBe(6);
  });

  it('refuses a second script under a name already taken, and accepts the same one again', () => {
    redisScript(redis, 'scriptTestNamed', 0, 'return 1');
    expect(() => redisScript(redis, 'scriptTestNamed', 0, 'return 1')).not.toThrow();
    expect(() => redisScript(redis, 'scriptTestNamed', 0, 'return 2')).toThrow(/defined already with another text/);
  });
});
