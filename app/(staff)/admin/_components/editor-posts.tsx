'use client';

import type { FirstRender } from '../../../(public)/liveblog/_components/liveblog-state.ts';
import { PostList } from '../../../(public)/liveblog/_components/post-list.tsx';
import { useLiveblog } from '../../../(public)/liveblog/_components/use-liveblog.ts';
import { PostControls } from './post-controls.tsx';

/** The readers' live timeline, with edit, pin, key and delete under each post. */
export function EditorPosts({ slug, first }: { slug: string; first: FirstRender }) {
  const live = useLiveblog(slug, first);
  return (
    <PostList
      slug={slug}
      live={live}
      controls={(post) => <PostControls key={post.id} post={post} />}
      empty={
        <div className="empty">
          <p className="empty__title">No updates yet</p>
          <p>Write the first one above: readers see it the moment you post it.</p>
        </div>
      }
    />
  );
}
