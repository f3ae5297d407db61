import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimited } from '../errors.ts';

// Counts an attempt and returns [attempts in this window, ms until the window ends].
// The window starts at the first attempt and is never extended, so a locked-out
// user can always log in again once it ends.
const ATTEMPT_SCRIPT = `
local attempts = redis.call('INCR', KEYS[1])
if attempts == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { attempts, redis.call('PTTL', KEYS[1]) }`;

/** Options of `createLoginThrottle`. */
export type LoginThrottleOptions = {
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Failed logins allowed per username and address within a window (LOGIN_FAILURES_PER_MINUTE). */
  failures: number;
  /** The window, in ms. Default: one minute. */
  windowMs?: number;
};

/**
 * Limits password guessing: per username and client address, at most
 * `failures` failed logins per window; further attempts — even with the right
 * password — are refused with `rate_limited` until the window ends. Counts
 * live in Redis, so the limit holds across every interface server. An
 * attempt is counted before the password is checked, so parallel guesses
 * cannot slip past the limit; a successful login clears the count.
 *
 * @example
 * await throttle.attempt(username, address); // throws RateLimited when locked out
 * const user = await authenticate(db, username, password);
 * if (user) await throttle.succeeded(username, address);
 */
export type LoginThrottle = {
  /** Counts a login attempt; throws RateLimited (with the wait) past the limit. */
  attempt(username: string, address: string): Promise<void>;
  /** Forgets the failed attempts of a username and address after a successful login. */
  succeeded(username: string, address: string): Promise<void>;
};

/** Creates a login throttle on a Redis connection. */
export function createLoginThrottle(redis: Redis, { prefix, failures, windowMs = 60_000 }: LoginThrottleOptions): LoginThrottle {
  if (!Number.isSafeInteger(failures) || failures < 1) {
    throw new TypeError(`createLoginThrottle: failures must be a positive whole number, got ${String(failures)}`);
  }
  // Hashed: usernames are arbitrary text, and the key should not store them in clear.
  const key = (username: string, address: string) => `${prefix}:login:${createHash('sha256').update(`${username}\n${address}`).digest('hex')}`;
  return {
    async attempt(username, address) {
      const [attempts, ttl] = (await redis.eval(ATTEMPT_SCRIPT, 1, key(username, address), windowMs)) as [number, number];
      if (attempts <= failures) return;
      const wait = Math.max(ttl, 1);
      throw new RateLimited(wait, `too many failed logins for this username from your address; try again in ${Math.ceil(wait / 1000)} s`);
    },
    async succeeded(username, address) {
      await redis.del(key(username, address));
    },
  };
}
