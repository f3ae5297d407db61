import type { WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { RelativeTime } from '../../../_components/time/relative-time.tsx';
import { excerpt } from './excerpt.ts';

/** The liveblog's key updates, newest first, each a link to the update in the timeline. */
export function KeyUpdates({ posts }: { posts: WirePost[] }) {
  if (posts.length === 0) return null;
  return (
    <nav className="key-updates" aria-labelledby="key-updates-heading">
      <h2 id="key-updates-heading">Key updates</h2>
      <ol data-testid="key-updates">
        {posts.map((post) => (
          <li key={post.id}>
            <a href={`#post-${post.id}`}>
              <RelativeTime iso={post.createdAt} className="key-updates__time" />
              <span className="key-updates__text">{excerpt(post.body)}</span>
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
