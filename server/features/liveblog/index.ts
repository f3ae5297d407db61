export { catchUp, latestCursor } from './catch-up.ts';
export type { CatchUp } from './catch-up.ts';
export { deleteLiveblog, updateLiveblog } from './liveblog-about.ts';
export type { LiveblogChange } from './liveblog-about.ts';
export { createLiveblog, deletePost, editPost, publishPost, setPostFlags } from './liveblog-posts.ts';
export { findLiveblog, listLiveblogs, readFeatured, readPosts } from './read-posts.ts';
export type { LiveblogListing, PostPage } from './read-posts.ts';
