import type { Database } from '../../prisma/client.ts';
import { NotFound } from '../errors.ts';
import { workerChannels } from '../protocol/jobs.ts';
import type { JobDetail } from '../protocol/jobs.ts';
import { ownedBy } from './job-services.ts';
import type { JobOwner } from './job-services.ts';
import { JOB_SUMMARY_SELECT, toJobSummary } from './job-summary.ts';

/**
 * One of the owner's jobs with its result (null until completed): what a page
 * showing a job loads, e.g. after the tab was closed while it finished and its
 * reply-channel messages have expired. Another owner's job is `not_found`,
 * exactly like a job that does not exist.
 */
export async function getJob(db: Database, owner: JobOwner, jobId: string): Promise<JobDetail> {
  const job = await db.job.findFirst({ where: { id: jobId, ...ownedBy(owner), state: { not: 'uploading' } }, select: { ...JOB_SUMMARY_SELECT, result: true } });
  if (!job) throw new NotFound(`you have no job ${jobId}`);
  const summary = toJobSummary(job);
  const stored = job.state === 'completed' ? job.result : null;
  // Parsed so that a stored result that does not match the protocol fails here, loudly, not in a browser.
  if (summary.channel === 'bigdata.process') {
    return { ...summary, channel: summary.channel, result: stored === null ? null : workerChannels['bigdata.process'].result.parse(stored) };
  }
  return { ...summary, channel: 'report.render', result: stored === null ? null : workerChannels['report.render'].result.parse(stored) };
}
