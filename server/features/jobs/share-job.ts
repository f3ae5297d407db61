import { randomBytes } from 'node:crypto';
import type { Database } from '../../../prisma/client.ts';
import { NotFound } from '../../errors.ts';
import { ownedBy } from './job-services.ts';
import type { JobOwner } from './job-services.ts';

/**
 * Shares one of the owner's jobs by a link, or stops sharing it. Sharing
 * returns the job's token, creating it (144 random bits) on the first call
 * and returning the same one until revoked; revoking clears it and returns
 * null, so the old link opens nothing and the next share makes a new token.
 */
export async function shareJob(db: Database, owner: JobOwner, jobId: string, shared: boolean): Promise<string | null> {
  const where = { id: jobId, ...ownedBy(owner), state: { not: 'uploading' } };
  const job = await db.job.findFirst({ where, select: { shareToken: true } });
  if (!job) throw new NotFound(`you have no job ${jobId}`);
  if (!shared) {
    await db.job.updateMany({ where, data: { shareToken: null } });
    return null;
  }
  if (job.shareToken) return job.shareToken;
  // Two shares at once: the first write wins and both answer its token.
  await db.job.updateMany({ where: { ...where, shareToken: null }, data: { shareToken: randomBytes(18).toString('base64url') } });
  const stored = await db.job.findFirst({ where, select: { shareToken: true } });
  if (!stored?.shareToken) throw new NotFound(`you have no job ${jobId}`);
  return stored.shareToken;
}
