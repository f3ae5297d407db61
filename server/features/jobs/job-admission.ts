import { poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { RateLimited } from '../../errors.ts';
import type { JobOwner } from './job-services.ts';

/** How many jobs, and how many bytes of anonymous datasets, may be in flight (server/config.ts). */
export type JobLimits = Readonly<{
  /** Jobs per logged-in user, or per anonymous reply channel (JOBS_PER_CLIENT). */
  perClient: number;
  /** Anonymous jobs per address, whatever their reply channels (JOBS_PER_ADDRESS). */
  perAddress: number;
  /** Bytes of anonymous datasets stored per address (ANONYMOUS_UPLOAD_BYTES_PER_ADDRESS). */
  anonymousBytesPerAddress: number;
  /** Bytes of anonymous datasets stored in all (ANONYMOUS_UPLOAD_BYTES_TOTAL). */
  anonymousBytesTotal: number;
}>;

/** A job record to insert: the columns the submitter sets; the rest take their defaults. */
export type NewJobRecord = {
  id: string;
  channel: string;
  owner: JobOwner;
  label: string;
  input: unknown;
  /** `queued` for a job ready to enqueue; `uploading` while its dataset is still being received. */
  state: 'queued' | 'uploading';
  /** The dataset to create with the job: its id, name and the bytes it may take. */
  dataset?: { id: string; name: string; bytes: number };
};

/** Which cap refused a job, or `ok` (migration 20261206200100_streamed_datasets_and_upload_caps). */
export type JobVerdict = 'ok' | 'client_jobs' | 'address_jobs' | 'address_bytes' | 'total_bytes';

/**
 * Inserts the job record (and its dataset's, with no bytes yet) unless a cap
 * refuses it, and says which. One statement: it takes the owner's advisory
 * locks, always in the same order (anonymous bytes, address, reply channel;
 * a user's: the user), then asks `switchyard_job_verdict`, whose query sees
 * every submit that held them before; the locks last until the commit. So a
 * cap is exact however many submits arrive at once, on however many servers.
 * Anonymous owners are counted per reply channel and per address (a new
 * reply channel per handshake brings no new slots), and their datasets' bytes
 * per address and in all; logged-in users per user.
 */
export async function insertJobWithinCaps(db: Database, job: NewJobRecord, limits: JobLimits): Promise<JobVerdict> {
  const { owner, dataset } = job;
  const anonymous = owner.userId === null;
  const bytes = dataset?.bytes ?? 0;
  const locks = anonymous
    ? [...(bytes > 0 ? ['switchyard.jobs:anonymous-bytes'] : []), `switchyard.jobs:address:${owner.address}`, `switchyard.jobs:reply:${owner.replyChannel}`]
    : [`switchyard.jobs:user:${owner.userId}`];
  const address = anonymous ? owner.address : null;
  const { rows } = await poolOf(db).query<{ verdict: JobVerdict }>(
    `WITH locked AS MATERIALIZED (
       SELECT count(*) FILTER (WHERE pg_advisory_xact_lock(hashtextextended(key, 0)) IS NULL) AS n FROM unnest($1::text[]) AS key
     ), verdict AS MATERIALIZED (
       SELECT switchyard_job_verdict($2, $3, $4, $5, $6, $7, $8, $9) AS verdict FROM locked
     ), dataset AS (
       INSERT INTO datasets (id, name, size, anonymous_address)
       SELECT $10, $11, $5, $12 FROM verdict WHERE verdict = 'ok' AND $10::text IS NOT NULL
     ), job AS (
       INSERT INTO jobs (id, channel, reply_channel, user_id, dataset_id, label, input, state, client_address, visitor_id)
       SELECT $13, $14, $3, $2, $10, $15, $16::jsonb, $17, $12, $18 FROM verdict WHERE verdict = 'ok'
     )
     SELECT verdict FROM verdict`,
    [
      locks,
      owner.userId,
      owner.replyChannel,
      owner.address,
      bytes,
      limits.perClient,
      limits.perAddress,
      limits.anonymousBytesPerAddress,
      limits.anonymousBytesTotal,
      dataset?.id ?? null,
      dataset?.name ?? null,
      address,
      job.id,
      job.channel,
      job.label,
      JSON.stringify(job.input),
      job.state,
      anonymous ? owner.visitorId : null,
    ],
  );
  return rows[0]?.verdict ?? 'ok';
}

/** The error a client gets when `verdict` refused its job: which limit, and what to do. */
export function refusalOf(verdict: Exclude<JobVerdict, 'ok'>, limits: JobLimits): RateLimited {
  const megabytes = (bytes: number) => `${Math.round(bytes / 1e5) / 10} MB`;
  switch (verdict) {
    case 'client_jobs':
      return new RateLimited(5000, `you already have ${limits.perClient} jobs running (the limit is ${limits.perClient}); wait for one or cancel it`);
    case 'address_jobs':
      return new RateLimited(
        5000,
        `${limits.perAddress} jobs from your address are already running (the limit for visitors who are not logged in); wait for one to finish, or log in`,
      );
    case 'address_bytes':
      return new RateLimited(
        5000,
        `unfinished uploads from your address would hold more than ${megabytes(limits.anonymousBytesPerAddress)} (the limit for visitors who are not logged in); wait for a job to finish, or log in`,
      );
    case 'total_bytes':
      return new RateLimited(30_000, 'the server holds as many uploads from visitors who are not logged in as it can right now; retry in 30 s, or log in');
  }
}
