import type { Database } from '../../../prisma/client.ts';
import { NotFound } from '../../errors.ts';
import { workerChannels } from './jobs-protocol.ts';
import type { JobAccess, JobDetail } from './jobs-protocol.ts';
import { JOB_SUMMARY_SELECT, toJobSummary } from './job-summary.ts';
import type { JobSummaryRecord } from './job-summary.ts';
import { jobAccess } from './job-viewer.ts';
import type { JobViewer } from './job-viewer.ts';

/** Room left in a `job.get` answer for everything but the result (the job's summary, the ack's envelope), with a wide margin. */
const ANSWER_OVERHEAD_BYTES = 1024;

/** `job.get`'s answer: the job, how the viewer sees it, and (for its owner) its share token. */
export type JobGetAnswer = { job: JobDetail; access: JobAccess; shareToken: string | null };

/**
 * One job with its result (null until completed), for its owner or for a
 * viewer holding its share token (jobAccess): what a page showing a job
 * loads, e.g. in another tab, or after the tab was closed while it finished
 * and its reply-channel messages have expired. A result that would make the
 * answer larger than `maxMessageBytes` is left out and named by its size
 * (`resultBytes`): the client downloads it (`jobResultPath`). Anyone else's
 * job is `not_found`, exactly like a job that does not exist.
 */
export async function getJob(db: Database, viewer: JobViewer, jobId: string, maxMessageBytes: number): Promise<JobGetAnswer> {
  const access = await jobAccess(db, viewer, jobId);
  const job = access && (await db.job.findFirst({ where: { id: jobId, state: { not: 'uploading' } }, select: { ...JOB_SUMMARY_SELECT, result: true, shareToken: true } }));
  if (!access || !job) throw new NotFound(`you have no job ${jobId}`);
  const shareToken = access === 'owner' ? job.shareToken : null;
  return { job: detailOf(job, maxMessageBytes), access, shareToken };
}

function detailOf(job: JobSummaryRecord & { result: unknown }, maxMessageBytes: number): JobDetail {
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
