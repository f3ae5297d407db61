import { DatabaseError } from 'pg';
import { poolOf } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { BigdataInputError, processBigdata } from '../jobs/index.ts';
import { PermanentFailure } from '../processor.ts';
import type { Processor } from '../processor.ts';

// PostgreSQL's "invalid byte sequence for encoding".
const NOT_IN_ENCODING = '22021';

/**
 * A dataset's bytes as text. PostgreSQL decodes them (and refuses bytes that
 * are not UTF-8): reading the `Bytes` column through Prisma costs about 20×
 * the CPU for a 5 MB file (docs/performance.md).
 */
async function datasetText(db: Database, datasetId: string): Promise<string> {
  try {
    const { rows } = await poolOf(db).query<{ csv: string }>(`SELECT convert_from(bytes, 'UTF8') AS csv FROM datasets WHERE id = $1`, [datasetId]);
    if (!rows[0]) throw new PermanentFailure('the uploaded dataset no longer exists; upload it again');
    return rows[0].csv;
  } catch (error) {
    if (error instanceof DatabaseError && error.code === NOT_IN_ENCODING) throw new PermanentFailure('the file is not UTF-8 text, so it is not a CSV');
    throw error;
  }
}

/** `bigdata.process`: loads the uploaded dataset and profiles its columns. */
export const bigdataProcessor: Processor<'bigdata.process'> = async ({ datasetId }, { db, signal, progress }) => {
  const csv = await datasetText(db, datasetId);
  try {
    return await processBigdata({ csv }, signal, progress);
  } catch (error) {
    if (error instanceof BigdataInputError) throw new PermanentFailure(error.message);
    throw error;
  }
};
