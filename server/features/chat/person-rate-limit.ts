import type { RedisClient } from '../../layer/redis-connection.ts';
import { redisScript } from '../../layer/redis-script.ts';
import { RateLimited } from '../../errors.ts';

// A token bucket in a Redis hash, timed by Redis's clock so servers with
// skewed clocks share one notion of "now". Returns 0 (allowed) or ms to wait.
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait`;

/** A rate limit shared by all of a person's connections on every interface server. */
export type PersonRateLimit = {
  /** Takes one token for `person`; throws RateLimited (with the wait) when their bucket is empty. */
  take(person: string): Promise<void>;
};

/**
 * Creates a per-person token bucket in Redis: `perSecond` tokens refill per
 * second, up to `burst`. Keys expire once a bucket would be full again.
 */
export function createPersonRateLimit(redis: RedisClient, prefix: string, limit: { perSecond: number; burst: number }): PersonRateLimit {
  const takeScript = redisScript(redis, 'switchyardPersonRateTake', 1, TAKE_SCRIPT);
  return {
    async take(person) {
      const wait = (await takeScript(`${prefix}:chat:rate:${person}`, limit.perSecond, limit.burst)) as number;
      if (wait > 0) throw new RateLimited(wait, `you are sending messages too fast (limit ${limit.perSecond}/s, burst ${limit.burst}); retry in ${wait} ms`);
    },
  };
}
