import { monotonicMs } from './lib/clock.ts';
import { openLeanSocket } from './lib/lean-socket.ts';

/**
 * A client generator of the liveblog bench: opens K connections to the
 * `/liveblog` namespace (lib/lean-socket.ts: a minimal Socket.IO client on
 * Node's built-in WebSocket), follows the liveblog, and timestamps each
 * `post.published` by the post's index.
 *
 * IPC: connects at start → `followed` { connected, failed, firstError }; then
 * `report` { returnedAt } → `report` { latencies (every client × post, ms;
 * NaN = not received), duplicates, disconnects }.
 * With `small` (the fan-out bench's --cluster mode) each client also follows
 * `<prefix>-<g>`, g its index in the whole run (`offset` + local index) ÷ `size`.
 */
type SmallGroups = { prefix: string; size: number; offset: number };
type Config = { urls: string[]; clients: number; posts: number; slug: string; small?: SmallGroups; concurrency: number; timeoutMs: number };
const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const arrivals = new Float64Array(config.clients * config.posts).fill(Number.NaN);
let connected = 0;
let failed = 0;
let settled = 0;
let duplicates = 0;
let disconnects = 0;
let firstError: string | undefined;

function open(client: number, done: (ok: boolean) => void): void {
  const url = config.urls[client % config.urls.length]!;
  let state: 'opening' | 'following' | 'closed' = 'opening';
  const fail = (reason: string) => {
    if (state !== 'opening') return;
    state = 'closed';
    clearTimeout(timer);
    firstError ??= reason;
    socket.close();
    done(false);
  };
  const timer = setTimeout(() => fail(`not following within ${config.timeoutMs} ms`), config.timeoutMs);
  const socket = openLeanSocket(url, '/liveblog', {
    connected: () => {},
    event(name, payload) {
      if (name === 'reply.assigned') return void follow();
      if (name !== 'post.published') return;
      const index = Number(/^bench:(\d+)$/.exec((payload as { post?: { body?: string } }).post?.body ?? '')?.[1] ?? -1);
      if (index < 0 || index >= config.posts) return;
      const slot = client * config.posts + index;
      if (Number.isNaN(arrivals[slot]!)) arrivals[slot] = monotonicMs();
      else duplicates += 1;
    },
    closed(reason) {
      if (state === 'following') disconnects += 1;
      fail(reason);
      state = 'closed';
    },
  });
  const { small } = config;
  const slugs = [config.slug, ...(small ? [`${small.prefix}-${Math.floor((small.offset + client) / small.size)}`] : [])];
  const follow = async () => {
    for (const slug of slugs) {
      const answer = await socket.request<{ ok?: boolean }>('liveblog.follow', { slug }, config.timeoutMs).catch((error: Error) => ({ ok: false, error: error.message }));
      if (state !== 'opening') return;
      if (!answer.ok) return fail(`follow refused: ${JSON.stringify(answer).slice(0, 200)}`);
    }
    state = 'following';
    clearTimeout(timer);
    done(true);
  };
}

function connectAll(): void {
  let next = 0;
  const openNext = () => {
    if (next >= config.clients) return;
    const client = next++;
    open(client, (ok) => {
      if (ok) connected += 1;
      else failed += 1;
      settled += 1;
      if (settled === config.clients) process.send?.({ type: 'followed', connected, failed, firstError });
      openNext();
    });
  };
  for (let i = 0; i < Math.min(config.concurrency, config.clients); i++) openNext();
}

// Connect at once: a message sent before this module has loaded would be lost.
connectAll();
process.on('message', (message: { type: string; returnedAt?: number[] }) => {
  if (message.type === 'report') {
    const returnedAt = message.returnedAt ?? [];
    const latencies = Array.from(arrivals, (at, slot) => at - (returnedAt[slot % config.posts] ?? Number.NaN));
    process.send?.({ type: 'report', latencies, duplicates, disconnects });
  }
});
