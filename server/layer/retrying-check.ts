/** A check run on demand: see `retryingCheck`. */
export type RetryingCheck = {
  /** Runs the check now, or once more after the run in progress. */
  trigger(): void;
  /** No more runs; a pending retry is cancelled. */
  stop(): void;
};

/**
 * Runs `check` when triggered, one run at a time. A trigger during a run
 * makes it run once more afterwards (what the run read may already be
 * stale); a failed run is retried after `retryMs`, with one retry pending at
 * most however many triggers arrive meanwhile. `onFailure` hears the first
 * failure of a streak, not every retry.
 *
 * @example
 * const recovery = retryingCheck(recover, { retryMs: 1000, onFailure: (e) => log.error({ err: e }, 'recovery failed') });
 * redis.on('ready', recovery.trigger);
 */
export function retryingCheck(check: () => Promise<void>, options: { retryMs: number; onFailure(error: Error): void }): RetryingCheck {
  let running = false;
  let again = false;
  let failing = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const trigger = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(retry);
    retry = undefined;
    void check()
      .then(
        () => {
          failing = false;
        },
        (error: unknown) => {
          if (stopped) return; // a run that outlived stop() (its connections closing under it)
          if (!failing) options.onFailure(error as Error);
          failing = true;
          retry = setTimeout(trigger, options.retryMs);
          retry.unref();
        },
      )
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          trigger();
        }
      });
  };
  return {
    trigger,
    stop() {
      stopped = true;
      clearTimeout(retry);
    },
  };
}
