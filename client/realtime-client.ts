import { Manager } from 'socket.io-client';
import type {
  ClientEventInput,
  ClientEventName,
  ClientEventReply,
  Namespace,
  ServerEventName,
  ServerEventNameOf,
  ServerEventPayload,
} from '../server/protocol/index.ts';
import { consoleLog } from './client-log.ts';
import type { ClientLog } from './client-log.ts';
import { createListenerRegistry } from './listener-registry.ts';
import { createNamespaceConnection } from './namespace-connection.ts';
import type { ConnectionStatus, NamespaceConnection } from './namespace-connection.ts';
import type { ConnectionInfo } from './connection-info.ts';
import { RealtimeError } from './realtime-error.ts';
import { createReplyStateStore } from './reply-state-store.ts';
import { reconnectBackoff } from './reconnect-backoff.ts';
import type { ReconnectBackoff } from './reconnect-backoff.ts';

/** Options of `createRealtimeClient`; every field has a default. */
export type RealtimeClientOptions = {
  /** Origin of the interface server. Default: the page's own origin (required outside a browser). */
  url?: string;
  /** How long `emit` waits for the connection and then for the ack, in ms. Default 10 000. */
  ackTimeoutMs?: number;
  /** First delay before retrying a connection the server refused as `unavailable`, in ms. Default 1 000 (doubles up to 30 s, ±25 % at random). */
  retryDelayMs?: number;
  /**
   * How reconnects are spaced after the connection was lost (the server died,
   * the network dropped): the first after `delayMs` ± `jitter` × `delayMs`,
   * then doubling up to `maxDelayMs`. Default `{ delayMs: 1000, maxDelayMs: 5000, jitter: 0.5 }`
   * (client/reconnect-backoff.ts). The jitter spreads a dead server's clients
   * over the servers left instead of sending them all at once.
   */
  reconnect?: Partial<ReconnectBackoff>;
  /** Where the tab keeps its reply-channel token and seq counters. Default: sessionStorage (null: memory only). */
  storage?: Storage | null;
  /** Where problems nobody awaited are reported. Default: the console (client/client-log.ts). */
  log?: ClientLog;
};

/**
 * The typed client side of Switchyard, without a framework: one per page (or
 * script, or app). In React it is shared through `<RealtimeProvider>`
 * (app/_realtime); elsewhere use it directly.
 */
export type RealtimeClient = {
  /** Starts connecting every namespace in use (and those used later). Idempotent. */
  open(): void;
  /** Disconnects every namespace; `open` reconnects. */
  close(): void;
  /** The connection status of a namespace (default `/`). */
  status(namespace?: Namespace): ConnectionStatus;
  /** Calls `listener` whenever a status or the connection info may have changed; returns the unsubscribe function. */
  onStatusChange(listener: () => void): () => void;
  /** Which server the page is connected to, its reply channel and the last delivery's latency (the same object until one of them changes). */
  connectionInfo(): ConnectionInfo;
  /**
   * Sends a client event and resolves with the data of its ack. Rejects with a
   * RealtimeError carrying the server's code and message, or code `timeout`.
   *
   * @example const { at } = await client.emit('/', 'announcement.post', { text: 'Doors open at 9' });
   */
  emit<N extends Namespace, E extends ClientEventName<N>>(namespace: N, event: E, payload: ClientEventInput<N, E>): Promise<ClientEventReply<N, E>>;
  /**
   * Listens to a group event of a namespace (e.g. `announcement.posted` to
   * group `announcements`, on `/`), connecting the namespace. Group events
   * are live only: a client that was disconnected when one was sent does not get it.
   *
   * @example client.onGroupEvent('/liveblog', 'post.published', ({ post }) => show(post));
   */
  onGroupEvent<N extends Namespace, E extends ServerEventNameOf<N>>(namespace: N, event: E, handler: (payload: ServerEventPayload<E & ServerEventName>) => void): () => void;
  /**
   * Listens to an event of a namespace sent to this client's reply channel (e.g.
   * `notice.posted`). These arrive exactly once and in order, also across
   * reconnects and reloads of the tab; one that arrives while nobody listens
   * waits for the first listener.
   */
  onReply<N extends Namespace, E extends ServerEventNameOf<N>>(namespace: N, event: E, handler: (payload: ServerEventPayload<E & ServerEventName>) => void): () => void;
  /**
   * The signed token of this tab's reply channel, once the server has assigned
   * (or confirmed) it on this page's first connection. HTTP APIs whose answer
   * comes back on the reply channel take it, e.g. the `x-reply-token` header of
   * `POST /api/jobs/bigdata`. Rejects with a RealtimeError `timeout` when no
   * connection is accepted within the ack timeout.
   *
   * @example
   * const token = await client.replyToken();
   * await fetch('/api/jobs/bigdata?name=data.csv', { method: 'POST', headers: { 'x-reply-token': token }, body: file });
   */
  replyToken(): Promise<string>;
  /** Where this client reports problems (the `log` option); components report theirs here too. */
  readonly log: ClientLog;
};

/**
 * Creates a realtime client on the page's own origin, WebSocket only. Nothing
 * connects until `open()`. Each namespace gets its own Socket.IO socket on one
 * shared Manager (one WebSocket).
 *
 * The reply channel belongs to the tab: the first namespace to connect gets
 * one from the server, the token is kept in sessionStorage, and every later
 * handshake (other namespaces, reconnects, reloads) presents it.
 */
export function createRealtimeClient(options: RealtimeClientOptions = {}): RealtimeClient {
  const url = options.url ?? (typeof window === 'undefined' ? undefined : window.location.origin);
  if (!url) throw new Error('createRealtimeClient: pass `url` (the interface server’s origin, e.g. http://127.0.0.1:3000) outside a browser');
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const log = options.log ?? consoleLog;
  const store = createReplyStateStore(options.storage);
  const backoff = reconnectBackoff(options.reconnect);
  const manager = new Manager(url, {
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelay: backoff.delayMs,
    reconnectionDelayMax: backoff.maxDelayMs,
    randomizationFactor: backoff.jitter,
  });
  const connections = new Map<Namespace, NamespaceConnection>();
  const groupListeners = new Map<Namespace, ReturnType<typeof createListenerRegistry>>();
  const replyListeners = new Map<Namespace, ReturnType<typeof createListenerRegistry>>();
  const statusListeners = new Set<() => void>();
  let opened = false;
  // Until the server has assigned a reply channel, only one namespace may
  // handshake; the others wait for its token so the tab ends up with one channel.
  let pioneer: NamespaceConnection | null = null;
  const waiting = new Set<NamespaceConnection>();
  // The stored token may be from an earlier page and be refused; it counts once a connection of this page was accepted with it.
  let assigned = false;
  const tokenWaiters = new Set<(token: string) => void>();
  let info: ConnectionInfo = { server: null, replyChannel: null, lastDelivery: null };

  const notifyStatus = () => {
    for (const listener of [...statusListeners]) listener();
  };
  const updateInfo = (change: Partial<ConnectionInfo>) => {
    info = { ...info, ...change };
    notifyStatus();
  };
  const registry = (registries: typeof groupListeners, namespace: Namespace) => {
    let found = registries.get(namespace);
    if (!found) registries.set(namespace, (found = createListenerRegistry(log)));
    return found;
  };

  const start = (connection: NamespaceConnection) => {
    if (store.token === null && pioneer && pioneer !== connection) {
      waiting.add(connection);
      return;
    }
    if (store.token === null) pioneer = connection;
    connection.open();
  };

  const connection = (namespace: Namespace): NamespaceConnection => {
    const existing = connections.get(namespace);
    if (existing) return existing;
    const created = createNamespaceConnection({
      manager,
      namespace,
      store,
      ackTimeoutMs,
      retryDelayMs,
      log,
      onReply: (event, payload) => registry(replyListeners, namespace).dispatch(event, payload, true),
      onGroupEvent: (event, payload) => registry(groupListeners, namespace).dispatch(event, payload),
      onAssigned: (token, replyChannel, server) => {
        if (store.assign(token, replyChannel)) for (const each of connections.values()) each.resetReplies();
        if (server !== info.server || replyChannel !== info.replyChannel) updateInfo({ server, replyChannel });
        assigned = true;
        for (const resolve of [...tokenWaiters]) resolve(token);
        pioneer = null;
        for (const next of waiting) if (opened) next.open();
        waiting.clear();
      },
      onStamped: (event, sentAt) => updateInfo({ lastDelivery: { namespace, event, ms: Date.now() - sentAt } }),
      onStatusChange: notifyStatus,
    });
    connections.set(namespace, created);
    if (opened) start(created);
    return created;
  };

  const networkChanged = () => {
    for (const each of connections.values()) each.networkChanged();
  };
  // A browser says when the network comes and goes; elsewhere (Node: drills, scripts) there is nothing to listen to.
  const network = typeof window === 'undefined' ? null : window;

  return {
    log,
    open() {
      if (opened) return;
      opened = true;
      network?.addEventListener('online', networkChanged);
      network?.addEventListener('offline', networkChanged);
      if (connections.size === 0) connection('/');
      for (const each of connections.values()) start(each);
    },
    close() {
      if (!opened) return;
      opened = false;
      network?.removeEventListener('online', networkChanged);
      network?.removeEventListener('offline', networkChanged);
      pioneer = null;
      waiting.clear();
      for (const each of connections.values()) each.close();
    },
    status: (namespace = '/') => connection(namespace).status,
    connectionInfo: () => info,
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    emit(namespace, event, payload) {
      return connection(namespace).request(event, payload) as Promise<ClientEventReply<typeof namespace, typeof event>>;
    },
    onGroupEvent(namespace, event, handler) {
      connection(namespace);
      return registry(groupListeners, namespace).on(event, handler as (payload: unknown) => void);
    },
    onReply(namespace, event, handler) {
      connection(namespace);
      return registry(replyListeners, namespace).on(event, handler as (payload: unknown) => void);
    },
    replyToken() {
      if (assigned && store.token !== null) return Promise.resolve(store.token);
      return new Promise<string>((resolve, reject) => {
        const done = (token: string) => {
          clearTimeout(timer);
          tokenWaiters.delete(done);
          resolve(token);
        };
        const timer = setTimeout(() => {
          tokenWaiters.delete(done);
          reject(new RealtimeError('timeout', `not connected to the server within ${ackTimeoutMs} ms, so this tab has no reply channel yet; try again when the status shows connected`));
        }, ackTimeoutMs);
        tokenWaiters.add(done);
      });
    },
  };
}
