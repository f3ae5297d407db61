import { reconnectDelay } from '../../client/reconnect-backoff.ts';
import type { ReconnectBackoff } from '../../client/reconnect-backoff.ts';
import type { CatchUp } from '../../server/features/liveblog/catch-up.ts';
import type { PostChange } from '../../server/features/liveblog/liveblog-protocol.ts';
import type { Ack } from '../../server/protocol/errors.ts';
import { monotonicMs } from './clock.ts';
import { openLeanSocket } from './lean-socket.ts';
import type { LeanSocket } from './lean-socket.ts';

/** How a storm reader reconnects and follows: the SDK's settings (client/). */
export type StormReaderSettings = {
  urls: readonly string[];
  slug: string;
  /** The SDK's `reconnect` option: spacing of reconnects after a lost connection. */
  backoff: ReconnectBackoff;
  /** The SDK's `retryDelayMs`: first delay after a handshake refused as `unavailable` or `rate_limited`. */
  retryDelayMs: number;
  /** The SDK's `ackTimeoutMs` (for `liveblog.follow`); Socket.IO's connect timeout is 20 s. */
  ackTimeoutMs: number;
};

/** A reader's last lost connection and its way back; times on the machine's monotonic clock (lib/clock.ts), in ms. */
export type StormRecord = {
  lostAt: number;
  /** Connection attempts after the loss (the one that succeeded included). */
  attempts: number;
  /** Attempts refused by the server (`unavailable`, `rate_limited`), by code. */
  refused: Record<string, number>;
  /** When the reconnect's namespace was connected, and when its catch-up was applied (null: not yet). */
  reconnectedAt: number | null;
  caughtUpAt: number | null;
  /**
   * Attempts that timed out (Socket.IO's 20 s connect timeout), by how far they got: `websocket` (no WebSocket:
   * the TCP accept or the HTTP upgrade was not answered), `engine` (upgraded, no Engine.IO open packet),
   * `namespace` (Engine.IO open, the namespace's connect not answered: the server's middleware and consumer).
   */
  timedOut: Partial<Record<WaitedFor, number>>;
  /** Other attempts that ended before the namespace connected, by how they ended (e.g. `WebSocket error`: refused or reset). */
  failed: Record<string, number>;
  /** The attempt that connected: ms from its start to each stage (the WebSocket open, Engine.IO's open, the namespace's connect). */
  connectedIn: Record<WaitedFor, number> | null;
};

/** What a connection attempt was waiting for. */
export type WaitedFor = 'websocket' | 'engine' | 'namespace';

const CONNECT_TIMEOUT_MS = 20_000;
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * One liveblog reader on a lean socket that reconnects as the SDK does
 * (client/namespace-connection.ts on Socket.IO's Manager): after a lost
 * connection it waits `reconnectDelay(backoff, attempt)` before each attempt
 * (the Manager's jittered backoff); a handshake refused as `unavailable` or
 * `rate_limited` is retried after `retryAfterMs`, at least the SDK's own
 * doubling `retryDelayMs` ± 25 %. It presents its reply token, last seq and
 * epoch on every reconnect (the SDK's handshake `auth`), follows on
 * `reply.assigned` with its highest cursor (what the liveblog page does once
 * the status is `connected`), and applies changes by version like the page's
 * reducer (app/(public)/liveblog/_components/liveblog-state.ts): a copy not
 * newer than the one held is dropped; a live change before the catch-up is
 * applied does not move the resume cursor. Unlike a browser, which has one
 * URL behind a load balancer, each attempt goes to the next of `urls`.
 */
export class StormReader {
  /** Version held of each post seen; the posts "shown" are those with a body. */
  readonly versions = new Map<string, number>();
  /** Posts shown, in the order they were first shown (a post shown twice would be a duplicate). */
  readonly shown: string[] = [];
  cursor = '0';
  following = false;
  firstError: string | undefined;
  /** The last lost connection, if any. */
  record: StormRecord | undefined;
  private token: string | undefined;
  private epoch: string | undefined;
  private urlIndex: number;
  private attempt = 0;
  private retries = 0;

  constructor(
    private readonly settings: StormReaderSettings,
    index: number,
  ) {
    this.urlIndex = index % settings.urls.length;
  }

  /** Starts the first connection; `onFollowing` runs once it follows (or fails). */
  open(onSettled?: () => void): void {
    this.connect(onSettled);
  }

  private connect(onSettled?: () => void): void {
    let settled = false;
    const settle = () => {
      if (!settled) onSettled?.();
      settled = true;
    };
    if (this.record) this.record.attempts += 1;
    const url = this.settings.urls[this.urlIndex] as string;
    const auth = this.token ? { reply: this.token, lastSeq: 0, ...(this.epoch ? { epoch: this.epoch } : {}) } : {};
    let connected = false;
    let timedOut = false;
    const startedAt = monotonicMs();
    const reached: Partial<Record<WaitedFor, number>> = {};
    const connectTimer = setTimeout(() => {
      const waitedFor: WaitedFor = reached.engine !== undefined ? 'namespace' : reached.websocket !== undefined ? 'engine' : 'websocket';
      if (this.record) this.record.timedOut[waitedFor] = (this.record.timedOut[waitedFor] ?? 0) + 1;
      timedOut = true;
      socket.close();
    }, CONNECT_TIMEOUT_MS);
    const socket: LeanSocket = openLeanSocket(
      url,
      '/liveblog',
      {
        progress: (stage) => (reached[stage] = monotonicMs() - startedAt),
        connected: () => {
          connected = true;
          clearTimeout(connectTimer);
          this.attempt = 0;
          this.retries = 0;
          if (this.record && this.record.reconnectedAt === null) {
            this.record.reconnectedAt = monotonicMs();
            this.record.connectedIn = { websocket: reached.websocket ?? NaN, engine: reached.engine ?? NaN, namespace: this.record.reconnectedAt - startedAt };
          }
        },
        event: (name, payload) => {
          if (name === 'reply.assigned') return this.follow(socket, payload as { token: string; epoch: string }, settle);
          if (name === 'post.published' || name === 'post.updated' || name === 'post.deleted') this.apply(payload as PostChange, this.following);
        },
        closed: (reason) => {
          clearTimeout(connectTimer);
          settle();
          this.following = false;
          if (!connected && !timedOut && this.record && !reason.startsWith('refused: ')) this.record.failed[reason] = (this.record.failed[reason] ?? 0) + 1;
          if (connected) this.record = { lostAt: monotonicMs(), attempts: 0, refused: {}, reconnectedAt: null, caughtUpAt: null, timedOut: {}, failed: {}, connectedIn: null };
          this.scheduleReconnect(reason);
        },
      },
      auth,
    );
  }

  private follow(socket: LeanSocket, assigned: { token: string; epoch: string }, settle: () => void): void {
    this.token = assigned.token;
    if (assigned.epoch) this.epoch = assigned.epoch;
    socket
      .request<Ack<CatchUp>>('liveblog.follow', { slug: this.settings.slug, after: this.cursor }, this.settings.ackTimeoutMs)
      .then((ack) => {
        if (!ack.ok) throw new Error(`follow refused: ${ack.error.code}: ${ack.error.message}`);
        if (ack.data.reset) throw new Error('catch-up answered reset (the bench never expects one)');
        for (const { change } of ack.data.changes) this.apply(change, true);
        if (BigInt(ack.data.cursor) > BigInt(this.cursor)) this.cursor = ack.data.cursor;
        this.following = true;
        if (this.record) this.record.caughtUpAt ??= monotonicMs();
      })
      .catch((error: Error) => {
        // The page shows the error and follows again on its next connection.
        this.firstError ??= error.message;
      })
      .finally(settle);
  }

  /** The page reducer's decision for one change: newer versions only; the cursor moves only once caught up. */
  private apply(change: PostChange, resumable: boolean): void {
    if (resumable && BigInt(change.cursor) > BigInt(this.cursor)) this.cursor = change.cursor;
    const held = this.versions.get(change.post.id);
    if (held !== undefined && held >= change.post.version) return;
    this.versions.set(change.post.id, change.post.version);
    if (held === undefined && !change.post.deletedAt) this.shown.push(change.post.id);
  }

  private scheduleReconnect(reason: string): void {
    const refusal = /^refused: (.*)$/s.exec(reason);
    let delay: number;
    if (refusal) {
      const { data } = JSON.parse(refusal[1] ?? '{}') as { data?: { code?: string; retryAfterMs?: number } };
      const code = data?.code ?? 'unknown';
      if (this.record) this.record.refused[code] = (this.record.refused[code] ?? 0) + 1;
      if (code !== 'unavailable' && code !== 'rate_limited') return void (this.firstError ??= reason);
      const backoff = Math.min(MAX_RETRY_DELAY_MS, this.settings.retryDelayMs * 2 ** this.retries) * (0.75 + Math.random() / 2);
      this.retries += 1;
      delay = Math.max(data?.retryAfterMs ?? 0, backoff);
    } else {
      delay = reconnectDelay(this.settings.backoff, this.attempt, Math.random());
      this.attempt += 1;
    }
    this.urlIndex = (this.urlIndex + 1) % this.settings.urls.length;
    setTimeout(() => this.connect(), delay);
  }
}
