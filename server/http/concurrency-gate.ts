import { RateLimited } from '../errors.ts';

/** Bounds of a concurrency gate, and how its refusals read. */
export type ConcurrencyGateOptions = {
  /** Entries at once in all. */
  total: number;
  /** Entries at once under one key (a client address). */
  perKey: number;
  /** What is being counted, plural, for the messages: "uploads". */
  what: string;
  /** The Retry-After a refused client gets. */
  retryAfterMs: number;
};

/** Bounds how many of something this process does at once, per key and in total. */
export type ConcurrencyGate = {
  /**
   * Takes a place for `key`, or throws `RateLimited` when the key or the
   * process is at its bound. Call the returned function (once) to give it back.
   */
  enter(key: string): () => void;
  /** Places taken now, in all. */
  readonly size: number;
};

/**
 * A counter of work in flight in this process, per key and in total: what
 * bounds the memory and connections a kind of request can hold at once,
 * whoever sends it. In-process on purpose: the resource it protects is this
 * process's; limits across processes live in Redis or PostgreSQL.
 *
 * @example const leave = gate.enter(address); try { await receive(); } finally { leave(); }
 */
export function createConcurrencyGate(options: ConcurrencyGateOptions): ConcurrencyGate {
  const perKey = new Map<string, number>();
  let total = 0;
  const seconds = Math.ceil(options.retryAfterMs / 1000);
  return {
    enter(key) {
      const mine = perKey.get(key) ?? 0;
      if (mine >= options.perKey) {
        throw new RateLimited(options.retryAfterMs, `you are already sending ${mine} ${options.what} at once (the limit); wait for one to finish`);
      }
      if (total >= options.total) {
        throw new RateLimited(options.retryAfterMs, `the server is receiving as many ${options.what} as it can at once; retry in ${seconds} s`);
      }
      perKey.set(key, mine + 1);
      total += 1;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        total -= 1;
        const now = (perKey.get(key) ?? 1) - 1;
        if (now === 0) perKey.delete(key);
        else perKey.set(key, now);
      };
    },
    get size() {
      return total;
    },
  };
}
