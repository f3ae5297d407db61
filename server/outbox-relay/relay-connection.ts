import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { OUTBOX_CHANNEL } from '../../prisma/model-hooks/outbox.ts';

/** Something that runs SQL and returns its rows: a relay connection, or a wrapper around any client. */
export type Queryable = { query<R extends object>(text: string, values?: unknown[]): Promise<R[]> };

/**
 * The outbox relay's own PostgreSQL session: it listens for outbox
 * notifications, holds the relay lock while it leads, and knows how long ago
 * the server last answered it.
 */
export type RelayConnection = Queryable & {
  /**
   * Milliseconds since the last statement that was answered was sent. The
   * server saw this session active at or after that moment, so no other relay
   * considers it silent for longer than this.
   */
  silentMs(): number;
  /** Ends the session with a goodbye, or cuts it after `graceMs` (a partitioned server never answers one). */
  close(graceMs?: number): Promise<void>;
  /** Cuts the socket at once: for a session that can no longer be trusted. */
  destroy(): void;
};

/** Options of `openRelayConnection`. */
export type RelayConnectionOptions = {
  databaseUrl: string;
  /** Longest a connect or a statement may take before the session is given up. */
  timeoutMs: number;
  /** Called on every outbox notification. */
  onNotification(): void;
  /** Called when the session fails (the socket closed, the server ended it). */
  onError(error: Error): void;
};

/**
 * Opens the relay's session. Every wait is bounded by `timeoutMs`: the connect,
 * each statement on the client (`query_timeout`: a silently partitioned server
 * never answers, and without it the relay would wait for the kernel's TCP
 * timers, minutes to hours) and on the server (`statement_timeout`: a leader's
 * statement never runs long enough to look like silence to the other
 * relays). TCP keepalive is on as a backstop only: Node cannot shorten the
 * kernel's probe interval, and a proxy in the path answers probes anyway.
 */
export async function openRelayConnection(options: RelayConnectionOptions): Promise<RelayConnection> {
  // Our own socket, so a session we no longer trust can be cut without waiting for the server.
  const socket = new Socket();
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    application_name: 'switchyard-outbox-relay',
    stream: () => socket,
    connectionTimeoutMillis: options.timeoutMs,
    query_timeout: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    keepAlive: true,
  });
  client.on('error', options.onError);
  client.on('notification', () => options.onNotification());
  let answeredSentAt = performance.now();
  const query = async <R extends object>(text: string, values?: unknown[]): Promise<R[]> => {
    const sentAt = performance.now();
    const result = await client.query<R & pg.QueryResultRow>(text, values);
    answeredSentAt = Math.max(answeredSentAt, sentAt);
    return result.rows;
  };
  try {
    await client.connect();
    await query(`LISTEN ${OUTBOX_CHANNEL}`);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return {
    query,
    silentMs: () => performance.now() - answeredSentAt,
    async close(graceMs = 1000) {
      let timer: NodeJS.Timeout | undefined;
      const cut = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([client.end().catch(() => {}), cut]);
      clearTimeout(timer);
      socket.destroy();
    },
    destroy: () => socket.destroy(),
  };
}
