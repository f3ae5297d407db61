import type { RedisClient } from '../layer/redis-connection.ts';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DenyConnection } from '../errors.ts';
import { clientAddress } from '../http/client-address.ts';
import { connectionMiddleware } from './connection-middleware.ts';

/** Options of `handshakeLimit`; defaults in server/config.ts. */
export type HandshakeLimitOptions = {
  /** Namespace handshakes one client address may make per minute (HANDSHAKES_PER_MINUTE). */
  perMinute: number;
  /** See TRUST_PROXY: how the client's address is found behind a load balancer. */
  trustedProxies: number;
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Where the counts live, shared by every interface server; without it, this process's memory. */
  redis?: RedisClient;
};

/**
 * Refuses a client address's namespace handshakes past `perMinute` with
 * connect_error `rate_limited` and `data.retryAfterMs`: a reconnect loop
 * cannot make the server look up sessions and issue reply channels without
 * end. One Redis round trip per handshake; once an address is over the limit
 * it is refused from memory until its window ends, at no Redis cost. If Redis
 * fails, each process limits on its own.
 */
export function handshakeLimit({ perMinute, trustedProxies, prefix, redis }: HandshakeLimitOptions) {
  const window = { points: perMinute, duration: 60, keyPrefix: `${prefix}:limit:handshake` };
  const limiter = redis
    ? new RateLimiterRedis({
        ...window,
        storeClient: redis,
        // While Redis is away, limit per process at once rather than wait for ioredis's retries.
        rejectIfRedisNotReady: true,
        inMemoryBlockOnConsumed: perMinute + 1,
        insuranceLimiter: new RateLimiterMemory(window),
      })
    : new RateLimiterMemory(window);
  return connectionMiddleware(async (socket) => {
    const address = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], trustedProxies);
    try {
      await limiter.consume(address);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const wait = Math.max(1, error.msBeforeNext);
      throw new DenyConnection('rate_limited', `too many connections from your address; retry in ${Math.ceil(wait / 1000)} s`, {
        retryAfterMs: wait,
      });
    }
  });
}
