import type { Database } from '../../prisma/client.ts';
import { NotFound } from '../errors.ts';
import type { SessionUser } from './session-user.ts';

/**
 * Makes a user staff, or not. The user's open sockets keep the rights they
 * were handshaken with until they reconnect: disconnect them
 * (`disconnectUser` in server/session-watch.ts), or interface servers notice
 * within SESSION_RECHECK_SECONDS. Throws NotFound for an unknown username.
 *
 * @example const user = await setStaff(db, 'ada', false);
 */
export async function setStaff(db: Database, username: string, isStaff: boolean): Promise<SessionUser> {
  const updated = await db.user.updateManyAndReturn({
    where: { username },
    data: { isStaff },
    select: { id: true, username: true, isStaff: true },
  });
  const user = updated[0];
  if (!user) throw new NotFound(`no user "${username.slice(0, 100)}"`);
  return user;
}
