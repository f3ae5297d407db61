import type { Database } from '../../../prisma/client.ts';
import type { JobSummary } from './jobs-protocol.ts';
import { ownedBy } from './job-services.ts';
import type { JobOwner } from './job-services.ts';
import { JOB_SUMMARY_SELECT, toJobSummary } from './job-summary.ts';

/** The owner's latest jobs, newest first, as listed on /jobs. */
export async function listJobs(db: Database, owner: JobOwner, take = 50): Promise<JobSummary[]> {
  const jobs = await db.job.findMany({
    // An upload still being received is not a job yet: it shows once its body is stored.
    where: { ...ownedBy(owner), state: { not: 'uploading' } },
    orderBy: { createdAt: 'desc' },
    take,
    select: JOB_SUMMARY_SELECT,
  });
  return jobs.map(toJobSummary);
}
