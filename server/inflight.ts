/** Counts work in progress so a shutting-down server can wait for it. */
export type Inflight = {
  /** Runs `work`, counting it as in flight until it settles. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Number of tasks in flight now. */
  readonly size: number;
  /** Resolves true when nothing is in flight, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
};

/** Creates an empty in-flight counter. */
export function createInflight(): Inflight {
  let size = 0;
  let waiters: (() => void)[] = [];
  return {
    async track(work) {
      size += 1;
      try {
        return await work();
      } finally {
        size -= 1;
        if (size === 0) {
          for (const wake of waiters) wake();
          waiters = [];
        }
      }
    },
    get size() {
      return size;
    },
    drain(timeoutMs) {
      if (size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
