export { catchUp, latestCursor } from './catch-up.ts';
export type { CatchUp } from './catch-up.ts';
export { createLiveblog, deletePost, editPost, publishPost } from './liveblog-posts.ts';
export { findLiveblog, listLiveblogs, readPosts } from './read-posts.ts';
export type { PostPage } from './read-posts.ts';
export { requireStaff } from './require-staff.ts';
