/** A token bucket: `perSecond` tokens refill per second, up to `burst`. */
export type TokenBucket = {
  /** Takes one token; returns 0 when allowed, else how many ms until a token is available. */
  take(now?: number): number;
};

/** Creates a full token bucket. Pure logic, no timers. */
export function createTokenBucket(perSecond: number, burst: number, now = Date.now()): TokenBucket {
  let tokens = burst;
  let updatedAt = now;
  return {
    take(at = Date.now()) {
      tokens = Math.min(burst, tokens + ((at - updatedAt) / 1000) * perSecond);
      updatedAt = at;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - tokens) / perSecond) * 1000);
    },
  };
}
