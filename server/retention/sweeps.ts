import type pg from 'pg';
import { deleteInBatches } from './delete-in-batches.ts';
import type { SweepCount } from './delete-in-batches.ts';
import { ABANDONED_UPLOAD_MS, ORPHAN_DATASET_MS } from './retention-policy.ts';
import type { RetentionPolicy } from './retention-policy.ts';

/**
 * One sweep per store: SQL deletes by the stores' own columns, each in
 * batches (delete-in-batches.ts). Timestamps are `timestamp` columns holding
 * UTC (as Prisma writes them): cutoffs go in as UTC ISO strings.
 */

/** What a sweep is given: the time it runs at, the policy, the chat rooms someone is in, and a signal that stops it between batches. */
export type SweepContext = { now: Date; policy: RetentionPolicy; occupiedRooms: ReadonlySet<string>; signal?: AbortSignal };

/** A store's sweep. */
export type Sweep = (pool: pg.Pool, context: SweepContext) => Promise<SweepCount>;

const before = (context: SweepContext, ageMs: number) => new Date(context.now.getTime() - ageMs).toISOString();

/** Sessions past their expiry (their lifetime is SESSION_TTL_SECONDS): looking them up already fails. */
export const sweepSessions: Sweep = (pool, context) =>
  deleteInBatches(
    pool,
    'DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= $1::timestamp LIMIT $2)',
    [before(context, 0), context.policy.batchSize],
    context.signal,
  );

/**
 * Outbox events the relay sent more than `outboxMs` ago. Each group's newest
 * event stays, so a reader that was up to date still finds its cursor; a
 * reader whose cursor's row is gone gets `reset` from catch-up and reloads.
 * Unsent events are never deleted.
 */
export const sweepOutbox: Sweep = (pool, context) =>
  deleteInBatches(
    pool,
    `DELETE FROM outbox_events WHERE id IN (
       SELECT o.id FROM outbox_events o
       WHERE o.sent_at < $1::timestamp AND o.id < (SELECT max(n.id) FROM outbox_events n WHERE n."group" = o."group")
       ORDER BY o.sent_at, o.id LIMIT $2)`,
    [before(context, context.policy.outboxMs), context.policy.batchSize],
    context.signal,
  );

/**
 * Chat messages older than `chatMessagesMs`. Ids grow with time, so each
 * batch looks at the oldest ids only (the primary key, no index on the time):
 * a run that finds nothing to delete reads one batch of rows.
 */
export const sweepChatMessages: Sweep = (pool, context) =>
  deleteInBatches(
    pool,
    `DELETE FROM chat_messages WHERE id IN (
       SELECT id FROM (SELECT id, created_at FROM chat_messages ORDER BY id LIMIT $2) AS oldest WHERE created_at < $1::timestamp)`,
    [before(context, context.policy.chatMessagesMs), context.policy.batchSize],
    context.signal,
  );

/**
 * Chat rooms created more than `chatRoomsMs` ago that have no messages (left,
 * once their last message has aged out) and nobody in them. Per batch, in one
 * transaction: the rooms are locked first (skipping any a message is being
 * written to), then deleted in a second statement whose fresh snapshot sees
 * every message committed before the lock, so the cascade never takes a new
 * message with it.
 */
export const sweepChatRooms: Sweep = async (pool, context) => {
  const count: SweepCount = { deleted: 0, batches: 0 };
  const params = [before(context, context.policy.chatRoomsMs), context.policy.batchSize, [...context.occupiedRooms]];
  for (;;) {
    context.signal?.throwIfAborted();
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ name: string }>(
        `SELECT name FROM chat_rooms r
         WHERE created_at < $1::timestamp AND name <> ALL($3::text[]) AND NOT EXISTS (SELECT FROM chat_messages m WHERE m.room_name = r.name)
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        params,
      );
      const { rowCount } = await client.query(
        'DELETE FROM chat_rooms r WHERE name = ANY($1::text[]) AND NOT EXISTS (SELECT FROM chat_messages m WHERE m.room_name = r.name)',
        [rows.map((row) => row.name)],
      );
      await client.query('COMMIT');
      count.batches += 1;
      count.deleted += rowCount ?? 0;
      if (rows.length === 0) return count;
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release(failure);
    }
  }
};

/** Uploads still `uploading` long after any request could have ended (their server died): the job and what it stored. */
export const sweepAbandonedUploads: Sweep = (pool, context) =>
  deleteInBatches(
    pool,
    `WITH gone AS (
       DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state = 'uploading' AND created_at < $1::timestamp LIMIT $2) RETURNING dataset_id
     ), stored AS (
       DELETE FROM datasets WHERE id IN (SELECT dataset_id FROM gone)
     )
     SELECT 1 FROM gone`,
    [before(context, ABANDONED_UPLOAD_MS), context.policy.batchSize],
    context.signal,
  );

/**
 * Datasets no job in flight needs: a job's dataset is deleted with its
 * outcome (server/features/jobs/job-records.ts claimOutcome); this catches what that
 * missed (a finished job's dataset from before, a dataset whose job was deleted).
 */
export const sweepDatasets: Sweep = (pool, context) =>
  deleteInBatches(
    pool,
    `DELETE FROM datasets WHERE id IN (
       SELECT d.id FROM datasets d
       WHERE d.created_at < $1::timestamp
         AND NOT EXISTS (SELECT FROM jobs j WHERE j.dataset_id = d.id AND j.state IN ('uploading', 'queued', 'active'))
       LIMIT $2)`,
    [before(context, ORPHAN_DATASET_MS), context.policy.batchSize],
    context.signal,
  );

/** Jobs that finished (completed, failed, cancelled) more than `jobsMs` ago: their owners' lists forget them. */
export const sweepJobs: Sweep = (pool, context) =>
  deleteInBatches(
    pool,
    `DELETE FROM jobs WHERE id IN (
       SELECT id FROM jobs WHERE finished_at < $1::timestamp AND state IN ('completed', 'failed', 'cancelled') LIMIT $2)`,
    [before(context, context.policy.jobsMs), context.policy.batchSize],
    context.signal,
  );
