import { escapeLiteral } from 'pg';
import { copyOutBinary } from '../../../prisma/binary-copy.ts';
import { poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';

/**
 * Datasets in PostgreSQL: a `datasets` row (created with its job, see
 * job-admission.ts) and its bytes as `dataset_chunks` rows, appended one by
 * one while the upload streams in, so an upload holds one chunk in memory,
 * never the file. Statements in SQL through `pg`: a chunk's bytes go as a
 * binary parameter (Prisma would encode them).
 */

/**
 * The size of the chunks an upload is stored in: what the interface server
 * holds per upload in flight (a few times: the pieces it is made of, the
 * chunk, the query that sends it), and one row of `dataset_chunks`. With
 * 1 MiB chunks a server receiving 8 uploads at once peaked 29 MiB higher than
 * with 256 KiB (server/http/upload-memory.test.ts); a 20 MB file is 80 rows.
 */
export const DATASET_CHUNK_BYTES = 256 * 1024;

/** Appends chunk `seq` of a dataset. */
export async function storeChunk(db: Database, datasetId: string, seq: number, bytes: Buffer): Promise<void> {
  await poolOf(db).query('INSERT INTO dataset_chunks (dataset_id, seq, bytes) VALUES ($1, $2, $3)', [datasetId, seq, bytes]);
}

/**
 * Marks an upload received: the dataset's size becomes what arrived (it was a
 * reservation) and the job `queued`. Resolves false if the job is no longer
 * an upload in progress (it was discarded meanwhile).
 */
export async function finishUpload(db: Database, jobId: string, datasetId: string, size: number): Promise<boolean> {
  const { rows } = await poolOf(db).query<{ queued: boolean }>(
    `WITH job AS (UPDATE jobs SET state = 'queued' WHERE id = $1 AND state = 'uploading' RETURNING id),
          dataset AS (UPDATE datasets SET size = $3 WHERE id = $2 AND EXISTS (SELECT FROM job))
     SELECT EXISTS (SELECT FROM job) AS queued`,
    [jobId, datasetId, size],
  );
  return rows[0]?.queued === true;
}

/**
 * Deletes an upload that was refused or failed while it was being received:
 * its job record, its dataset and the chunks stored so far. A job already
 * queued is left alone, dataset and all.
 */
export async function discardUpload(db: Database, jobId: string, datasetId: string): Promise<void> {
  await poolOf(db).query(
    `WITH job AS (DELETE FROM jobs WHERE id = $1 AND state = 'uploading')
     DELETE FROM datasets WHERE id = $2 AND NOT EXISTS (SELECT FROM jobs WHERE dataset_id = $2 AND state <> 'uploading')`,
    [jobId, datasetId],
  );
}

/**
 * A dataset's bytes, or null if it has none (deleted). They leave PostgreSQL
 * by binary COPY, its chunks in order: for one 10 MB value that cost
 * PostgreSQL about 11 ms of CPU and the reader 15 ms, against 28 ms and 23 ms
 * when PostgreSQL converts it to text in a query, and about 20× that through
 * Prisma (docs/performance.md).
 */
export async function readDataset(db: Database, datasetId: string): Promise<Buffer | null> {
  const rows = await copyOutBinary(poolOf(db), `SELECT bytes FROM dataset_chunks WHERE dataset_id = ${escapeLiteral(datasetId)} ORDER BY seq`);
  if (rows.length === 0) return null;
  return rows.length === 1 ? (rows[0]?.[0] ?? null) : Buffer.concat(rows.map((row) => row[0] ?? Buffer.alloc(0)));
}
