'use client';

import { useSyncExternalStore } from 'react';

const TICK_MS = 30_000;
let now: number | null = null;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const notify of listeners) notify();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The browser's clock, shared by every component that shows "5 minutes ago"
 * and refreshed every 30 seconds; null while rendering on the server (which
 * does not know the reader's clock, so server and browser renders agree).
 */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => (now ??= Date.now()),
    () => null,
  );
}
