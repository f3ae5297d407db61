import { randomBytes } from 'node:crypto';
import type { Database } from '../../prisma/client.ts';
import { PASSWORD_MAX_LENGTH } from './create-user.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { SessionUser } from './session-user.ts';

/**
 * Checks a username and password; the user on success, null otherwise.
 * An unknown username costs one argon2 verification too, so response time
 * does not tell which usernames exist.
 *
 * @example
 * const user = await authenticate(db, form.username, form.password);
 * if (!user) return { error: 'wrong username or password' };
 */
export async function authenticate(db: Database, username: string, password: string): Promise<SessionUser | null> {
  // No stored password is this long, and hashing megabytes on request is a cheap DoS.
  if (typeof username !== 'string' || typeof password !== 'string' || password.length > PASSWORD_MAX_LENGTH) return null;
  const user = await db.user.findUnique({
    where: { username },
    select: { id: true, username: true, isStaff: true, passwordHash: true },
  });
  if (!user) {
    await verifyPassword(await dummyHash(), password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, username: user.username, isStaff: user.isStaff };
}

let dummy: Promise<string> | undefined;

/** A hash with the same parameters as real ones, made once per process. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummy;
}
