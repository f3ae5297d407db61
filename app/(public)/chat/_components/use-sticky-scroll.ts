'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How close to the bottom (px) still counts as "at the bottom" (a reader a line short of it is still following). */
const NEAR_BOTTOM_PX = 48;

/**
 * Sticky scroll for a message list, as chat apps do: while the reader is at
 * the bottom, the list follows what arrives (`content` changed) and stays
 * there when it gets shorter (a phone's keyboard opening); once they scroll
 * up, it stays put and `seen` keeps the newest seq they had in sight, so the
 * page can count what is new below. `follow()` makes the next change follow
 * whatever the position (one's own message); `scrollDown()` goes to the
 * bottom now (the "new messages" pill).
 */
export function useStickyScroll(content: string, newest: string | null) {
  const ref = useRef<HTMLDivElement>(null);
  // The list's size as of the last change, so "was the reader at the bottom?" is read from the list
  // itself (scroll events come a frame late); and whether the next change follows regardless.
  const size = useRef({ scrollHeight: 0, clientHeight: 0 });
  const forced = useRef(true);
  const [seen, setSeen] = useState(newest);

  useLayoutEffect(() => {
    const list = ref.current;
    if (!list) return;
    const wasAtBottom = forced.current || list.scrollTop + list.clientHeight >= size.current.scrollHeight - NEAR_BOTTOM_PX;
    forced.current = false;
    if (wasAtBottom) {
      list.scrollTop = list.scrollHeight;
      setSeen(newest);
    }
    size.current = { scrollHeight: list.scrollHeight, clientHeight: list.clientHeight };
  }, [content, newest]);

  useEffect(() => {
    const list = ref.current;
    if (!list) return;
    const keep = new ResizeObserver(() => {
      if (list.scrollTop + size.current.clientHeight >= list.scrollHeight - NEAR_BOTTOM_PX) list.scrollTop = list.scrollHeight;
      size.current = { scrollHeight: list.scrollHeight, clientHeight: list.clientHeight };
    });
    keep.observe(list);
    return () => keep.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const list = ref.current;
    if (list && list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX) setSeen(newest);
  }, [newest]);

  const follow = useCallback(() => {
    forced.current = true;
  }, []);

  const scrollDown = useCallback(() => {
    ref.current?.scrollTo({ top: ref.current.scrollHeight });
    setSeen(newest);
  }, [newest]);

  return { ref, onScroll, seen, follow, scrollDown };
}
