import type { CatchUpChange, PostChange, PostEvent, WireLiveblog, WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';

/**
 * What a reader's page holds: the posts it shows (newest first), the version
 * it has of every post it has heard of (deleted ones too, so a late copy of an
 * older version cannot bring a post back), and the highest cursor it has, to
 * resume from after a reconnect. Besides: the liveblog itself (summary,
 * status), its pinned and key posts (`featured`, from any page), and the ids
 * of posts published since the page was rendered (`fresh`, newest first).
 */
export type LiveblogState = {
  readonly posts: WirePost[];
  readonly versions: ReadonlyMap<string, number>;
  readonly cursor: string;
  readonly hasMore: boolean;
  readonly liveblog: WireLiveblog;
  readonly featured: WirePost[];
  readonly featuredVersions: ReadonlyMap<string, number>;
  readonly fresh: ReadonlySet<string>;
};

/** What the server renders a liveblog page with. */
export type FirstRender = { posts: WirePost[]; cursor: string; hasMore: boolean; featured: WirePost[]; liveblog: WireLiveblog };

/** The state of a freshly rendered page. */
export function initialState({ posts, cursor, hasMore, featured, liveblog }: FirstRender): LiveblogState {
  return {
    posts,
    versions: new Map(posts.map((p) => [p.id, p.version])),
    cursor,
    hasMore,
    liveblog,
    featured,
    featuredVersions: new Map(featured.map((p) => [p.id, p.version])),
    fresh: new Set(),
  };
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
export function applyChange(state: LiveblogState, event: PostEvent, change: PostChange, resumable = true): LiveblogState {
  const cursor = resumable ? maxCursor(state.cursor, change.cursor) : state.cursor;
  const { post } = change;
  const featuredState = withFeatured(state, post);
  const held = state.versions.get(post.id);
  if (held !== undefined && held >= post.version) {
    return cursor === state.cursor && featuredState === state ? state : { ...featuredState, cursor };
  }
  const versions = new Map(state.versions).set(post.id, post.version);
  const others = state.posts.filter((p) => p.id !== post.id);
  if (post.deletedAt) return { ...featuredState, posts: others, versions, cursor, fresh: without(state.fresh, post.id) };
  // A post older than everything shown, while older pages are still unloaded, waits for "load older".
  const oldest = state.posts.at(-1);
  // (Its version is not recorded, so the page that loads it is not dropped.)
  if (held === undefined && state.hasMore && oldest && newestFirst(post, oldest) > 0) return { ...featuredState, cursor };
  const fresh = event === 'post.published' && held === undefined ? new Set([post.id, ...state.fresh]) : state.fresh;
  return { ...featuredState, posts: [...others, post].sort(newestFirst), versions, cursor, fresh };
}

/** Applies a copy of the liveblog itself (summary, status), unless the one held is as new. */
export function applyAbout(state: LiveblogState, liveblog: WireLiveblog): LiveblogState {
  return liveblog.version > state.liveblog.version ? { ...state, liveblog } : state;
}

/** Keeps `featured` (pinned and key posts) up to date with a post change, by version. */
function withFeatured(state: LiveblogState, post: WirePost): LiveblogState {
  const held = state.featuredVersions.get(post.id);
  if (held !== undefined && held >= post.version) return state;
  const featuredVersions = new Map(state.featuredVersions).set(post.id, post.version);
  const others = state.featured.filter((p) => p.id !== post.id);
  const featured = !post.deletedAt && (post.pinned || post.key) ? [...others, post].sort(newestFirst) : others;
  return { ...state, featured, featuredVersions };
}

function without(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!set.has(id)) return set;
  const copy = new Set(set);
  copy.delete(id);
  return copy;
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

/**
 * Replaces the posts with a fresh first page, read after the catch-up that
 * said `reset` and returned `cursor`; the liveblog and its featured posts are
 * kept (the follow reply carries the liveblog; featured posts update by version).
 */
export function resetTo(state: LiveblogState, page: WirePost[], hasMore: boolean, cursor: string): LiveblogState {
  const next = initialState({ posts: page, cursor, hasMore, featured: state.featured, liveblog: state.liveblog });
  return { ...next, featuredVersions: state.featuredVersions };
}
