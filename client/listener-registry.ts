import type { ClientLog } from './client-log.ts';

/** A listener of one event; gets the event's payload. */
export type Listener = (payload: unknown) => void;

/** Listeners by event name, with an optional backlog for events nobody listens to yet. */
export type ListenerRegistry = {
  /** Adds a listener; it first receives the event's backlog, if any. Returns the function that removes it. */
  on(event: string, listener: Listener): () => void;
  /** Calls every listener of `event`; with `keep`, a payload nobody listens to is kept for the next listener. */
  dispatch(event: string, payload: unknown, keep?: boolean): void;
  /** Whether anyone listens to `event`. */
  has(event: string): boolean;
};

/**
 * Creates a registry. A throwing listener is reported on `log` and does
 * not keep the other listeners from running. The backlog exists for
 * reply-channel messages: they are addressed to this client and counted as
 * delivered, so one that arrives before its component has subscribed (during
 * hydration, or a replay at connect time) waits for it instead of being lost.
 */
export function createListenerRegistry(log: ClientLog, backlogLimit = 100): ListenerRegistry {
  const listeners = new Map<string, Set<Listener>>();
  const backlog = new Map<string, unknown[]>();

  const call = (event: string, listener: Listener, payload: unknown) => {
    try {
      listener(payload);
    } catch (error) {
      log.error(`a listener of "${event}" threw:`, error);
    }
  };

  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      const waiting = backlog.get(event);
      if (waiting) {
        backlog.delete(event);
        for (const payload of waiting) call(event, listener, payload);
      }
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(event) === set) listeners.delete(event);
      };
    },
    dispatch(event, payload, keep = false) {
      const set = listeners.get(event);
      if (set && set.size > 0) {
        for (const listener of [...set]) call(event, listener, payload);
        return;
      }
      if (!keep) return;
      const waiting = backlog.get(event) ?? [];
      waiting.push(payload);
      if (waiting.length > backlogLimit) waiting.shift();
      backlog.set(event, waiting);
    },
    has(event) {
      return (listeners.get(event)?.size ?? 0) > 0;
    },
  };
}
