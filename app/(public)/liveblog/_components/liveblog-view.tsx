'use client';

import Link from 'next/link';
import { FormError } from '../../../_components/form-error.tsx';
import { ConnectionNotice } from './connection-notice.tsx';
import { LiveblogHead } from './liveblog-head.tsx';
import type { FirstRender } from './liveblog-state.ts';
import { NewUpdatesBar } from './new-updates-bar.tsx';
import { PostCard } from './post-card.tsx';
import { PostList } from './post-list.tsx';
import { useLiveblog } from './use-liveblog.ts';
import { useNewUpdates } from './use-new-updates.ts';

/**
 * A liveblog as readers see it: live or ended, the summary and key updates,
 * pinned posts, then the timeline; a "N new updates" bar when updates arrive
 * out of sight.
 */
export function LiveblogView({ slug, first }: { slug: string; first: FirstRender }) {
  const live = useLiveblog(slug, first);
  const newUpdates = useNewUpdates(live.fresh);
  const pinned = live.featured.filter((post) => post.pinned);
  if (live.removed) {
    return (
      <div className="liveblog">
        <div className="empty" role="status" data-testid="liveblog-removed">
          <p className="empty__title">This liveblog has been removed</p>
          <p>
            <Link href="/liveblog">See the other liveblogs</Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="liveblog">
      <LiveblogHead liveblog={live.liveblog} latest={live.posts[0]?.createdAt ?? live.liveblog.updatedAt} keyPosts={live.featured.filter((post) => post.key)} />
      <ConnectionNotice />
      <FormError message={live.error} />
      {pinned.length > 0 && (
        <section className="pinned" aria-label="Pinned">
          {pinned.map((post) => (
            <PostCard key={post.id} slug={slug} post={post} place="pinned" />
          ))}
        </section>
      )}
      <NewUpdatesBar
        unseen={newUpdates.unseen}
        onShow={(newest) => {
          newUpdates.markSeen(newUpdates.unseen);
          document.getElementById(`post-${newest}`)?.scrollIntoView({ block: 'start' });
        }}
      />
      <PostList
        slug={slug}
        live={live}
        newUpdates={newUpdates}
        empty={
          <div className="empty">
            <p className="empty__title">No updates yet</p>
            <p>Updates appear here the moment they are posted; there is no need to reload.</p>
          </div>
        }
      />
    </div>
  );
}
