/**
 * Socket.IO room names behind groups, reply channels, users and sessions.
 * Prefixes keep them apart from each other and from Socket.IO's per-socket rooms.
 */

/** The room holding every socket of a group's members. */
export function groupRoom(group: string): string {
  return `g:${group}`;
}

/** The room holding every socket of one client (its reply channel). */
export function replyRoom(replyChannel: string): string {
  return `r:${replyChannel}`;
}

/** The group a room stands for, or null when the room is not a group's. */
export function groupOfRoom(room: string): string | null {
  return room.startsWith('g:') ? room.slice(2) : null;
}

/** The room holding every socket of a logged-in user, on every namespace (for revoking their rights). */
export function userRoom(userId: string): string {
  return `u:${userId}`;
}

/** The room holding every socket of one login session (for logout). */
export function sessionRoom(sessionId: string): string {
  return `s:${sessionId}`;
}
