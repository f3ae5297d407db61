import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT_BACKOFF, reconnectBackoff, reconnectDelay } from './reconnect-backoff.ts';

/**
 * The reconnect schedule: "each attempt waits delayMs × 2^attempt, at most
 * maxDelayMs, moved at random by up to `jitter` of itself; bad settings are
 * refused naming the field".
 */
describe('reconnect backoff', () => {
  it('spreads first attempts over about delayMs ± jitter × delayMs (0.55–1.5 s by default)', () => {
    const delays = Array.from({ length: 1000 }, (_, i) => reconnectDelay(DEFAULT_RECONNECT_BACKOFF, 0, i / 1000));
    expect(Math.min(...delays)).toBe(551);
    expect(Math.max(...delays)).toBe(1499);
    // Spread: no 100 ms of the window gets more than a fifth of the attempts.
    const slices = new Map<number, number>();
    for (const delay of delays) slices.set(Math.floor(delay / 100), (slices.get(Math.floor(delay / 100)) ?? 0) + 1);
    expect(Math.max(...slices.values())).toBeLessThanOrEqual(200);
  });

  it('doubles with each attempt up to maxDelayMs; jitter 0 waits exactly', () => {
    const exact = reconnectBackoff({ delayMs: 200, maxDelayMs: 1000, jitter: 0 });
    expect([0, 1, 2, 3, 4].map((attempt) => reconnectDelay(exact, attempt, 0.37))).toEqual([200, 400, 800, 1000, 1000]);
  });

  it('refuses settings out of bounds, naming the field', () => {
    expect(() => reconnectBackoff({ jitter: 1.5 })).toThrow(/reconnect\.jitter must be a number from 0 to 1, got 1.5/);
    expect(() => reconnectBackoff({ delayMs: 0 })).toThrow(/reconnect\.delayMs/);
    expect(() => reconnectBackoff({ delayMs: 2000, maxDelayMs: 1000 })).toThrow(/reconnect\.maxDelayMs must be a number from 2000/);
    expect(reconnectBackoff()).toEqual({ delayMs: 1000, maxDelayMs: 5000, jitter: 0.5 });
  });
});
