import { createHash } from 'node:crypto';
import type { RedisClient } from '../layer/redis-connection.ts';
import { redisScript } from '../layer/redis-script.ts';
import { RateLimited } from '../errors.ts';

// Counts an attempt against each key (pair, address, username) and returns,
// per key, [attempts in its window, ms until the window ends]. A window starts
// at its first attempt and is never extended, so a locked-out user can always
// log in again once it ends. The address is counted first: an attempt it
// refuses (ARGV[4] is its limit) writes nothing per username, so a spray of
// made-up names costs Redis one key per address, not two per name.
const ATTEMPT_SCRIPT = `
local function count(i)
  local attempts = redis.call('INCR', KEYS[i])
  if attempts == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[i]) end
  return { attempts, redis.call('PTTL', KEYS[i]) }
end
local address = count(2)
if address[1] > tonumber(ARGV[4]) then return { { 0, 0 }, address, { 0, 0 } } end
return { count(1), address, count(3) }`;

// A success: the pair starts over; the address and username count failures only.
const SUCCESS_SCRIPT = `
redis.call('DEL', KEYS[1])
for i = 2, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end`;

/** Options of `createLoginThrottle`; defaults in server/config.ts. */
export type LoginThrottleOptions = {
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Failed logins allowed per username and address within a window (LOGIN_FAILURES_PER_MINUTE). */
  failures: number;
  /** That window, in ms. Default: one minute. */
  windowMs?: number;
  /** Failed logins allowed per address, whatever the usernames, within `wideWindowMs` (LOGIN_FAILURES_PER_ADDRESS). */
  perAddress: number;
  /** Failed logins allowed per username, from whatever addresses, within `wideWindowMs` (LOGIN_FAILURES_PER_USERNAME). */
  perUsername: number;
  /** The window of the address and username limits, in ms. Default: 15 minutes. */
  wideWindowMs?: number;
};

/**
 * Limits password guessing, with three counts in Redis (so the limits hold
 * across every interface server): per username and client address at most
 * `failures` failed logins per window; per address at most `perAddress`
 * (a spray of many usernames); per username at most `perUsername` (a guess
 * distributed over many addresses). Past any of them further attempts — even
 * with the right password — are refused with `rate_limited` until that window
 * ends. An attempt is counted before the password is checked, so parallel
 * guesses cannot slip past a limit; a successful login clears the pair's count
 * and is not counted against the address or the username. An attempt the
 * address limit refuses is counted against the address only.
 *
 * @example
 * await throttle.attempt(username, address); // throws RateLimited when locked out
 * const user = await authenticate(db, username, password);
 * if (user) await throttle.succeeded(username, address);
 */
export type LoginThrottle = {
  /** Counts a login attempt; throws RateLimited (with the wait) past a limit. */
  attempt(username: string, address: string): Promise<void>;
  /** Forgets a successful login's attempt: the pair starts over, the address and username counts go back by one. */
  succeeded(username: string, address: string): Promise<void>;
};

/** Creates a login throttle on a Redis connection. */
export function createLoginThrottle(redis: RedisClient, options: LoginThrottleOptions): LoginThrottle {
  const { prefix, failures, windowMs = 60_000, perAddress, perUsername, wideWindowMs = 15 * 60_000 } = options;
  for (const [name, value] of Object.entries({ failures, perAddress, perUsername })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`createLoginThrottle: ${name} must be a positive whole number, got ${String(value)}`);
    }
  }
  // Hashed: usernames are arbitrary text, and the keys should not store them in clear.
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  // `{login}` is a hash tag: one script counts all three, so on a Redis Cluster they share a slot (the throttle's keys are few and small).
  const keys = (username: string, address: string) => [
    `${prefix}:{login}:${hash(`${username}\n${address}`)}`,
    `${prefix}:{login}:address:${hash(address)}`,
    `${prefix}:{login}:username:${hash(username)}`,
  ];
  const limits = [
    { most: failures, message: 'too many failed logins for this username from your address' },
    { most: perAddress, message: 'too many failed logins from your address' },
    { most: perUsername, message: 'too many failed logins for this username' },
  ];
  const attemptScript = redisScript(redis, 'switchyardLoginAttempt', 3, ATTEMPT_SCRIPT);
  const successScript = redisScript(redis, 'switchyardLoginSuccess', 3, SUCCESS_SCRIPT);
  return {
    async attempt(username, address) {
      const counts = (await attemptScript(...keys(username, address), windowMs, wideWindowMs, wideWindowMs, perAddress)) as [number, number][];
      // The limit that keeps the client out longest is the one to report.
      let refusal: { wait: number; message: string } | undefined;
      counts.forEach(([attempts, ttl], i) => {
        const limit = limits[i] as (typeof limits)[number];
        const wait = Math.max(ttl, 1);
        if (attempts > limit.most && (!refusal || wait > refusal.wait)) refusal = { wait, message: limit.message };
      });
      if (refusal) throw new RateLimited(refusal.wait, `${refusal.message}; try again in ${Math.ceil(refusal.wait / 1000)} s`);
    },
    async succeeded(username, address) {
      await successScript(...keys(username, address));
    },
  };
}
