import type { SessionUser } from '../auth/index.ts';
import { Forbidden, Unauthorized } from '../errors.ts';

/** Throws Unauthorized without a user and Forbidden for a non-staff user; every liveblog write calls it first. */
export function requireStaff(user: SessionUser | null | undefined, action = 'edit liveblogs'): SessionUser {
  if (!user) throw new Unauthorized(`log in as staff to ${action}`);
  if (!user.isStaff) throw new Forbidden(`only staff may ${action}`);
  return user;
}
