import { poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import type { JobOwner } from './job-services.ts';

/**
 * The job record's statements on a job's round trip, in SQL through `pg`:
 * each runs once per job (or per progress report) between the client's submit
 * and its `job.completed`, and Prisma 6 compiles every query, typed or raw,
 * for more CPU than PostgreSQL spends on it (docs/performance.md).
 * Everything off that path uses the typed client.
 */

/** How a job's run ended, as recorded. */
export type RecordedOutcome =
  | { state: 'completed'; result: unknown }
  | { state: 'failed' | 'cancelled'; code: string; reason: string };

/** What a report is made from: a job's channel, state, label and result. */
export type JobResultRecord = { channel: string; state: string; label: string; result: unknown };

/** The SQL condition "owned by `owner`" (as `ownedBy`), with parameters `$2` (user or reply channel) and `$3` (visitor). */
function ownerCondition(owner: JobOwner): [string, (string | null)[]] {
  if (owner.userId) return ['user_id = $2', [owner.userId]];
  return ['user_id IS NULL AND (visitor_id = $3 OR (reply_channel = $2 AND visitor_id IS NULL))', [owner.replyChannel, owner.visitorId]];
}

/** The label of `owner`'s completed bigdata job `id`, or null if it has none. */
export async function completedBigdataLabel(db: Database, owner: JobOwner, id: string): Promise<string | null> {
  const [owned, values] = ownerCondition(owner);
  const { rows } = await poolOf(db).query<{ label: string }>(
    `SELECT label FROM jobs WHERE id = $1 AND channel = 'bigdata.process' AND state = 'completed' AND ${owned}`,
    [id, ...values],
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
 * Stores a job's outcome and claims its announcement in one statement: only
 * the first caller for a job gets true, so an outcome is announced at most
 * once. The same statement deletes the job's dataset: nothing reads it after
 * the outcome (no retry, no requeue), and a cancelled upload must not keep
 * its bytes stored.
 */
export async function claimOutcome(db: Database, id: string, outcome: RecordedOutcome, at: Date): Promise<boolean> {
  // Prisma stores DateTime as UTC in `timestamp` columns; PostgreSQL ignores the ISO string's zone for that type.
  const [set, values] =
    outcome.state === 'completed'
      ? [`state = 'completed', fraction = 1, result = $3::jsonb`, [JSON.stringify(outcome.result ?? null)]]
      : [`state = $3, error_code = $4, error = $5`, [outcome.state, outcome.code, outcome.reason]];
  // The UPDATE unlinks the dataset itself: left to the foreign key's SET NULL, deleting it would update the claimed row a second time.
  const { rows } = await poolOf(db).query<{ claimed: boolean }>(
    `WITH claimed AS (
       UPDATE jobs SET ${set}, finished_at = $2, notified_at = $2, dataset_id = NULL
       FROM (SELECT dataset_id AS old_dataset_id FROM jobs WHERE id = $1) AS before
       WHERE id = $1 AND notified_at IS NULL
       RETURNING before.old_dataset_id
     ), gone AS (
       DELETE FROM datasets WHERE id IN (SELECT old_dataset_id FROM claimed)
     )
     SELECT EXISTS (SELECT FROM claimed) AS claimed`,
    [id, at.toISOString(), ...values],
  );
  return rows[0]?.claimed === true;
}
