import { randomUUID } from 'node:crypto';
import { Unavailable } from '../../errors.ts';
import type { WorkerChannelName, WorkerInput } from './jobs-protocol.ts';
import { insertJobWithinCaps, refusalOf } from './job-admission.ts';
import { claimOutcome } from './job-records.ts';
import type { JobOwner, JobServices } from './job-services.ts';

/** A job to submit: which channel, for whom, its input, and a label for the owner's list. */
export type JobRequest<C extends WorkerChannelName> = {
  channel: C;
  owner: JobOwner;
  label: string;
  input: WorkerInput<C>;
};

/**
 * Records a job in PostgreSQL and enqueues it on its worker channel; progress
 * and result will go to the owner's reply channel. Refuses with `rate_limited`
 * when the owner is at one of its caps (job-admission.ts).
 */
export async function submitJob<C extends WorkerChannelName>(services: JobServices, request: JobRequest<C>): Promise<string> {
  const id = randomUUID();
  const record = { id, channel: request.channel, owner: request.owner, label: request.label, input: request.input, state: 'queued' as const };
  const verdict = await insertJobWithinCaps(services.db, record, services.jobLimits);
  if (verdict !== 'ok') throw refusalOf(verdict, services.jobLimits);
  await enqueueRecorded(services, { id, channel: request.channel, replyChannel: request.owner.replyChannel, input: request.input });
  return id;
}

/**
 * Enqueues a job recorded as queued. If the queue cannot take it, the record
 * is failed (its dataset deleted with it) and the submitter gets `unavailable`.
 */
export async function enqueueRecorded<C extends WorkerChannelName>(
  services: JobServices,
  job: { id: string; channel: C; replyChannel: string; input: WorkerInput<C> },
): Promise<void> {
  try {
    await services.queues.enqueue(job.channel, job.id, { replyChannel: job.replyChannel, input: job.input });
  } catch (error) {
    await claimOutcome(services.db, job.id, { state: 'failed', code: 'internal', reason: 'could not be queued' }, new Date());
    console.error('[switchyard] enqueue failed:', (error as Error).message);
    throw new Unavailable('the job queue');
  }
}
