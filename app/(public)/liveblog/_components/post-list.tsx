'use client';

import type { ReactNode } from 'react';
import { useState } from 'react';
import type { WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { PostCard } from './post-card.tsx';
import type { NewUpdates } from './use-new-updates.ts';
import type { LiveLiveblog } from './use-liveblog.ts';
import { useLinkedPost } from './use-linked-post.ts';

/** Props of `PostList`. */
export type PostListProps = {
  slug: string;
  live: LiveLiveblog;
  /** Tracks which fresh posts the reader has seen (the reader's page). */
  newUpdates?: NewUpdates;
  /** Extra controls under each post (the admin UI's). */
  controls?: (post: WirePost) => ReactNode;
  /** What to show while there are no posts. */
  empty: ReactNode;
};

/**
 * A liveblog's timeline, newest first: new posts appear on top (marked new),
 * edits replace in place, deletions disappear, "Load older updates" pages
 * back, and a linked post (`#post-<id>`) is loaded and shown.
 * `data-following` tells tests when the page has caught up after (re)connecting.
 */
export function PostList({ slug, live, newUpdates, controls, empty }: PostListProps) {
  const [loading, setLoading] = useState(false);
  const target = useLinkedPost(live.posts, live.loadUntil);
  return (
    <section className="timeline" aria-label="Updates" data-testid="liveblog" data-following={live.followed} data-cursor={live.cursor}>
      {live.posts.length === 0 && empty}
      <ol className="posts" data-testid="posts">
        {live.posts.map((post) => {
          const fresh = live.fresh.has(post.id);
          return (
            <li key={post.id} ref={fresh ? newUpdates?.observe(post.id) : undefined}>
              <PostCard slug={slug} post={post} fresh={fresh} targeted={target === post.id} controls={controls?.(post)} />
            </li>
          );
        })}
      </ol>
      {live.hasMore && (
        <p className="timeline__more">
          <button
            type="button"
            className="button button--quiet"
            disabled={loading}
            onClick={() => {
              setLoading(true);
              void live.loadOlder().finally(() => setLoading(false));
            }}
          >
            {loading ? 'Loading…' : 'Load older updates'}
          </button>
        </p>
      )}
    </section>
  );
}
