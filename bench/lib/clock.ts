/**
 * A millisecond clock that every process on this machine shares: CLOCK_MONOTONIC,
 * which `process.hrtime` reads, so a send time taken in the publisher and a
 * receive time taken in a client generator can be subtracted directly. (Wall
 * clock time may be stepped during a run, and `performance.now()` drifts from
 * hrtime by about a millisecond in a few seconds, so neither is used.)
 */

/** Milliseconds on the machine-wide monotonic clock, with sub-millisecond precision. */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
