import { Forbidden, Unauthorized } from '../errors.ts';
import type { SessionUser } from './session-user.ts';

/**
 * Throws Unauthorized without a user and Forbidden for a non-staff user;
 * every staff-only action calls it first. `action` completes "log in as staff
 * to …" and "only staff may …".
 *
 * @example
 * const editor = requireStaff(scope.user, 'edit liveblogs');
 */
export function requireStaff(user: SessionUser | null | undefined, action: string): SessionUser {
  if (!user) throw new Unauthorized(`log in as staff to ${action}`);
  if (!user.isStaff) throw new Forbidden(`only staff may ${action}`);
  return user;
}
