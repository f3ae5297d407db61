import { poolOf } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import type { JobOwner } from './job-services.ts';

/**
 * The job record's statements on a job's round trip, in SQL through `pg`:
 * each runs once per job (or per progress report) between the client's submit
 * and its `job.completed`, and Prisma 6 compiles every query, typed or raw,
 * for more CPU than PostgreSQL spends on it (docs/performance.md).
 * Everything off that path uses the typed client.
 */

/** A job record to insert: the columns the submitter sets; the rest take their defaults. */
export type NewJobRecord = {
  id: string;
  channel: string;
  owner: JobOwner;
  datasetId: string | null;
  label: string;
  input: unknown;
};

/** How a job's run ended, as recorded. */
export type RecordedOutcome =
  | { state: 'completed'; result: unknown }
  | { state: 'failed' | 'cancelled'; code: string; reason: string };

/** What a report is made from: a job's channel, state, label and result. */
export type JobResultRecord = { channel: string; state: string; label: string; result: unknown };

/** The SQL condition "owned by `owner`", its value as parameter `$n`. */
function ownerCondition(owner: JobOwner, n: number): [string, string] {
  return owner.userId ? [`user_id = $${n}`, owner.userId] : [`reply_channel = $${n} AND user_id IS NULL`, owner.replyChannel];
}

/**
 * Inserts the record if its owner has fewer than `cap` jobs queued or running.
 * Resolves false when the owner is at the cap. One statement, and exact
 * however many submits a client sends at once: it takes the owner's advisory
 * lock (held until its commit), then counts in `switchyard_jobs_in_flight`,
 * whose query sees every submit that held the lock before (migration
 * 20261124002000_jobs_in_flight_count). CASE fixes that order.
 */
export async function insertJobWithinCap(db: Database, job: NewJobRecord, cap: number): Promise<boolean> {
  const { owner } = job;
  const lockKey = owner.userId ? `switchyard.jobs:user:${owner.userId}` : `switchyard.jobs:reply:${owner.replyChannel}`;
  const { rowCount } = await poolOf(db).query(
    `INSERT INTO jobs (id, channel, reply_channel, user_id, dataset_id, label, input)
     SELECT $1, $2, $3, $4, $5, $6, $7::jsonb
     WHERE CASE WHEN pg_advisory_xact_lock(hashtextextended($8, 0)) IS NULL THEN false ELSE switchyard_jobs_in_flight($4, $3) < $9 END`,
    [job.id, job.channel, owner.replyChannel, owner.userId, job.datasetId, job.label, JSON.stringify(job.input), lockKey, cap],
  );
  return rowCount === 1;
}

/** The label of `owner`'s completed bigdata job `id`, or null if it has none. */
export async function completedBigdataLabel(db: Database, owner: JobOwner, id: string): Promise<string | null> {
  const [owned, ownerValue] = ownerCondition(owner, 2);
  const { rows } = await poolOf(db).query<{ label: string }>(
    `SELECT label FROM jobs WHERE id = $1 AND channel = 'bigdata.process' AND state = 'completed' AND ${owned}`,
    [id, ownerValue],
  );
  return rows[0]?.label ?? null;
}

/** Job `id`'s channel, state, label and result, or null if there is no such job. */
export async function jobResult(db: Database, id: string): Promise<JobResultRecord | null> {
  const { rows } = await poolOf(db).query<JobResultRecord>('SELECT channel, state, label, result FROM jobs WHERE id = $1', [id]);
  return rows[0] ?? null;
}

// For writes whose loss in a PostgreSQL crash is harmless (a running job shown
// as queued, an older progress): the statement's own transaction commits
// without waiting for its WAL to reach the disk (about 0.5 ms here).
const ASYNC_COMMIT = `WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))`;
const WITH_ASYNC_COMMIT = 'EXISTS (SELECT FROM async_commit)';

/** Marks a job running unless its outcome was already announced; resolves false if it was (or the record is missing). */
export async function markJobActive(db: Database, id: string): Promise<boolean> {
  const { rowCount } = await poolOf(db).query(
    `${ASYNC_COMMIT} UPDATE jobs SET state = 'active' WHERE id = $1 AND notified_at IS NULL AND ${WITH_ASYNC_COMMIT}`,
    [id],
  );
  return rowCount === 1;
}

/** Stores a running job's progress; never after its outcome, which a late write must not overwrite. */
export async function storeProgress(db: Database, id: string, fraction: number): Promise<void> {
  await poolOf(db).query(`${ASYNC_COMMIT} UPDATE jobs SET fraction = $2 WHERE id = $1 AND notified_at IS NULL AND ${WITH_ASYNC_COMMIT}`, [
    id,
    fraction,
  ]);
}

/**
 * Stores a job's outcome and claims its announcement in one UPDATE: only the
 * first caller for a job gets true, so an outcome is announced at most once.
 */
export async function claimOutcome(db: Database, id: string, outcome: RecordedOutcome, at: Date): Promise<boolean> {
  // Prisma stores DateTime as UTC in `timestamp` columns; PostgreSQL ignores the ISO string's zone for that type.
  const [set, values] =
    outcome.state === 'completed'
      ? [`state = 'completed', fraction = 1, result = $3::jsonb`, [JSON.stringify(outcome.result ?? null)]]
      : [`state = $3, error_code = $4, error = $5`, [outcome.state, outcome.code, outcome.reason]];
  const { rowCount } = await poolOf(db).query(
    `UPDATE jobs SET ${set}, finished_at = $2, notified_at = $2 WHERE id = $1 AND notified_at IS NULL`,
    [id, at.toISOString(), ...values],
  );
  return rowCount === 1;
}
