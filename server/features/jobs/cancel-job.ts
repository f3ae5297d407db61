import { NotFound } from '../../errors.ts';
import type { WorkerChannelName } from './jobs-protocol.ts';
import { announceOutcome } from './announce-outcome.ts';
import { ownedBy } from './job-services.ts';
import type { JobOwner, JobServices } from './job-services.ts';

/**
 * Cancels one of the owner's jobs. A waiting job leaves the queue; a running
 * one is aborted by its worker, which announces `job.failed` with code
 * `cancelled`. Returns false when the job had already finished.
 */
export async function cancelJob(services: JobServices, owner: JobOwner, jobId: string): Promise<boolean> {
  const job = await services.db.job.findFirst({
    where: { id: jobId, ...ownedBy(owner) },
    select: { channel: true, state: true, replyChannel: true },
  });
  if (!job) throw new NotFound(`you have no job ${jobId}`);
  if (job.state !== 'queued' && job.state !== 'active') return false;
  const channel = job.channel as WorkerChannelName;
  if ((await services.queues.cancel(channel, jobId)) === 'removed') {
    // No worker will ever see it: announce the cancellation here.
    const ref = { id: jobId, channel, replyChannel: job.replyChannel };
    await announceOutcome(services.db, services.layer, ref, { state: 'cancelled', code: 'cancelled', reason: 'cancelled by the client' });
  }
  return true;
}
