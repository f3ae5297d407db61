import type { Database } from '../../prisma/client.ts';
import { NotFound } from '../errors.ts';
import { workerChannels } from '../protocol/jobs.ts';
import type { JobDetail } from '../protocol/jobs.ts';
import { ownedBy } from './job-services.ts';
import type { JobOwner } from './job-services.ts';
import { JOB_SUMMARY_SELECT, toJobSummary } from './job-summary.ts';

/** Room left in a `job.get` answer for everything but the result (the job's summary, the ack's envelope), with a wide margin. */
const ANSWER_OVERHEAD_BYTES = 1024;

/**
 * One of the owner's jobs with its result (null until completed): what a page
 * showing a job loads, e.g. after the tab was closed while it finished and its
 * reply-channel messages have expired. A result that would make the answer
 * larger than `maxMessageBytes` is left out and named by its size
 * (`resultBytes`): the client downloads it (`jobResultPath`). Another owner's
 * job is `not_found`, exactly like a job that does not exist.
 */
export async function getJob(db: Database, owner: JobOwner, jobId: string, maxMessageBytes: number): Promise<JobDetail> {
  const job = await db.job.findFirst({ where: { id: jobId, ...ownedBy(owner), state: { not: 'uploading' } }, select: { ...JOB_SUMMARY_SELECT, result: true } });
  if (!job) throw new NotFound(`you have no job ${jobId}`);
  const summary = toJobSummary(job);
  const stored = job.state === 'completed' ? job.result : null;
  const bytes = stored === null ? 0 : Buffer.byteLength(JSON.stringify(stored));
  const fits = bytes + ANSWER_OVERHEAD_BYTES <= maxMessageBytes;
  const shown = fits ? stored : null;
  const resultBytes = fits ? null : bytes;
  // Parsed so that a stored result that does not match the protocol fails here, loudly, not in a browser.
  if (summary.channel === 'bigdata.process') {
    return { ...summary, channel: summary.channel, result: shown === null ? null : workerChannels['bigdata.process'].result.parse(shown), resultBytes };
  }
  return { ...summary, channel: 'report.render', result: shown === null ? null : workerChannels['report.render'].result.parse(shown), resultBytes };
}
