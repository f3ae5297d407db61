import { Forbidden, InvalidInput } from '../../errors.ts';
import { createTokenBucket } from '../../middleware/token-bucket.ts';
import type { TokenBucket } from '../../middleware/token-bucket.ts';
import type { Scope } from '../../scope.ts';
import { nameKey } from './name-key.ts';
import type { Presentee } from './presence.ts';
import type { VisitorSigner } from '../../auth/visitor-token.ts';

/** A connection is already in as many rooms as it may be at once (CHAT_ROOMS_PER_CONNECTION). */
export class TooManyRooms extends Forbidden {
  constructor(limit: number) {
    super(`this connection is in ${limit} rooms, the most it may be in at once (CHAT_ROOMS_PER_CONNECTION); leave one before joining another`);
  }
}

/** Who a connection speaks as in a room. */
export type ChatIdentity = Presentee & { userId: string | null; verified: boolean };

/**
 * The server-side state of one `/chat` connection: the rooms it joined (and
 * as whom), its own message bucket, and when it last said it was typing.
 * Clients never name groups; every room-scoped event is checked against this.
 */
export type ChatConnection = {
  readonly rooms: Map<string, ChatIdentity>;
  /** Rooms a `room.join` is under way for (they count against the connection's room limit). */
  readonly joining: Set<string>;
  /** Set on disconnect: a join still under way undoes itself. */
  closed: boolean;
  readonly bucket: TokenBucket;
  readonly typingAt: Map<string, number>;
  /** The anonymous visitor this connection proved or was given (first join decides). */
  visitor: { id: string; token: string } | null;
};

/** A fresh connection state; its message bucket holds `messageRate.burst` and refills `messageRate.perSecond`. */
export function createChatConnection(messageRate: { perSecond: number; burst: number }): ChatConnection {
  return { rooms: new Map(), joining: new Set(), closed: false, bucket: createTokenBucket(messageRate.perSecond, messageRate.burst), typingAt: new Map(), visitor: null };
}

/**
 * Decides who a connection is in a room: a logged-in user is their username
 * (any display name is ignored); an anonymous visitor must give a display name
 * and is identified by the signed visitor token its browser keeps (a new one
 * is issued when it has none or presents a forged one).
 */
export function identify(
  connection: ChatConnection,
  scope: Scope,
  visitors: VisitorSigner,
  given: { displayName?: string; visitor?: string },
): ChatIdentity {
  if (scope.user) {
    return { person: `u:${scope.user.id}`, name: scope.user.username, key: nameKey(scope.user.username), userId: scope.user.id, verified: true };
  }
  if (!given.displayName) {
    throw new InvalidInput('choose a display name to join as a guest (or log in)', [{ path: 'displayName', message: 'required for guests' }]);
  }
  const key = nameKey(given.displayName);
  if (key === '') {
    throw new InvalidInput('a display name needs at least one visible character', [{ path: 'displayName', message: 'nothing visible in it' }]);
  }
  if (!connection.visitor) {
    const proven = given.visitor ? visitors.verify(given.visitor) : null;
    connection.visitor = proven && given.visitor ? { id: proven, token: given.visitor } : toVisitor(visitors.issue());
  }
  return { person: `v:${connection.visitor.id}`, name: given.displayName, key, userId: null, verified: false };
}

const toVisitor = ({ visitorId, token }: { visitorId: string; token: string }) => ({ id: visitorId, token });

/** Typing notices a connection may send per room: at most one per this many ms (extra ones are dropped). */
export const TYPING_INTERVAL_MS = 2000;
