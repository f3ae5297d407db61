'use client';

import { useEffect, useRef, useState } from 'react';
import type { WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';

const ANCHOR = /^#post-([A-Za-z0-9_-]{1,64})$/;

/**
 * The post the address links to (`#post-<id>`, from a shared link or a key
 * update), or null. A post that is not on the loaded pages is loaded
 * (`loadUntil`), then scrolled to — also when the address changes later.
 */
export function useLinkedPost(posts: WirePost[], loadUntil: (id: string) => Promise<boolean>): string | null {
  const [target, setTarget] = useState<string | null>(null);
  const scrolledTo = useRef<string | null>(null);

  useEffect(() => {
    const read = () => {
      const id = ANCHOR.exec(window.location.hash)?.[1] ?? null;
      scrolledTo.current = null;
      setTarget(id);
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);

  useEffect(() => {
    if (target) void loadUntil(target);
  }, [target, loadUntil]);

  const loaded = target !== null && posts.some((post) => post.id === target);
  useEffect(() => {
    if (!target || !loaded || scrolledTo.current === target) return;
    scrolledTo.current = target;
    document.getElementById(`post-${target}`)?.scrollIntoView({ block: 'start' });
  }, [target, loaded]);

  return target;
}
