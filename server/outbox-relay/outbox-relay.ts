import { performance } from 'node:perf_hooks';
import type { ChannelLayer } from '../layer/channel-layer.ts';
import type { ServerEventName } from '../protocol/events.ts';
import { groupNameSchema } from '../protocol/names.ts';
import { OUTBOX_TRACE_KEY } from '../../prisma/model-hooks/outbox.ts';
import { openRelayConnection } from './relay-connection.ts';
import type { RelayConnection } from './relay-connection.ts';
import { endSilentLeader, LeadershipLost, sessionIsLive, takeRelayLock } from './relay-leadership.ts';
import { logger } from '../../server/log/logger.ts';
import { inSpan, SpanKind } from '../../server/tracing/trace-context.ts';
import type { TraceCarrier } from '../../server/tracing/trace-context.ts';

const defaultLog = logger.child({ module: 'outbox-relay' });

/** How often a relay looks for unsent rows (and a follower at the leader) unless told otherwise. */
export const RELAY_POLL_INTERVAL_MS = 1000;

/** Options of the outbox relay. */
export type OutboxRelayOptions = {
  /** The database whose outbox to relay. */
  databaseUrl: string;
  /** Where to publish: the interface server's layer, or a Redis emitter layer in a relay-only process. */
  layer: Pick<ChannelLayer, 'groupSend' | 'markChanged'>;
  /** How often to look for unsent rows without a notification (missed NOTIFY, reconnects). Default 1000. */
  pollIntervalMs?: number;
  /** Rows claimed per transaction. Default 200. */
  batchSize?: number;
  /**
   * How long the leader's session may be silent before another relay ends it
   * and takes over (OUTBOX_RELAY_LEASE_MS); also bounds every connect and
   * statement of the relay at half of it. At least 3 × pollIntervalMs. Default 10000.
   */
  leaseMs?: number;
  /** Where problems are reported. Default: the log, as errors. */
  log?: (message: string) => void;
  /** Called for each row published, with the seconds since the row was written (/metrics: `switchyard_outbox_relay_delay_seconds`). */
  onPublished?: (seconds: number) => void;
};

/** A running relay. */
export type OutboxRelay = {
  /** Whether this relay holds the relay lock (only one relay per database publishes). */
  readonly isLeader: boolean;
  /** Publishes every unsent row now, a follower first trying the relay lock (resolves when the outbox is drained or this relay is not the leader). */
  pump(): Promise<void>;
  /** Stops listening and polling, and releases the relay lock. */
  stop(): Promise<void>;
};

type OutboxRow = { id: string; group: string; event: string; payload: Record<string, unknown>; age: number };

/**
 * Starts the outbox relay: publishes committed outbox rows to their groups, in
 * id order, then marks them sent. It is woken by `NOTIFY switchyard_outbox`
 * (sent by the committing transaction) and also polls, so a lost notification
 * or a relay that was down only delays messages.
 *
 * Every interface server may run one: they elect a leader with a session
 * advisory lock, so exactly one publishes at a time and order is kept; when
 * the leader's process dies its session ends and another takes over at its
 * next poll. A leader cut off silently (a network partition) is replaced
 * within `leaseMs` plus two polls, and stops publishing before that
 * (relay-leadership.ts). A crash between publishing and marking sent
 * republishes those rows (at least once); clients drop what they have by cursor.
 * Each batch's groups get a new change mark (`ChannelLayer.markChanged`)
 * before its rows are published.
 *
 * @example
 * const relay = await startOutboxRelay({ databaseUrl: config.databaseUrl, layer: server.layer });
 * // on shutdown:
 * await relay.stop();
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const pollIntervalMs = options.pollIntervalMs ?? RELAY_POLL_INTERVAL_MS;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 10_000;
  const log = options.log ?? ((message: string) => defaultLog.error(message));
  if (!(pollIntervalMs >= 10)) throw new Error(`pollIntervalMs must be at least 10, got ${pollIntervalMs}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  // A leader polls once per interval: a lease of fewer polls would end healthy leaders.
  if (!(leaseMs >= 3 * pollIntervalMs)) throw new Error(`leaseMs must be at least 3 × pollIntervalMs (${3 * pollIntervalMs}), got ${leaseMs}`);

  let connection: RelayConnection | null = null;
  let leader = false;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let reported = false;
  let leaderCheckedAt = -Infinity;
  let lockDue = true;

  const connect = async () => {
    const next: RelayConnection = await openRelayConnection({
      databaseUrl: options.databaseUrl,
      timeoutMs: leaseMs / 2,
      onNotification: () => void pump(),
      onError: (error) => drop(next, error),
    });
    connection = next;
    lockDue = true;
    if (reported) log('reconnected');
    reported = false;
  };
  const drop = (which: RelayConnection, error: Error) => {
    if (connection !== which) return;
    if (!reported) log(`${error.message}; retrying`);
    reported = true;
    connection = null;
    leader = false; // the session, and with it the lock, is gone (or soon ended by another relay)
    which.destroy();
  };

  /** One batch: read, publish, mark sent. Returns whether more rows may be waiting. */
  const relayBatch = async (db: RelayConnection): Promise<boolean> => {
    if (!leader) {
      // A follower tries the lock at each poll, not on every notification (a statement per write on every server):
      // a dead leader's lock is free at once, and the next poll takes it.
      if (!lockDue) return false;
      lockDue = false;
      leader = await takeRelayLock(db);
      // Once a poll at most: the lease is what bounds the handover, not this check.
      if (!leader && performance.now() - leaderCheckedAt >= pollIntervalMs) {
        leaderCheckedAt = performance.now();
        const ended = await endSilentLeader(db, leaseMs);
        if (ended) log(`ended the session of a relay silent for ${Math.round(ended.silentMs)} ms (pid ${ended.pid}); taking over`);
      }
      if (!leader) return false;
    }
    // No transaction: only the leader reads unsent rows (the relay lock, and fencing below), and rows are marked sent
    // only after they were published, so a failure or a crash in between publishes them again (at least once).
    // ORDER BY the column, not the text alias `id`: "10" sorts before "9".
    const rows = await db.query<OutboxRow>(
      // The age by the database's clock: the relay's machine may disagree with it.
      'SELECT id::text AS id, "group", event, payload, EXTRACT(EPOCH FROM clock_timestamp() - created_at)::float8 AS age FROM outbox_events WHERE sent_at IS NULL ORDER BY outbox_events.id LIMIT $1',
      [batchSize],
    );
    const readAt = performance.now();
    // Before any of them is published: a reader that answers catch-ups from memory (marked-reads.ts) sees the change.
    // A row whose group name is invalid is skipped below, not marked.
    const groups = new Set(rows.map((row) => row.group).filter((group) => groupNameSchema.safeParse(group).success));
    await options.layer.markChanged([...groups]);
    for (const row of rows) {
      // Fencing: once the server may consider this session silent, another relay may lead.
      if (!sessionIsLive(db.silentMs(), leaseMs)) throw new LeadershipLost(db.silentMs(), leaseMs);
      await publish(row);
      options.onPublished?.(row.age + (performance.now() - readAt) / 1000);
    }
    if (rows.length === 0) return false;
    await db.query('UPDATE outbox_events SET sent_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
    defaultLog.debug({ rows: rows.length, last: rows.at(-1)?.id }, 'published outbox rows');
    return rows.length === batchSize;
  };

  const publish = async (row: OutboxRow) => {
    const { [OUTBOX_TRACE_KEY]: trace, ...payload } = row.payload;
    const attributes = { 'messaging.destination.name': row.group, 'switchyard.event': row.event, 'switchyard.cursor': row.id };
    try {
      await inSpan('outbox.relay', { kind: SpanKind.CONSUMER, parent: trace as TraceCarrier | undefined, attributes }, (_span, relayed) =>
        options.layer.groupSend(row.group, row.event as ServerEventName, { ...payload, cursor: row.id } as never, relayed),
      );
    } catch (error) {
      // A row the protocol rejects would block the outbox forever: report it and move on.
      // Anything else (Redis down) propagates, and the batch is retried.
      if ((error as { code?: string }).code !== 'invalid_input' && (error as { code?: string }).code !== 'payload_too_large') throw error;
      log(`outbox row ${row.id} (${row.event} to ${row.group}) is not publishable and was skipped: ${(error as Error).message}`);
    }
  };

  const drain = async () => {
    try {
      if (!connection) await connect();
      while (!stopped && connection && (await relayBatch(connection)));
    } catch (error) {
      if (connection) drop(connection, error as Error);
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
  const poll = () => {
    lockDue = true;
    return pump();
  };
  const timer = setInterval(() => void poll(), pollIntervalMs);
  timer.unref();
  await pump();

  return {
    get isLeader() {
      return leader;
    },
    pump: poll,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      const last = connection;
      connection = null;
      leader = false;
      await last?.close(); // ending the session releases the lock
    },
  };
}
