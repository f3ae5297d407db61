'use client';

import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CatchUpChange, PostChange, PostEvent, WirePost } from '../../../../server/protocol/liveblog.ts';
import { useConnectionStatus, useGroupEvent, useRealtimeEmit } from '../../../_realtime/index.ts';
import { appendOlder, applyCatchUp, applyChange, initialState, resetTo } from './liveblog-state.ts';
import type { LiveblogState } from './liveblog-state.ts';

type Action =
  | { type: 'change'; event: PostEvent; change: PostChange; caughtUp: boolean }
  | { type: 'catch-up'; changes: CatchUpChange[]; cursor: string }
  | { type: 'older'; posts: WirePost[]; hasMore: boolean }
  | { type: 'reset'; posts: WirePost[]; hasMore: boolean; cursor: string };

function reduce(state: LiveblogState, action: Action): LiveblogState {
  switch (action.type) {
    case 'change':
      return applyChange(state, action.event, action.change, action.caughtUp);
    case 'catch-up':
      return applyCatchUp(state, action.changes, action.cursor);
    case 'older':
      return appendOlder(state, action.posts, action.hasMore);
    case 'reset':
      return resetTo(action.posts, action.hasMore, action.cursor);
  }
}

/**
 * A liveblog's posts, live: starts from the server-rendered page and its
 * cursor, follows the liveblog on every (re)connection with the highest
 * cursor it has — so changes missed while offline arrive in order — and
 * applies live changes idempotently by post version.
 */
export function useLiveblog(slug: string, first: { posts: WirePost[]; hasMore: boolean; cursor: string }) {
  const [state, dispatch] = useReducer(reduce, first, (f) => initialState(f.posts, f.cursor, f.hasMore));
  const emit = useRealtimeEmit('/liveblog');
  const status = useConnectionStatus('/liveblog');
  const cursor = useRef(state.cursor);
  cursor.current = state.cursor;
  const [followed, setFollowed] = useState(false);
  // Whether this connection's catch-up has been applied: only then may live changes move the resume cursor.
  const caughtUp = useRef(false);
  const [error, setError] = useState<string | null>(null);

  const onChange = (event: PostEvent) => (change: PostChange) => {
    if (change.slug === slug) dispatch({ type: 'change', event, change, caughtUp: caughtUp.current });
  };
  useGroupEvent('post.published', onChange('post.published'));
  useGroupEvent('post.updated', onChange('post.updated'));
  useGroupEvent('post.deleted', onChange('post.deleted'));

  useEffect(() => {
    caughtUp.current = false;
    if (status !== 'connected') {
      setFollowed(false);
      return;
    }
    let cancelled = false;
    // Join the group first (the server does), then catch up from our cursor; overlaps are dropped by version.
    emit('liveblog.follow', { slug, after: cursor.current })
      .then(async (reply) => {
        if (cancelled) return;
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
      .catch((failure: unknown) => !cancelled && setError((failure as Error).message));
    return () => {
      cancelled = true;
    };
  }, [status, slug, emit]);

  const loadOlder = useCallback(async () => {
    const oldest = state.posts.at(-1);
    const page = await emit('liveblog.page', oldest ? { slug, before: oldest.id } : { slug });
    dispatch({ type: 'older', posts: page.posts, hasMore: page.hasMore });
  }, [emit, slug, state.posts]);

  return { posts: state.posts, hasMore: state.hasMore, cursor: state.cursor, followed, error, loadOlder };
}
