import { randomUUID } from 'node:crypto';
import { Unavailable } from '../../errors.ts';
import { discardUpload, finishUpload, storeChunk } from './dataset-store.ts';
import { insertJobWithinCaps, refusalOf } from './job-admission.ts';
import type { JobOwner, JobServices } from './job-services.ts';
import { enqueueRecorded } from './submit-job.ts';

/** An uploaded dataset to profile on `bigdata.process`. */
export type UploadRequest = {
  owner: JobOwner;
  /** The dataset's label in the owner's job list. */
  name: string;
  /** The most bytes `chunks` can yield (the body's Content-Length, or the size limit): reserved against the storage caps. */
  reserveBytes: number;
  /** The body in chunks; throwing (too large, not text, the client went away) fails the upload. */
  chunks: AsyncIterable<Buffer>;
};

/**
 * Takes an upload for `bigdata.process`: first records its job (state
 * `uploading`) and an empty dataset within every cap, so a refused upload
 * stores nothing and reads no body; then stores the body chunk by chunk as it
 * arrives; then queues the job. An upload that fails on the way (a refused
 * body, a client that went away, PostgreSQL failing) is deleted with all it
 * stored. Resolves with the job's id.
 */
export async function submitUpload(services: JobServices, request: UploadRequest): Promise<string> {
  const { db, jobLimits } = services;
  const id = randomUUID();
  const datasetId = randomUUID();
  const input = { datasetId };
  const dataset = { id: datasetId, name: request.name, bytes: request.reserveBytes };
  const record = { id, channel: 'bigdata.process', owner: request.owner, label: request.name, input, state: 'uploading' as const, dataset };
  const verdict = await insertJobWithinCaps(db, record, jobLimits);
  if (verdict !== 'ok') throw refusalOf(verdict, jobLimits);
  try {
    let seq = 0;
    let size = 0;
    for await (const chunk of request.chunks) {
      await storeChunk(db, datasetId, seq, chunk);
      seq += 1;
      size += chunk.length;
    }
    // False only if the upload was swept as abandoned meanwhile (retention), after about an hour.
    if (!(await finishUpload(db, id, datasetId, size))) throw new Unavailable('the upload’s record');
  } catch (error) {
    await discardUpload(db, id, datasetId).catch((discardError: unknown) => {
      // Retention deletes what is left once the upload counts as abandoned.
      console.error(`[switchyard] could not discard the failed upload ${id}:`, (discardError as Error).message);
    });
    throw error;
  }
  await enqueueRecorded(services, { id, channel: 'bigdata.process', replyChannel: request.owner.replyChannel, input });
  return id;
}
