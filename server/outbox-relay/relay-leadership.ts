import type { Queryable } from './relay-connection.ts';

/**
 * Leadership of the outbox relays, with a bounded handover.
 *
 * The leader holds a session advisory lock: a relay that dies (process,
 * machine, or its session ended by the server) releases it at once. What the
 * lock alone does not bound is a *silent* partition: the leader's packets stop
 * arriving, nothing closes, and PostgreSQL keeps the session — and the lock —
 * until its TCP keepalive gives up (two hours by default), while the leader
 * waits for answers that never come. Server-side keepalive settings would not
 * fix that in general: a proxy or pooler between relay and server (pgbouncer,
 * a cloud SQL proxy) answers the probes itself.
 *
 * So the lock is also a lease, measured by the server's own clock on the
 * leader's session: the leader runs a statement every poll, and a relay that
 * finds the lock taken looks at the holder's `pg_stat_activity.state_change`.
 * Once the holder has been silent for longer than the lease, the relay ends
 * its session (`pg_terminate_backend`), which releases the lock, and takes
 * the lock at its next poll. The handover therefore takes at most the lease
 * plus two polls.
 *
 * Fencing: the partitioned ex-leader may still reach Redis. It publishes only
 * while the last statement the server answered was sent less than half a lease
 * ago (`RelayConnection.silentMs`, see `sessionIsLive`). The server saw its
 * session active after that moment, so the other relays wait at least a whole
 * lease from then before ending it: an ex-leader stops publishing before a new
 * leader can start, and rows leave in id order across the handover.
 *
 * Every relay of a database must connect as the same role (or one with
 * `pg_signal_backend` and `pg_read_all_stats`): `state_change` of another
 * role's session is hidden, and ending it is refused.
 */

const RELAY_LOCK = "hashtextextended('switchyard.outbox.relay', 0)";

// The relay lock in pg_locks: a bigint advisory key is split into classid (high half) and objid (low half).
const HOLDER = `
  WITH lock AS (SELECT ${RELAY_LOCK} AS key)
  SELECT a.pid, a.client_port AS "clientPort",
         floor(extract(epoch FROM clock_timestamp() - a.state_change) * 1000)::float8 AS "silentMs"
  FROM lock, pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = ((lock.key >> 32) & 4294967295)::oid AND l.objid = (lock.key & 4294967295)::oid`;

/** The session holding the relay lock. */
export type RelayLeader = {
  /** Its server process id. */
  pid: number;
  /** The TCP port it connects from (null over a Unix socket). */
  clientPort: number | null;
  /** Milliseconds since its session last changed state (started or finished a statement), by the server's clock. */
  silentMs: number;
};

/** The relay lock's holder, or null when no relay leads. */
export async function relayLeader(db: Queryable): Promise<RelayLeader | null> {
  const [holder] = await db.query<RelayLeader>(HOLDER);
  return holder ?? null;
}

/** Takes the relay lock on `db`'s session if it is free; true when this session leads. */
export async function takeRelayLock(db: Queryable): Promise<boolean> {
  const [lock] = await db.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${RELAY_LOCK}) AS ok`);
  return lock?.ok === true;
}

/**
 * Ends the leader's session if it has been silent for more than `leaseMs`
 * (its lock is then free for the next `takeRelayLock`), and returns it; null
 * when there is no leader or it is not silent for that long.
 */
export async function endSilentLeader(db: Queryable, leaseMs: number): Promise<RelayLeader | null> {
  const [ended] = await db.query<RelayLeader & { terminated: boolean }>(
    `SELECT holder.*, pg_terminate_backend(holder.pid) AS terminated FROM (${HOLDER}) holder WHERE holder."silentMs" > $1`,
    [leaseMs],
  );
  return ended?.terminated ? ended : null;
}

/**
 * The longest a silent partition of the leader holds up delivery: the lease,
 * a poll for another relay to see the silence and end the session, a poll to
 * take the lock, and a second for the work and scheduling around them
 * (docs/model-hooks.md; the relay-partition drill measures it).
 */
export function handoverBoundMs(leaseMs: number, pollIntervalMs: number): number {
  return leaseMs + 2 * pollIntervalMs + 1000;
}

/** Thrown by a leader that has not heard from the server for too long to be sure it still leads. */
export class LeadershipLost extends Error {
  constructor(silentMs: number, leaseMs: number) {
    super(`the database has not answered for ${Math.round(silentMs)} ms (lease ${leaseMs} ms): another relay may lead now; stopped publishing`);
    this.name = 'LeadershipLost';
  }
}

/**
 * Whether a session last answered `silentMs` ago still counts as live under a
 * lease of `leaseMs`: a leader publishes only while its session does.
 */
export function sessionIsLive(silentMs: number, leaseMs: number): boolean {
  return silentMs < leaseMs / 2;
}
