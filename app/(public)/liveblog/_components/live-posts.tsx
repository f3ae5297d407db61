'use client';

import type { ReactNode } from 'react';
import { useState } from 'react';
import type { WirePost } from '../../../../server/protocol/liveblog.ts';
import { LiveIndicator } from './live-indicator.tsx';
import { PostText } from './post-text.tsx';
import { useLiveblog } from './use-liveblog.ts';

/** Props of `LivePosts`. */
export type LivePostsProps = {
  slug: string;
  first: { posts: WirePost[]; hasMore: boolean; cursor: string };
  /** Extra controls under each post (the admin UI's edit and delete). */
  controls?: (post: WirePost) => ReactNode;
};

/**
 * The live list of a liveblog's posts, newest first: new posts appear on top,
 * edits replace in place, deletions disappear, and "Load older" pages back.
 * `data-following` tells tests when the page has caught up after (re)connecting.
 */
export function LivePosts({ slug, first, controls }: LivePostsProps) {
  const live = useLiveblog(slug, first);
  const [loading, setLoading] = useState(false);
  return (
    <section aria-label="Posts" data-testid="liveblog" data-following={live.followed} data-cursor={live.cursor}>
      <p className="liveblog__status">
        <LiveIndicator />
        {live.error && <span className="inline-error"> {live.error}</span>}
      </p>
      {live.posts.length === 0 && <p className="muted">No posts yet.</p>}
      <ol className="feed" data-testid="posts">
        {live.posts.map((post) => (
          <li key={post.id} className="feed__item" data-testid="post" data-post-id={post.id} data-version={post.version}>
            <p className="feed__text" data-testid="post-body">
              <PostText body={post.body} />
            </p>
            <p className="feed__meta">
              <time dateTime={post.createdAt}>{new Date(post.createdAt).toISOString().slice(11, 16)} UTC</time>
              {post.author && <> · {post.author}</>}
              {post.version > 1 && <> · edited</>}
            </p>
            {controls?.(post)}
          </li>
        ))}
      </ol>
      {live.hasMore && (
        <button
          type="button"
          className="button button--quiet"
          disabled={loading}
          onClick={() => {
            setLoading(true);
            void live.loadOlder().finally(() => setLoading(false));
          }}
        >
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
    </section>
  );
}
