import pLimit from 'p-limit';
import { RateLimited } from '../errors.ts';

/** Options of `createHashGate`; defaults in server/config.ts. */
export type HashGateOptions = {
  /** Password hashes that run at once (LOGIN_HASH_CONCURRENCY). */
  concurrency: number;
  /** Hashes that may wait for a slot (LOGIN_HASH_QUEUE); more are refused at once. */
  queue: number;
};

/** Runs password hashes within a bound. See `createHashGate`. */
export type HashGate = {
  /** Runs `check` when a slot is free; throws RateLimited at once when the queue is full. */
  run<T>(check: () => Promise<T>): Promise<T>;
};

// How long a refused login is told to wait: long enough for the queue to move.
const RETRY_AFTER_MS = 1000;

/**
 * A cap on concurrent password hashes in this process. Each argon2 check
 * takes ~19 MiB and tens of ms of a thread; without a cap a login flood from
 * many addresses (each under its own limit) queues without bound in memory.
 * At most `concurrency` run, `queue` wait, and the rest are refused with
 * `rate_limited` (HTTP 429, Retry-After) before any work is done.
 *
 * @example
 * const gate = createHashGate({ concurrency: 2, queue: 32 });
 * const user = await gate.run(() => authenticate(db, username, password));
 */
export function createHashGate({ concurrency, queue }: HashGateOptions): HashGate {
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`createHashGate: concurrency must be a positive whole number, got ${String(concurrency)}`);
  }
  if (!Number.isSafeInteger(queue) || queue < 0) {
    throw new TypeError(`createHashGate: queue must be a whole number ≥ 0, got ${String(queue)}`);
  }
  const limit = pLimit(concurrency);
  return {
    run(check) {
      if (limit.activeCount >= concurrency && limit.pendingCount >= queue) {
        return Promise.reject(
          new RateLimited(RETRY_AFTER_MS, `the server is busy checking other logins; try again in ${RETRY_AFTER_MS / 1000} s`),
        );
      }
      return limit(check);
    },
  };
}
