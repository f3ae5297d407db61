import { describe, expect, it } from 'vitest';
import type { WireLiveblog, WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { appendOlder, applyAbout, applyCatchUp, applyChange, initialState as initial } from './liveblog-state.ts';

const post = (id: string, version: number, minute: number, extra: Partial<WirePost> = {}): WirePost => ({
  id,
  body: `${id} v${version}`,
  author: null,
  pinned: false,
  key: false,
  version,
  createdAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
  updatedAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
  editedAt: null,
  deletedAt: null,
  ...extra,
});
const change = (p: WirePost, cursor: number) => ({ slug: 's', post: p, cursor: String(cursor) });
const about = (version: number, extra: Partial<WireLiveblog> = {}): WireLiveblog => ({
  slug: 's',
  title: 'Election night',
  summary: '',
  status: 'live',
  version,
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const initialState = (posts: WirePost[], cursor: string, hasMore: boolean, featured: WirePost[] = []) => initial({ posts, cursor, hasMore, featured, liveblog: about(1) });

/** A reader's liveblog state: "changes apply once, in version order per post, whatever order and how often they arrive". */
describe('liveblog state', () => {
  it('a new post goes on top; an edit replaces in place; a deletion removes it', () => {
    let state = initialState([post('a', 1, 1)], '1', false);
    state = applyChange(state, 'post.published', change(post('b', 1, 2), 2));
    expect(state.posts.map((p) => p.id)).toEqual(['b', 'a']);
    state = applyChange(state, 'post.updated', change(post('a', 2, 1), 3));
    expect(state.posts.map((p) => p.body)).toEqual(['b v1', 'a v2']);
    state = applyChange(state, 'post.deleted', change(post('b', 2, 2, { deletedAt: 'x', body: '' }), 4));
    expect(state.posts.map((p) => p.id)).toEqual(['a']);
    expect(state.cursor).toBe('4');
  });

  it('duplicates and stale copies are dropped; a deleted post never comes back', () => {
    let state = initialState([], '0', false);
    state = applyChange(state, 'post.published', change(post('a', 1, 1), 1));
    state = applyChange(state, 'post.deleted', change(post('a', 2, 1, { deletedAt: 'x' }), 2));
    const replay = applyCatchUp(state, [{ event: 'post.published', change: change(post('a', 1, 1), 1) }], '2');
    expect(replay.posts).toEqual([]);
    expect(applyChange(replay, 'post.deleted', change(post('a', 2, 1, { deletedAt: 'x' }), 2))).toBe(replay);
  });

  it('a live change before the catch-up is shown but does not move the resume cursor past what may be missing', () => {
    const state = applyChange(initialState([], '5', false), 'post.published', change(post('c', 1, 3), 9), false);
    expect(state.posts.map((p) => p.id)).toEqual(['c']);
    expect(state.cursor).toBe('5');
    const caughtUp = applyCatchUp(state, [{ event: 'post.published', change: change(post('b', 1, 2), 7) }], '9');
    expect(caughtUp.posts.map((p) => p.id)).toEqual(['c', 'b']);
    expect(caughtUp.cursor).toBe('9');
  });

  it('the cursor only grows, whatever order live and caught-up changes arrive in', () => {
    let state = initialState([], '5', false);
    state = applyChange(state, 'post.published', change(post('b', 1, 2), 7));
    state = applyCatchUp(state, [{ event: 'post.published', change: change(post('a', 1, 1), 6) }, { event: 'post.published', change: change(post('b', 1, 2), 7) }], '7');
    expect(state.cursor).toBe('7');
    expect(state.posts.map((p) => p.id)).toEqual(['b', 'a']);
  });

  it('posts published after the page was rendered are fresh (live or caught up); edits and older pages are not', () => {
    let state = initialState([post('a', 1, 1)], '1', true);
    state = applyChange(state, 'post.published', change(post('b', 1, 2), 2));
    state = applyCatchUp(state, [{ event: 'post.published', change: change(post('c', 1, 3), 3) }], '3');
    state = applyChange(state, 'post.updated', change(post('a', 2, 1), 4));
    state = appendOlder(state, [post('z', 1, 0)], false);
    expect([...state.fresh]).toEqual(['c', 'b']); // newest first
    state = applyChange(state, 'post.deleted', change(post('b', 2, 2, { deletedAt: 'x' }), 5));
    expect([...state.fresh]).toEqual(['c']);
  });

  it('pinned and key posts are featured, newest first, whichever page they are on, until unpinned or deleted', () => {
    const old = post('old', 2, 0, { pinned: true });
    let state = initialState([post('a', 1, 1)], '1', true, [old]);
    state = applyChange(state, 'post.updated', change(post('a', 2, 1, { key: true }), 2));
    expect(state.featured.map((p) => p.id)).toEqual(['a', 'old']);
    state = applyChange(state, 'post.updated', change(post('old', 3, 0), 3)); // unpinned; not on a loaded page
    state = applyChange(state, 'post.updated', change(post('old', 2, 0, { pinned: true }), 3)); // a stale copy changes nothing
    expect(state.featured.map((p) => p.id)).toEqual(['a']);
    state = applyChange(state, 'post.deleted', change(post('a', 3, 1, { deletedAt: 'x', key: true }), 4));
    expect(state.featured).toEqual([]);
  });

  it('the liveblog (summary, status) keeps the copy with the highest version', () => {
    let state = initialState([], '0', false);
    state = applyAbout(state, about(3, { status: 'ended' }));
    state = applyAbout(state, about(2, { summary: 'stale' }));
    expect(state.liveblog).toEqual(about(3, { status: 'ended' }));
  });

  it('load older appends below and skips what is already held', () => {
    const state = appendOlder(initialState([post('c', 1, 3)], '3', true), [post('c', 1, 3), post('b', 1, 2), post('a', 1, 1)], false);
    expect(state.posts.map((p) => p.id)).toEqual(['c', 'b', 'a']);
    expect(state.hasMore).toBe(false);
  });
});
