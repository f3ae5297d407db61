import type { RedisClient } from '../layer/redis-connection.ts';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimited, Unavailable } from '../errors.ts';

/** A rate of something per client address, shared by every interface server through Redis. */
export type AddressRateLimit = {
  /** Counts one for `key`; throws RateLimited (with the wait) past the rate, Unavailable when Redis is unreachable. */
  take(key: string): Promise<void>;
};

/**
 * `points` of something per `seconds` per address key (rate-limiter-flexible,
 * fixed windows in Redis under `prefix`): the same count on every interface
 * server. `what` names it, plural, for the refusal: "uploads".
 */
export function createAddressRateLimit(
  redis: RedisClient,
  options: { prefix: string; name: string; points: number; seconds: number; what: string },
): AddressRateLimit {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${options.prefix}:rate:${options.name}`,
    points: options.points,
    duration: options.seconds,
    // Fail at once while Redis is away instead of queueing commands for later.
    rejectIfRedisNotReady: true,
  });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
      } catch (outcome) {
        if (!(outcome instanceof RateLimiterRes)) throw new Unavailable('Redis');
        const wait = Math.max(1, Math.ceil(outcome.msBeforeNext));
        throw new RateLimited(wait, `your address started ${options.points} ${options.what} in the last ${options.seconds} s (the limit); retry in ${Math.ceil(wait / 1000)} s`);
      }
    },
  };
}
