import { Prisma } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import type { JobOwner } from './job-services.ts';

/**
 * The job record's statements on a job's round trip, written in SQL: each
 * runs once per job between the client's submit and its `job.completed`, and a
 * raw statement skips Prisma 6's query compiler (about 0.15 ms of CPU instead
 * of 0.4–0.5 ms for the same typed query, measured here; docs/performance.md).
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

const ownerFilter = (owner: JobOwner) =>
  owner.userId ? Prisma.sql`user_id = ${owner.userId}` : Prisma.sql`reply_channel = ${owner.replyChannel} AND user_id IS NULL`;

/**
 * Inserts the record if its owner has fewer than `cap` jobs queued or running,
 * counting and inserting in one statement. Resolves false when the owner is at the cap.
 */
export async function insertJobWithinCap(db: Database, job: NewJobRecord, cap: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO jobs (id, channel, reply_channel, user_id, dataset_id, label, input)
    SELECT ${job.id}, ${job.channel}, ${job.owner.replyChannel}, ${job.owner.userId}, ${job.datasetId}, ${job.label}, ${JSON.stringify(job.input)}::jsonb
    WHERE (SELECT count(*) FROM jobs WHERE ${ownerFilter(job.owner)} AND state IN ('queued', 'active')) < ${cap}
    RETURNING id`;
  return rows.length === 1;
}

/** Marks a job running unless its outcome was already announced; resolves false if it was (or the record is missing). */
export async function markJobActive(db: Database, id: string): Promise<boolean> {
  const changed = await db.$executeRaw`UPDATE jobs SET state = 'active' WHERE id = ${id} AND notified_at IS NULL`;
  return changed === 1;
}

/**
 * Stores a job's outcome and claims its announcement in one UPDATE: only the
 * first caller for a job gets true, so an outcome is announced at most once.
 */
export async function claimOutcome(db: Database, id: string, outcome: RecordedOutcome, at: Date): Promise<boolean> {
  const set =
    outcome.state === 'completed'
      ? Prisma.sql`state = 'completed', fraction = 1, result = ${JSON.stringify(outcome.result ?? null)}::jsonb`
      : Prisma.sql`state = ${outcome.state}, error_code = ${outcome.code}, error = ${outcome.reason}`;
  const claimed = await db.$executeRaw`
    UPDATE jobs SET ${set}, finished_at = ${at}, notified_at = ${at}
    WHERE id = ${id} AND notified_at IS NULL`;
  return claimed === 1;
}
