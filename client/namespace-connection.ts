import type { Manager, Socket } from 'socket.io-client';
import type { Ack, Namespace, ReplyMessage } from '../server/protocol/index.ts';
import { RealtimeError } from './realtime-error.ts';
import { createReplySequencer } from './reply-sequencer.ts';
import type { ReplyStateStore } from './reply-state-store.ts';
import type { ClientLog } from './client-log.ts';

/**
 * How a namespace's connection is doing, as shown to the person using the page:
 * - `connecting`: first attempt, not connected yet;
 * - `connected`: the server has finished accepting the connection (it sends
 *   `reply.assigned` last): the client is in its groups and has been sent the
 *   reply-channel messages it missed;
 * - `reconnecting`: was connected (or the first attempt failed) and is retrying;
 * - `offline`: the browser is offline, the page closed the connection, or the
 *   server refused it for a reason retrying cannot fix.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** What a namespace connection reports to the client that owns it. */
export type NamespaceConnectionOptions = {
  manager: Manager;
  namespace: Namespace;
  store: ReplyStateStore;
  /** How long `request` waits for the connection and then for the ack, in ms. */
  ackTimeoutMs: number;
  /** First delay before retrying a connection refused as `unavailable`, in ms; doubles up to 30 s. */
  retryDelayMs: number;
  /** Where problems nobody awaited are reported. */
  log: ClientLog;
  /** A reply-channel message, in sequence order, exactly once. */
  onReply(event: string, payload: unknown): void;
  /** A group event (sent to every member of a group, not numbered). */
  onGroupEvent(event: string, payload: unknown): void;
  /** The server assigned this client a reply channel (on every connect); `server` names the interface server process. */
  onAssigned(token: string, replyChannel: string, server: string | null): void;
  /** A live reply-channel message arrived that the server stamped with its publish time (ms since the epoch, its clock). */
  onStamped(event: string, sentAt: number): void;
  onStatusChange(): void;
};

/** One Socket.IO namespace of a realtime client. */
export type NamespaceConnection = {
  readonly namespace: Namespace;
  readonly status: ConnectionStatus;
  open(): void;
  close(): void;
  /** Emits an event with an ack and resolves with the ack's data; rejects with a RealtimeError. */
  request(event: string, payload: unknown): Promise<unknown>;
  /** Forgets reply-channel progress: the client was given another reply channel. */
  resetReplies(): void;
  /** Re-evaluates the status after the browser went online or offline. */
  networkChanged(): void;
};

const SYSTEM_EVENTS = new Set(['reply.assigned', 'reply.reset', 'reply.message', 'event.rejected', 'server.draining']);
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Creates the connection of one namespace on a shared Manager (one WebSocket
 * for every namespace of the page). The handshake `auth` is a function, so each
 * reconnect presents the current reply-channel token and last seen seq and the
 * server replays only what this tab has not delivered yet.
 */
export function createNamespaceConnection(options: NamespaceConnectionOptions): NamespaceConnection {
  const { namespace, store } = options;
  const socket: Socket = options.manager.socket(namespace, {
    auth: (send) => {
      const token = store.token;
      const epoch = store.epoch(namespace);
      send(token ? { reply: token, lastSeq: store.lastSeq(namespace), ...(epoch ? { epoch } : {}) } : {});
    },
  });
  let phase: Exclude<ConnectionStatus, 'offline'> | 'closed' | 'refused' = 'connecting';
  let wanted = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;

  const setPhase = (next: typeof phase) => {
    if (next === phase) return;
    phase = next;
    options.onStatusChange();
  };

  const request = async (event: string, payload: unknown): Promise<unknown> => {
    const deadline = Date.now() + options.ackTimeoutMs;
    // Waiting for the connection (rather than letting Socket.IO buffer the
    // packet) means a timed-out call is never sent later behind the caller's back.
    if (!socket.connected) await connected(socket, options.ackTimeoutMs, event);
    let ack: Ack<unknown>;
    try {
      ack = (await socket.timeout(Math.max(1, deadline - Date.now())).emitWithAck(event, payload)) as Ack<unknown>;
    } catch {
      throw new RealtimeError('timeout', `the server did not answer "${event}" within ${options.ackTimeoutMs} ms; try again`);
    }
    if (ack.ok) return ack.data;
    throw RealtimeError.fromWire(ack.error);
  };

  const sequencer = createReplySequencer({
    lastSeq: store.lastSeq(namespace),
    advance: (seq) => store.setLastSeq(namespace, seq),
    deliver: (message) => options.onReply(message.event, message.payload),
    fetchAfter: async (after) => ((await request('reply.fetch', { after })) as { messages: ReplyMessage[] }).messages,
    onFetchError: (error, attempt) =>
      options.log.warn(`${namespace}: fetching missed replies failed (attempt ${attempt}):`, (error as Error).message),
  });

  const scheduleRetry = (atLeastMs = 0) => {
    clearTimeout(retryTimer);
    const backoff = Math.min(MAX_RETRY_DELAY_MS, options.retryDelayMs * 2 ** retries) * (0.75 + Math.random() / 2);
    const delay = Math.max(atLeastMs, backoff);
    retries += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (wanted && !socket.connected && !socket.active) socket.connect();
    }, delay);
  };

  socket.on('connect', () => {
    retries = 0;
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return setPhase('closed');
    // 'io server disconnect' does not reconnect by itself; come back after a pause.
    if (!socket.active && wanted) scheduleRetry();
    setPhase('reconnecting');
  });
  socket.on('connect_error', (error: Error & { data?: { code?: string; retryAfterMs?: number } }) => {
    // Transport failures (server down, network): the Manager retries by itself.
    if (socket.active) return setPhase('reconnecting');
    // A middleware refused the handshake; Socket.IO does not retry those.
    if (error.data?.code === 'unavailable' || error.data?.code === 'rate_limited') {
      scheduleRetry(error.data.retryAfterMs ?? 0);
      return setPhase('reconnecting');
    }
    options.log.error(`${namespace}: the server refused the connection: ${error.message}`);
    setPhase('refused');
  });
  // Not 'connect': the socket is connected before the server has joined it to
  // its groups, and a group event sent in between would be missed.
  socket.on('reply.assigned', (assigned: { token: string; replyChannel: string; epoch: string; server?: string }) => {
    options.onAssigned(assigned.token, assigned.replyChannel, typeof assigned.server === 'string' ? assigned.server : null);
    // '' means the channel had no sequence when the server looked; a live message may have started one since.
    if (assigned.epoch) store.setEpoch(namespace, assigned.epoch);
    setPhase('connected');
  });
  // The server's counter started over (its window lapsed, or Redis lost it):
  // what follows starts again at seq 1.
  const startOver = (epoch: string) => {
    store.setLastSeq(namespace, 0);
    store.setEpoch(namespace, epoch);
    sequencer.reset(0);
  };
  socket.on('reply.reset', ({ epoch }: { epoch: string }) => startOver(epoch));
  socket.on('reply.message', (message: ReplyMessage) => {
    if (!Number.isSafeInteger(message?.seq) || typeof message.event !== 'string') return;
    if (typeof message.sentAt === 'number') options.onStamped(message.event, message.sentAt);
    if (typeof message.epoch === 'string' && message.epoch !== (store.epoch(namespace) ?? '')) startOver(message.epoch);
    sequencer.receive(message);
  });
  socket.on('event.rejected', (rejected: { event: string; error: { code: string; message: string } }) => {
    options.log.warn(`${namespace}: "${rejected.event}" was rejected (${rejected.error.code}): ${rejected.error.message}`);
  });
  socket.onAny((event: string, payload: unknown) => {
    if (!SYSTEM_EVENTS.has(event)) options.onGroupEvent(event, payload);
  });

  return {
    namespace,
    get status(): ConnectionStatus {
      if (phase === 'connected') return 'connected';
      if (phase === 'closed' || phase === 'refused') return 'offline';
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline';
      return phase;
    },
    open() {
      wanted = true;
      if (phase === 'closed' || phase === 'refused') setPhase(retries > 0 ? 'reconnecting' : 'connecting');
      if (!socket.connected && !socket.active) socket.connect();
    },
    close() {
      wanted = false;
      clearTimeout(retryTimer);
      socket.disconnect();
      setPhase('closed');
    },
    request,
    resetReplies() {
      sequencer.reset(store.lastSeq(namespace));
    },
    networkChanged() {
      // Back online: do not wait out a long backoff.
      if (wanted && navigator.onLine && !socket.connected && !socket.active && phase !== 'refused') socket.connect();
      options.onStatusChange();
    },
  };
}

function connected(socket: Socket, timeoutMs: number, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('connect', done);
      reject(new RealtimeError('timeout', `not connected to the server, so "${event}" was not sent; try again when the status shows connected`));
    }, timeoutMs);
    function done() {
      clearTimeout(timer);
      resolve();
    }
    socket.once('connect', done);
  });
}
