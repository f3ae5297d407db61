import { applyCatchUp, applyChange, initialState } from '../app/(public)/liveblog/_components/liveblog-state.ts';
import type { LiveblogState } from '../app/(public)/liveblog/_components/liveblog-state.ts';
import { openLeanSocket } from '../bench/lib/lean-socket.ts';
import { POST_EVENTS } from '../server/features/liveblog/liveblog-protocol.ts';
import type { CatchUp } from '../server/features/liveblog/catch-up.ts';
import type { PostChange, PostEvent } from '../server/features/liveblog/liveblog-protocol.ts';
import type { Ack } from '../server/protocol/errors.ts';

/**
 * A drill's reader process: K liveblog readers on lean sockets, each doing
 * what the public page does (app/(public)/liveblog: the same state reducer):
 * follow with its highest cursor, apply the catch-up, apply live changes by
 * version — and, unlike the page's Socket.IO client, reconnect by itself after
 * a random delay of up to `reconnectMaxDelayMs`, so a killed server's readers
 * do not all come back at once.
 *
 * IPC: `check` { expected: post ids } → `checked` ReaderTally.
 */
/** A reader process's settings; reader i connects to urls[i % urls.length]. */
export type ReadersConfig = { urls: string[]; clients: number; slug: string; concurrency: number; reconnectMaxDelayMs: number };

/** What a reader process reports: how many readers follow, and how their posts compare with the expected ones. */
export type ReaderTally = {
  type: 'checked';
  readers: number;
  following: number;
  /** Readers holding exactly the expected posts. */
  complete: number;
  /** Expected posts missing from a reader, summed over readers. */
  lost: number;
  /** Posts a reader shows twice or that were never expected, summed over readers. */
  duplicated: number;
  /** Connections that ended and were opened again. */
  reconnects: number;
  /** Catch-ups that answered `reset` (the drill never expects one). */
  resets: number;
  firstError?: string;
};

type Reader = { state: LiveblogState; following: boolean };

const config = JSON.parse(process.argv[2] ?? '{}') as ReadersConfig;
// The drill checks posts only; the liveblog's own fields are a placeholder any real copy replaces (version 0).
const unknownLiveblog = { slug: config.slug, title: '', summary: '', status: 'live', version: 0, updatedAt: '' } as const;
const readers: Reader[] = Array.from({ length: config.clients }, () => ({
  state: initialState({ posts: [], cursor: '0', hasMore: false, featured: [], liveblog: unknownLiveblog }),
  following: false,
}));
let reconnects = 0;
let resets = 0;
let firstError: string | undefined;

function connect(reader: Reader, url: string, onSettled?: () => void): void {
  let settled = false;
  const settle = () => {
    if (!settled) onSettled?.();
    settled = true;
  };
  const socket = openLeanSocket(url, '/liveblog', {
    connected() {
      socket
        .request<Ack<CatchUp>>('liveblog.follow', { slug: config.slug, after: reader.state.cursor }, 15_000)
        .then((ack) => {
          if (!ack.ok) throw new Error(`follow refused: ${ack.error.message}`);
          if (ack.data.reset) resets += 1;
          reader.state = applyCatchUp(reader.state, ack.data.changes, ack.data.cursor);
          reader.following = true;
        })
        .catch((error: Error) => {
          firstError ??= error.message;
          socket.close();
        })
        .finally(settle);
    },
    event(name, payload) {
      // As the page does: a live change moves the resume cursor only once the catch-up has been applied.
      if ((POST_EVENTS as readonly string[]).includes(name)) reader.state = applyChange(reader.state, name as PostEvent, payload as PostChange, reader.following);
    },
    closed(reason) {
      settle();
      const wasFollowing = reader.following;
      reader.following = false;
      if (!wasFollowing) firstError ??= reason;
      reconnects += 1;
      setTimeout(() => connect(reader, url), Math.random() * config.reconnectMaxDelayMs);
    },
  });
}

/** Opens every reader, at most `concurrency` handshakes at a time. */
function connectAll(): void {
  let next = 0;
  const openNext = () => {
    const index = next++;
    const reader = readers[index];
    if (reader) connect(reader, config.urls[index % config.urls.length] as string, openNext);
  };
  for (let i = 0; i < Math.min(config.concurrency, readers.length); i += 1) openNext();
}

function tally(expected: string[]): ReaderTally {
  const wanted = new Set(expected);
  let complete = 0;
  let lost = 0;
  let duplicated = 0;
  for (const { state } of readers) {
    const shown = state.posts.map((post) => post.id);
    const distinct = new Set(shown);
    const missing = expected.filter((id) => !distinct.has(id)).length;
    const extra = shown.length - distinct.size + [...distinct].filter((id) => !wanted.has(id)).length;
    lost += missing;
    duplicated += extra;
    if (missing === 0 && extra === 0) complete += 1;
  }
  const following = readers.filter((r) => r.following).length;
  return { type: 'checked', readers: readers.length, following, complete, lost, duplicated, reconnects, resets, firstError };
}

connectAll();
process.on('message', (message: { type: string; expected?: string[] }) => {
  if (message.type === 'check') process.send?.(tally(message.expected ?? []));
});
