'use client';

import type { WirePost } from '../../../../server/protocol/liveblog.ts';
import { LivePosts } from '../../../(public)/liveblog/_components/live-posts.tsx';
import { PostControls } from './post-controls.tsx';

/** The readers' live view, with edit and delete under each post. */
export function EditorPosts({ slug, first }: { slug: string; first: { posts: WirePost[]; hasMore: boolean; cursor: string } }) {
  return <LivePosts slug={slug} first={first} controls={(post) => <PostControls key={`${post.id}:${post.version}`} post={post} />} />;
}
