import type { ReactNode } from 'react';
import type { WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { Markdown } from '../../../_components/markdown/markdown.tsx';
import { RelativeTime } from '../../../_components/time/relative-time.tsx';
import { ShareButton } from './share-button.tsx';

/** Props of `PostCard`. */
export type PostCardProps = {
  slug: string;
  post: WirePost;
  /** In the timeline (with the post's anchor) or in the pinned box above it. */
  place?: 'timeline' | 'pinned';
  /** Arrived while the page was open. */
  fresh?: boolean;
  /** Linked to by the address (`#post-<id>`). */
  targeted?: boolean;
  /** Extra controls under the post (the admin UI's edit, pin, delete). */
  controls?: ReactNode;
};

/**
 * One update: its time (a link to the update itself), labels (pinned, key,
 * new), the Markdown body, who wrote it, and "Copy link".
 */
export function PostCard({ slug, post, place = 'timeline', fresh = false, targeted = false, controls }: PostCardProps) {
  const timeline = place === 'timeline';
  const classes = ['post', post.key && 'post--key', fresh && 'post--new', targeted && 'post--targeted', !timeline && 'post--pinned'];
  return (
    <article
      className={classes.filter(Boolean).join(' ')}
      id={timeline ? `post-${post.id}` : undefined}
      data-testid={timeline ? 'post' : 'pinned-post'}
      data-post-id={post.id}
      data-version={post.version}
      data-new={fresh || undefined}
      aria-labelledby={`post-${post.id}-${place}-time`}
    >
      <header className="post__meta">
        <a href={`#post-${post.id}`} className="post__time" id={`post-${post.id}-${place}-time`}>
          <RelativeTime iso={post.createdAt} />
        </a>
        {post.pinned && <span className="badge badge--accent">Pinned</span>}
        {post.key && <span className="badge badge--warning">Key update</span>}
        {fresh && timeline && <span className="badge post__new">New</span>}
      </header>
      <div className="post__body" data-testid="post-body">
        <Markdown text={post.body} />
      </div>
      <footer className="post__foot">
        {post.author && <span className="muted">By {post.author}</span>}
        {post.editedAt && <span className="muted">Edited</span>}
        <ShareButton slug={slug} postId={post.id} />
        {controls}
      </footer>
    </article>
  );
}
