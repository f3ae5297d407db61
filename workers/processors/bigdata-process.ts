import { isUtf8 } from 'node:buffer';
import type { Database } from '../../prisma/client.ts';
import { readDataset } from '../../server/features/jobs/dataset-store.ts';
import { BigdataInputError, processBigdata } from '../csv-profiler/index.ts';
import { PermanentFailure } from '../processor.ts';
import type { Processor } from '../processor.ts';

/** A dataset's bytes as text; bytes that are not UTF-8 fail the job for good. */
async function datasetText(db: Database, datasetId: string): Promise<string> {
  const bytes = await readDataset(db, datasetId);
  if (!bytes) throw new PermanentFailure('the uploaded dataset no longer exists; upload it again');
  if (!isUtf8(bytes)) throw new PermanentFailure('the file is not UTF-8 text, so it is not a CSV');
  return bytes.toString('utf8');
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
