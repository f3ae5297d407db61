import { BigdataInputError, processBigdata } from '../jobs/index.ts';
import { PermanentFailure } from '../processor.ts';
import type { Processor } from '../processor.ts';

/** `bigdata.process`: loads the uploaded dataset and profiles its columns. */
export const bigdataProcessor: Processor<'bigdata.process'> = async ({ datasetId }, { db, signal, progress }) => {
  const dataset = await db.dataset.findUnique({ where: { id: datasetId }, select: { bytes: true } });
  if (!dataset) throw new PermanentFailure('the uploaded dataset no longer exists; upload it again');
  let csv: string;
  try {
    csv = new TextDecoder('utf-8', { fatal: true }).decode(dataset.bytes);
  } catch {
    throw new PermanentFailure('the file is not UTF-8 text, so it is not a CSV');
  }
  try {
    return await processBigdata({ csv }, signal, progress);
  } catch (error) {
    if (error instanceof BigdataInputError) throw new PermanentFailure(error.message);
    throw error;
  }
};
