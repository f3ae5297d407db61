import type { RedisClient } from '../../../layer/redis-connection.ts';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimited, Unavailable } from '../../../errors.ts';
import type { JobOwner } from '../job-services.ts';

/** Options of `createResultDownloadLimit`. */
export type ResultDownloadLimitOptions = {
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Downloads allowed per job owner per minute (RESULT_DOWNLOADS_PER_MINUTE). */
  perMinute: number;
};

/**
 * Bounds how often one client (a logged-in user, else a browser, else a tab) may
 * download job results: each download has PostgreSQL read out and this
 * server send a result of up to several megabytes. Counted in Redis, so the
 * limit holds across every interface server; past it, `rate_limited` with
 * the wait.
 *
 * @example await limit.take(owner); // throws RateLimited past the limit
 */
export type ResultDownloadLimit = {
  /** Counts a download by `owner`; throws RateLimited past the limit, Unavailable when Redis is. */
  take(owner: JobOwner): Promise<void>;
};

/** Creates the limit on a Redis connection. */
export function createResultDownloadLimit(redis: RedisClient, { prefix, perMinute }: ResultDownloadLimitOptions): ResultDownloadLimit {
  const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:result-downloads`, points: perMinute, duration: 60 });
  return {
    async take(owner) {
      try {
        await limiter.consume(clientKey(owner));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw new Unavailable('Redis');
        const wait = Math.max(rejection.msBeforeNext, 1);
        throw new RateLimited(wait, `you downloaded ${perMinute} job results this minute, the limit (RESULT_DOWNLOADS_PER_MINUTE); try again in ${Math.ceil(wait / 1000)} s`);
      }
    },
  };
}

// The user, else the browser, else the tab.
function clientKey(owner: JobOwner): string {
  if (owner.userId) return `user:${owner.userId}`;
  return owner.visitorId ? `visitor:${owner.visitorId}` : `reply:${owner.replyChannel}`;
}
