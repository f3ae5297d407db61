import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-connection.ts';

/** Tells whether Redis still has what this process stored in it. */
export type AliveMarker = {
  /**
   * Sets the marker (again) and resolves true when it was gone: RedisClient lost its
   * data since the last check (restarted without persistence, failed over to
   * an empty replica, flushed). The first check only sets it.
   */
  lost(): Promise<boolean>;
};

/**
 * A key of this process's own (`<prefix>:alive:<random>`), whose TTL
 * (`ttlMs`) each check renews: check at least that often, or it expires and
 * reads as lost.
 */
export function createAliveMarker(redis: RedisClient, prefix: string, ttlMs: number): AliveMarker {
  const key = `${prefix}:alive:${randomBytes(6).toString('hex')}`;
  let armed = false;
  return {
    async lost() {
      // SET … GET answers the previous value: null when the key was not there.
      const previous = await redis.call('SET', key, '1', 'PX', String(ttlMs), 'GET');
      const lost = armed && previous === null;
      armed = true;
      return lost;
    },
  };
}
