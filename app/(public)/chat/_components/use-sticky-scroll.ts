'use client';

import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { UIEvent } from 'react';

/** How close to the bottom (px) still counts as "at the bottom" (a reader a line short of it is still following). */
const NEAR_BOTTOM_PX = 48;

/**
 * Sticky scroll for a message list, as chat apps do: while the reader is at
 * the bottom, the list follows what arrives (`content` changed); once they
 * scroll up, it stays put and `seen` keeps the newest seq they had in sight,
 * so the page can count what is new below. `follow()` sticks to the bottom
 * again (before sending one's own message, or from the "new messages" pill:
 * `scrollDown()`).
 */
export function useStickyScroll(content: string, newest: string | null) {
  const ref = useRef<HTMLDivElement>(null);
  // The list's height after the last change, and whether the next change must follow regardless (at first, and after follow()).
  const height = useRef(0);
  const forced = useRef(true);
  const [seen, setSeen] = useState(newest);

  // Where the reader was is read from the list itself, not from scroll events: those come a frame late.
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list) return;
    const wasAtBottom = forced.current || list.scrollTop + list.clientHeight >= height.current - NEAR_BOTTOM_PX;
    forced.current = false;
    if (wasAtBottom) {
      list.scrollTop = list.scrollHeight;
      setSeen(newest);
    }
    height.current = list.scrollHeight;
  }, [content, newest]);

  const onScroll = useCallback(
    (event: UIEvent<HTMLElement>) => {
      const list = event.currentTarget;
      if (list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX) setSeen(newest);
    },
    [newest],
  );

  const follow = useCallback(() => {
    forced.current = true;
  }, []);

  const scrollDown = useCallback(() => {
    ref.current?.scrollTo({ top: ref.current.scrollHeight });
    setSeen(newest);
  }, [newest]);

  return { ref, onScroll, seen, follow, scrollDown };
}
