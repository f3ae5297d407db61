import type { Database } from '../../../prisma/client.ts';
import type { JobAccess } from './jobs-protocol.ts';
import { ownedBy } from './job-services.ts';
import type { JobOwner } from './job-services.ts';

/** Who asks to see a job: a client (as its owner, if it is), holding its share token or not. */
export type JobViewer = { owner: JobOwner; share?: string | undefined };

/**
 * Whether `viewer` may see job `jobId`, and how: `owner` when it owns it,
 * `link` when it holds the job's current share token, else null (exactly as
 * for a job that does not exist). Only the token opens a job to others:
 * knowing its id is not enough.
 */
export async function jobAccess(db: Database, viewer: JobViewer, jobId: string): Promise<JobAccess | null> {
  if ((await db.job.count({ where: { id: jobId, ...ownedBy(viewer.owner) } })) > 0) return 'owner';
  if (viewer.share && (await db.job.count({ where: { id: jobId, shareToken: viewer.share } })) > 0) return 'link';
  return null;
}
