import { escapeLiteral } from 'pg';
import { copyOutBinary } from '../../../prisma/binary-copy.ts';
import { poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { NotFound } from '../../errors.ts';
import { jobAccess } from './job-viewer.ts';
import type { JobViewer } from './job-viewer.ts';

/**
 * The result of a completed job the viewer may see (its own, or one shared
 * with it: jobAccess), as JSON in UTF-8 bytes
 * (written by PostgreSQL: a space after every `:` and `,`), to be sent as
 * is: it leaves PostgreSQL by binary COPY and is never parsed here. Anyone
 * else's job, and one that has not completed, is `not_found`, exactly like a
 * job that does not exist (as in `job.get`).
 */
export async function jobResultJson(db: Database, viewer: JobViewer, jobId: string): Promise<Buffer> {
  const missing = () => new NotFound(`you have no completed job ${jobId}`);
  if (!(await jobAccess(db, viewer, jobId))) throw missing();
  const [row] = await copyOutBinary(poolOf(db), `SELECT result::text FROM jobs WHERE id = ${escapeLiteral(jobId)} AND state = 'completed'`);
  const json = row?.[0];
  if (!json) throw missing(); // deleted since
  return json;
}
