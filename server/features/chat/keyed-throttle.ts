/**
 * Runs a key's work at most once per window: news for a quiet key runs at
 * once (no added latency), news that arrives within a window of the last run
 * waits for that window's end and is then handled by one run. Runs of one key
 * never overlap, so they happen in order. A run that failed (returned false)
 * runs again at the next window's end.
 *
 * @example
 * const throttle = createKeyedThrottle(500, (room) => sendBatch(room));
 * throttle.touch('general'); // sends now; more touches within 500 ms send once, at its end
 */
export type KeyedThrottle = {
  /** Says `key` has news: runs it now if it is quiet, or else once its window ends. */
  touch(key: string): void;
  /** Keys with news not yet handled, or a run under way. */
  readonly busy: number;
  /** Stops the timers, runs every key with news once more, and waits for the runs. */
  drain(): Promise<void>;
};

type Slot = { news: boolean; running: Promise<void> | null; timer: NodeJS.Timeout | null };

/** Creates a throttle whose `run(key)` resolves true when the key's news was handled. */
export function createKeyedThrottle(windowMs: number, run: (key: string) => Promise<boolean>): KeyedThrottle {
  const slots = new Map<string, Slot>();
  let draining = false;

  const start = (key: string, slot: Slot) => {
    slot.news = false;
    slot.running = run(key)
      .catch(() => false)
      .then((handled) => {
        slot.running = null;
        if (!handled) slot.news = true;
        if (draining) return;
        // The window: news meanwhile waits for its end; a quiet key is forgotten then.
        slot.timer = setTimeout(() => {
          slot.timer = null;
          if (slot.news) start(key, slot);
          else slots.delete(key);
        }, windowMs);
        slot.timer.unref();
      });
  };

  return {
    touch(key) {
      const slot = slots.get(key);
      if (slot) {
        slot.news = true;
        return;
      }
      const fresh: Slot = { news: true, running: null, timer: null };
      slots.set(key, fresh);
      start(key, fresh);
    },
    get busy() {
      let busy = 0;
      for (const slot of slots.values()) if (slot.news || slot.running) busy += 1;
      return busy;
    },
    async drain() {
      draining = true;
      for (const [key, slot] of slots) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        await slot.running;
        if (slot.news) {
          start(key, slot);
          await slot.running;
        }
      }
      slots.clear();
    },
  };
}
