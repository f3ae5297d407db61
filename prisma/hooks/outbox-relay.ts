import pg from 'pg';
import type { ChannelLayer } from '../../server/layer/channel-layer.ts';
import type { ServerEventName } from '../../server/protocol/events.ts';
import { OUTBOX_CHANNEL } from './outbox.ts';

/** Options of the outbox relay. */
export type OutboxRelayOptions = {
  /** The database whose outbox to relay. */
  databaseUrl: string;
  /** Where to publish: the interface server's layer, or a Redis emitter layer in a relay-only process. */
  layer: Pick<ChannelLayer, 'groupSend'>;
  /** How often to look for unsent rows without a notification (missed NOTIFY, reconnects). Default 1000. */
  pollIntervalMs?: number;
  /** Rows claimed per transaction. Default 200. */
  batchSize?: number;
  /** Where problems are reported. Default console.error. */
  log?: (message: string) => void;
};

/** A running relay. */
export type OutboxRelay = {
  /** Whether this relay holds the relay lock (only one relay per database publishes). */
  readonly isLeader: boolean;
  /** Publishes every unsent row now (resolves when the outbox is drained or this relay is not the leader). */
  pump(): Promise<void>;
  /** Stops listening and polling, and releases the relay lock. */
  stop(): Promise<void>;
};

type OutboxRow = { id: string; group: string; event: string; payload: Record<string, unknown> };

/**
 * Starts the outbox relay: publishes committed outbox rows to their groups, in
 * id order, then marks them sent. It is woken by `NOTIFY switchyard_outbox`
 * (sent by the committing transaction) and also polls, so a lost notification
 * or a relay that was down only delays messages.
 *
 * Every interface server may run one: they elect a leader with a session
 * advisory lock, so exactly one publishes at a time and order is kept; when
 * the leader's process dies its session ends and another takes over at its
 * next poll. A crash between publishing and marking sent republishes those
 * rows (at least once); clients drop what they have by cursor.
 *
 * @example
 * const relay = await startOutboxRelay({ databaseUrl: config.databaseUrl, layer: server.layer });
 * // on shutdown:
 * await relay.stop();
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 200;
  const log = options.log ?? ((message: string) => console.error(`[switchyard] outbox relay: ${message}`));
  if (!(pollIntervalMs >= 10)) throw new Error(`pollIntervalMs must be at least 10, got ${pollIntervalMs}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);

  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let reported = false;

  const connect = async () => {
    const next = new pg.Client({ connectionString: options.databaseUrl, application_name: 'switchyard-outbox-relay' });
    next.on('error', (error) => drop(next, error));
    next.on('notification', () => void pump());
    await next.connect();
    await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
    client = next;
    if (reported) log('reconnected');
    reported = false;
  };
  const drop = (which: pg.Client, error: Error) => {
    if (client !== which) return;
    if (!reported) log(`${error.message}; retrying`);
    reported = true;
    client = null;
    leader = false; // the session, and with it the lock, is gone
    void which.end().catch(() => {});
  };

  /** One batch: claim, publish, mark sent. Returns whether more rows may be waiting. */
  const relayBatch = async (db: pg.Client): Promise<boolean> => {
    if (!leader) {
      const { rows } = await db.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended('switchyard.outbox.relay', 0)) AS ok");
      leader = rows[0]?.ok === true;
      if (!leader) return false;
    }
    await db.query('BEGIN');
    try {
      // ORDER BY the column, not the text alias `id`: "10" sorts before "9".
      const { rows } = await db.query<OutboxRow>(
        'SELECT id::text AS id, "group", event, payload FROM outbox_events WHERE sent_at IS NULL ORDER BY outbox_events.id LIMIT $1 FOR UPDATE',
        [batchSize],
      );
      for (const row of rows) await publish(row);
      if (rows.length > 0) await db.query('UPDATE outbox_events SET sent_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      await db.query('COMMIT');
      return rows.length === batchSize;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => {});
      throw error;
    }
  };

  const publish = async (row: OutboxRow) => {
    try {
      await options.layer.groupSend(row.group, row.event as ServerEventName, { ...row.payload, cursor: row.id } as never);
    } catch (error) {
      // A row the protocol rejects would block the outbox forever: report it and move on.
      // Anything else (Redis down) propagates, and the batch is retried.
      if ((error as { code?: string }).code !== 'invalid_input' && (error as { code?: string }).code !== 'payload_too_large') throw error;
      log(`outbox row ${row.id} (${row.event} to ${row.group}) is not publishable and was skipped: ${(error as Error).message}`);
    }
  };

  const drain = async () => {
    try {
      if (!client) await connect();
      while (!stopped && client && (await relayBatch(client)));
    } catch (error) {
      if (client) drop(client, error as Error);
      else if (!reported) {
        log(`${(error as Error).message}; retrying`);
        reported = true;
      }
    }
  };

  function pump(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await drain();
      } while (again && !stopped);
    })().finally(() => (running = null));
    return running;
  }

  await connect();
  const timer = setInterval(() => void pump(), pollIntervalMs);
  timer.unref();
  await pump();

  return {
    get isLeader() {
      return leader;
    },
    pump,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      const last = client;
      client = null;
      leader = false;
      await last?.end().catch(() => {}); // ending the session releases the lock
    },
  };
}
