import { randomUUID } from 'node:crypto';
import { RateLimited, Unavailable } from '../errors.ts';
import type { WorkerChannelName, WorkerInput } from '../protocol/jobs.ts';
import { insertJobWithinCap } from './job-records.ts';
import type { JobOwner, JobServices } from './job-services.ts';

/** A job to submit: which channel, for whom, its input, and a label for the owner's list. */
export type JobRequest<C extends WorkerChannelName> = {
  channel: C;
  owner: JobOwner;
  label: string;
  input: WorkerInput<C>;
  datasetId?: string;
};

/**
 * Records a job in PostgreSQL and enqueues it on its worker channel; progress
 * and result will go to the owner's reply channel. Refuses with `rate_limited`
 * when the owner already has `jobsPerClient` jobs queued or running.
 */
export async function submitJob<C extends WorkerChannelName>(services: JobServices, request: JobRequest<C>): Promise<string> {
  const { db, queues, jobsPerClient } = services;
  const id = randomUUID();
  const record = { id, channel: request.channel, owner: request.owner, datasetId: request.datasetId ?? null, label: request.label, input: request.input };
  if (!(await insertJobWithinCap(db, record, jobsPerClient))) {
    throw new RateLimited(5000, `you already have ${jobsPerClient} jobs running (the limit is ${jobsPerClient}); wait for one or cancel it`);
  }
  try {
    await queues.enqueue(request.channel, id, { replyChannel: request.owner.replyChannel, input: request.input });
  } catch (error) {
    await db.job.update({ where: { id }, data: { state: 'failed', errorCode: 'internal', error: 'could not be queued' } });
    console.error('[switchyard] enqueue failed:', (error as Error).message);
    throw new Unavailable('the job queue');
  }
  return id;
}
