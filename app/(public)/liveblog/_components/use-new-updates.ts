'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/** What `useNewUpdates` gives a page. */
export type NewUpdates = {
  /** Fresh posts the reader has not had on screen yet, newest first. */
  unseen: string[];
  /** A ref callback for a fresh post's element: the post counts as seen once it is on screen in a visible tab. */
  observe(id: string): (element: HTMLElement | null) => void;
  /** Counts these posts as seen (the reader asked to be taken to them). */
  markSeen(ids: Iterable<string>): void;
};

/**
 * Which of the posts that arrived while the page was open (`fresh`, newest
 * first) the reader has not seen: a post is seen once at least half of it has
 * been on screen while the tab was visible. A tab in the background sees
 * nothing; when it comes back, what is on screen counts as seen.
 */
export function useNewUpdates(fresh: ReadonlySet<string>): NewUpdates {
  const [seen, setSeen] = useState<ReadonlySet<string>>(() => new Set());
  const observer = useRef<IntersectionObserver | null>(null);
  const elements = useRef(new Map<HTMLElement, string>());
  const onScreen = useRef(new Set<string>());
  const callbacks = useRef(new Map<string, (element: HTMLElement | null) => void>());

  const markSeen = useCallback((ids: Iterable<string>) => {
    setSeen((current) => {
      const added = [...ids].filter((id) => !current.has(id));
      return added.length === 0 ? current : new Set([...current, ...added]);
    });
  }, []);

  useEffect(() => {
    const watcher = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = elements.current.get(entry.target as HTMLElement);
          if (!id) continue;
          if (entry.isIntersecting) onScreen.current.add(id);
          else onScreen.current.delete(id);
        }
        if (document.visibilityState === 'visible') markSeen(onScreen.current);
      },
      { threshold: 0.5 },
    );
    observer.current = watcher;
    for (const element of elements.current.keys()) watcher.observe(element);
    const onVisible = () => document.visibilityState === 'visible' && markSeen(onScreen.current);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      watcher.disconnect();
      observer.current = null;
    };
  }, [markSeen]);

  // One callback per post, so React does not detach and re-attach it on every render.
  const observe = useCallback((id: string) => {
    let callback = callbacks.current.get(id);
    if (!callback) {
      callback = (element: HTMLElement | null) => {
        if (!element) return;
        elements.current.set(element, id);
        observer.current?.observe(element);
        return () => {
          elements.current.delete(element);
          onScreen.current.delete(id);
          observer.current?.unobserve(element);
        };
      };
      callbacks.current.set(id, callback);
    }
    return callback;
  }, []);

  return { unseen: [...fresh].filter((id) => !seen.has(id)), observe, markSeen };
}
