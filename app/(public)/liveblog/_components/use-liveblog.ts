'use client';

import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CatchUpChange, PostChange, PostEvent, WireLiveblog, WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { RealtimeError, useGroupEvent, useRealtimeEmit, useWhenConnected } from '../../../_realtime/index.ts';
import { appendOlder, applyAbout, applyCatchUp, applyChange, initialState, resetTo } from './liveblog-state.ts';
import type { FirstRender, LiveblogState } from './liveblog-state.ts';

type Action =
  | { type: 'change'; event: PostEvent; change: PostChange; caughtUp: boolean }
  | { type: 'catch-up'; changes: CatchUpChange[]; cursor: string }
  | { type: 'about'; liveblog: WireLiveblog }
  | { type: 'older'; posts: WirePost[]; hasMore: boolean }
  | { type: 'reset'; posts: WirePost[]; hasMore: boolean; cursor: string };

function reduce(state: LiveblogState, action: Action): LiveblogState {
  switch (action.type) {
    case 'change':
      return applyChange(state, action.event, action.change, action.caughtUp);
    case 'catch-up':
      return applyCatchUp(state, action.changes, action.cursor);
    case 'about':
      return applyAbout(state, action.liveblog);
    case 'older':
      return appendOlder(state, action.posts, action.hasMore);
    case 'reset':
      return resetTo(state, action.posts, action.hasMore, action.cursor);
  }
}

/** Older pages "load until" reads at most, looking for a linked post. */
const LOAD_UNTIL_PAGES = 10;

/** A liveblog as a page holds it (see `LiveblogState`), and what the page can do with it. */
export type LiveLiveblog = LiveblogState & {
  /** Whether this connection has caught up (tests wait for it). */
  followed: boolean;
  /** Whether the liveblog was deleted while the page was open (heard live, or found gone on a follow). */
  removed: boolean;
  error: string | null;
  loadOlder(): Promise<void>;
  /** Loads older pages until the post `id` is among the posts (or there are no more); resolves whether it is. */
  loadUntil(id: string): Promise<boolean>;
};

/**
 * A liveblog's posts, summary and status, live: starts from the
 * server-rendered page and its cursor, follows the liveblog on every
 * (re)connection with the highest cursor it has — so changes missed while
 * offline arrive in order — and applies live changes idempotently by version.
 */
export function useLiveblog(slug: string, first: FirstRender): LiveLiveblog {
  const [state, dispatch] = useReducer(reduce, first, initialState);
  const emit = useRealtimeEmit('/liveblog');
  const latest = useRef(state);
  latest.current = state;
  const [followed, setFollowed] = useState(false);
  // Whether this connection's catch-up has been applied: only then may live changes move the resume cursor.
  const caughtUp = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState(false);

  const onChange = (event: PostEvent) => (change: PostChange) => {
    if (change.slug === slug) dispatch({ type: 'change', event, change, caughtUp: caughtUp.current });
  };
  useGroupEvent('/liveblog', 'post.published', onChange('post.published'));
  useGroupEvent('/liveblog', 'post.updated', onChange('post.updated'));
  useGroupEvent('/liveblog', 'post.deleted', onChange('post.deleted'));
  useGroupEvent('/liveblog', 'liveblog.updated', ({ liveblog }) => liveblog.slug === slug && dispatch({ type: 'about', liveblog }));
  useGroupEvent('/liveblog', 'liveblog.deleted', (deleted) => deleted.slug === slug && setRemoved(true));

  // On every (re)connection: join the group first (the server does), then catch up from our cursor; overlaps are dropped by version.
  const status = useWhenConnected(
    '/liveblog',
    (isCurrent) => {
      caughtUp.current = false;
      return emit('liveblog.follow', { slug, after: latest.current.cursor })
        .then(async (reply) => {
          if (!isCurrent()) return;
          if (reply.liveblog) dispatch({ type: 'about', liveblog: reply.liveblog });
          if (reply.reset) {
            const page = await emit('liveblog.page', { slug });
            dispatch({ type: 'reset', posts: page.posts, hasMore: page.hasMore, cursor: reply.cursor });
          } else {
            dispatch({ type: 'catch-up', changes: reply.changes, cursor: reply.cursor });
          }
          caughtUp.current = true;
          setFollowed(true);
          setError(null);
        })
        .catch((failure: unknown) => {
          if (!isCurrent()) return;
          if (failure instanceof RealtimeError && failure.code === 'not_found') setRemoved(true);
          else setError((failure as Error).message);
        });
    },
    [slug, emit],
  );
  // Away, live changes may be missed: the page is not following until the next catch-up.
  useEffect(() => {
    if (status === 'connected') return;
    caughtUp.current = false;
    setFollowed(false);
  }, [status]);

  const loadPage = useCallback(async () => {
    const oldest = latest.current.posts.at(-1);
    const page = await emit('liveblog.page', oldest ? { slug, before: oldest.id } : { slug });
    dispatch({ type: 'older', posts: page.posts, hasMore: page.hasMore });
    // The reducer runs before the next render; keep the ref in step for a loop of loads.
    latest.current = appendOlder(latest.current, page.posts, page.hasMore);
  }, [emit, slug]);

  const loadUntil = useCallback(
    async (id: string) => {
      for (let pages = 0; pages < LOAD_UNTIL_PAGES; pages += 1) {
        if (latest.current.posts.some((p) => p.id === id)) return true;
        if (!latest.current.hasMore) return false;
        await loadPage();
      }
      return latest.current.posts.some((p) => p.id === id);
    },
    [loadPage],
  );

  return { ...state, followed, removed, error, loadOlder: loadPage, loadUntil };
}
