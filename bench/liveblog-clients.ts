import { monotonicMs } from './lib/clock.ts';

/**
 * A client generator of the liveblog bench: opens K WebSocket connections to
 * the `/liveblog` namespace (a minimal Socket.IO v5 client on Node's built-in
 * WebSocket, like lib/lean-client.ts but with a namespace and one ack), follows
 * the liveblog, and timestamps each `post.published` by the post's index.
 *
 * IPC: connects at start → `followed` { connected, failed, firstError }; then
 * `report` { returnedAt } → `report` { latencies (every client × post, ms;
 * NaN = not received), duplicates, disconnects }.
 */
type Config = { urls: string[]; clients: number; posts: number; slug: string; concurrency: number; timeoutMs: number };
const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const NSP = '/liveblog';
const arrivals = new Float64Array(config.clients * config.posts).fill(Number.NaN);
let connected = 0;
let failed = 0;
let settled = 0;
let duplicates = 0;
let disconnects = 0;
let firstError: string | undefined;

function open(client: number, done: (ok: boolean) => void): void {
  const url = config.urls[client % config.urls.length]!;
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  let state: 'opening' | 'following' | 'closed' = 'opening';
  const fail = (reason: string) => {
    if (state !== 'opening') return;
    state = 'closed';
    clearTimeout(timer);
    firstError ??= reason;
    ws.close();
    done(false);
  };
  const timer = setTimeout(() => fail(`not following within ${config.timeoutMs} ms`), config.timeoutMs);
  ws.onerror = () => fail('WebSocket error');
  ws.onclose = () => {
    if (state === 'following') disconnects += 1;
    fail('closed while connecting');
    state = 'closed';
  };
  ws.onmessage = ({ data }: MessageEvent) => {
    if (typeof data !== 'string') return;
    if (data === '2') return ws.send('3');
    if (data.startsWith('0')) return ws.send(`40${NSP},`);
    if (data.startsWith(`44${NSP},`)) return fail(`refused: ${data}`);
    if (data.startsWith(`42${NSP},`)) {
      const [event, payload] = JSON.parse(data.slice(NSP.length + 3)) as [string, { post?: { body?: string } }];
      if (event === 'reply.assigned') return ws.send(`42${NSP},1${JSON.stringify(['liveblog.follow', { slug: config.slug }])}`);
      if (event !== 'post.published') return;
      const index = Number(/^bench:(\d+)$/.exec(payload.post?.body ?? '')?.[1] ?? -1);
      if (index < 0 || index >= config.posts) return;
      const slot = client * config.posts + index;
      if (Number.isNaN(arrivals[slot]!)) arrivals[slot] = monotonicMs();
      else duplicates += 1;
      return;
    }
    if (data.startsWith(`43${NSP},1`) && state === 'opening') {
      if (!data.includes('"ok":true')) return fail(`follow refused: ${data.slice(0, 200)}`);
      state = 'following';
      clearTimeout(timer);
      done(true);
    }
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
