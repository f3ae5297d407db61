/**
 * How a client spaces its reconnects after losing its server. When an
 * interface server dies, all of its clients lose it at the same moment; if
 * they all came back after the same delay, the servers left would take every
 * handshake and catch-up at once. Each attempt therefore waits
 * `delayMs × 2^attempt` (at most `maxDelayMs`), moved up or down by a random
 * share of up to `jitter`: with the defaults the first attempt comes 0.55–1.5 s
 * after the loss (Socket.IO's jitter: ten 50 ms bands in that window, each
 * as likely).
 */
export type ReconnectBackoff = {
  /** Delay before the first reconnect attempt, in ms (1–60 000). Default 1 000. */
  delayMs: number;
  /** Longest delay between attempts, in ms (≥ delayMs, ≤ 300 000). Default 5 000. */
  maxDelayMs: number;
  /** Share of a delay moved at random, up or down (0–1; 0: every client waits the same). Default 0.5. */
  jitter: number;
};

/** The defaults (those of Socket.IO's Manager, which the SDK's reconnects run on). */
export const DEFAULT_RECONNECT_BACKOFF: Readonly<ReconnectBackoff> = Object.freeze({ delayMs: 1000, maxDelayMs: 5000, jitter: 0.5 });

/** The backoff with defaults filled in; throws naming the field when a value is out of its bounds. */
export function reconnectBackoff(given: Partial<ReconnectBackoff> = {}): ReconnectBackoff {
  const backoff = { ...DEFAULT_RECONNECT_BACKOFF, ...given };
  const check = (field: keyof ReconnectBackoff, min: number, max: number) => {
    const value = backoff[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new RangeError(`reconnect.${field} must be a number from ${min} to ${max}, got ${String(value)}`);
    }
  };
  check('delayMs', 1, 60_000);
  check('maxDelayMs', backoff.delayMs, 300_000);
  check('jitter', 0, 1);
  return backoff;
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first), given a
 * random number in [0, 1): Socket.IO's own formula
 * (socket.io-client/build/esm/contrib/backo2.js), for clients that reconnect
 * without its Manager (the benches' lean readers) to behave like the SDK.
 */
export function reconnectDelay(backoff: ReconnectBackoff, attempt: number, random: number): number {
  const base = backoff.delayMs * 2 ** attempt;
  const deviation = Math.floor(random * backoff.jitter * base);
  const delay = (Math.floor(random * 10) & 1) === 0 ? base - deviation : base + deviation;
  return Math.min(delay, backoff.maxDelayMs) | 0;
}
