import type { Database } from '../../prisma/client.ts';

/** Whether the deployment has no staff account yet (so `/admin` offers to create the first one). */
export async function needsFirstRun(db: Database): Promise<boolean> {
  return (await db.user.findFirst({ where: { isStaff: true }, select: { id: true } })) === null;
}
