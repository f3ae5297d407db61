import type { CatchUpChange, PostChange, PostEvent, WirePost } from '../../../../server/protocol/liveblog.ts';

/**
 * What a reader's page holds: the posts it shows (newest first), the version
 * it has of every post it has heard of (deleted ones too, so a late copy of an
 * older version cannot bring a post back), and the highest cursor it has, to
 * resume from after a reconnect.
 */
export type LiveblogState = {
  readonly posts: WirePost[];
  readonly versions: ReadonlyMap<string, number>;
  readonly cursor: string;
  readonly hasMore: boolean;
};

/** The state of a freshly rendered page. */
export function initialState(posts: WirePost[], cursor: string, hasMore: boolean): LiveblogState {
  return { posts, versions: new Map(posts.map((p) => [p.id, p.version])), cursor, hasMore };
}

const newestFirst = (a: WirePost, b: WirePost) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
const maxCursor = (a: string, b: string) => (BigInt(a) >= BigInt(b) ? a : b);

/**
 * Applies one post change. Idempotent and order-tolerant per post: a copy
 * whose version is not newer than the one held is dropped (duplicates from a
 * catch-up overlapping live delivery, or a relay repeating after a crash).
 * `resumable: false` (a live change that arrived before this connection's
 * catch-up was applied) shows the change but leaves the resume cursor alone:
 * the changes before it may still be missing, and a reconnect must ask for them.
 */
export function applyChange(state: LiveblogState, _event: PostEvent, change: PostChange, resumable = true): LiveblogState {
  const cursor = resumable ? maxCursor(state.cursor, change.cursor) : state.cursor;
  const { post } = change;
  const held = state.versions.get(post.id);
  if (held !== undefined && held >= post.version) return cursor === state.cursor ? state : { ...state, cursor };
  const versions = new Map(state.versions).set(post.id, post.version);
  const others = state.posts.filter((p) => p.id !== post.id);
  if (post.deletedAt) return { ...state, posts: others, versions, cursor };
  // A post older than everything shown, while older pages are still unloaded, waits for "load older".
  const oldest = state.posts.at(-1);
  // (Its version is not recorded, so the page that loads it is not dropped.)
  if (held === undefined && state.hasMore && oldest && newestFirst(post, oldest) > 0) return { ...state, cursor };
  return { ...state, posts: [...others, post].sort(newestFirst), versions, cursor };
}

/** Applies a catch-up's changes in order. */
export function applyCatchUp(state: LiveblogState, changes: CatchUpChange[], cursor: string): LiveblogState {
  const next = changes.reduce((s, c) => applyChange(s, c.event, c.change), state);
  return { ...next, cursor: maxCursor(next.cursor, cursor) };
}

/** Appends an older page ("load older"), skipping posts already held at the same or a newer version. */
export function appendOlder(state: LiveblogState, page: WirePost[], hasMore: boolean): LiveblogState {
  const versions = new Map(state.versions);
  const fresh = page.filter((p) => {
    const held = versions.get(p.id);
    if (held !== undefined && held >= p.version) return false;
    versions.set(p.id, p.version);
    return true;
  });
  const ids = new Set(fresh.map((p) => p.id));
  return { ...state, posts: [...state.posts.filter((p) => !ids.has(p.id)), ...fresh].sort(newestFirst), versions, hasMore };
}

/** Replaces everything with a fresh first page, read after the catch-up that said `reset` and returned `cursor`. */
export function resetTo(page: WirePost[], hasMore: boolean, cursor: string): LiveblogState {
  return initialState(page, cursor, hasMore);
}
