import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../prisma/client.ts';
import type { SessionUser } from './session-user.ts';

/** Options of `createSessionStore`. */
export type SessionStoreOptions = {
  /** How long a session lasts after login, in seconds. Required; a positive whole number. */
  ttlSeconds: number;
  /** The clock. Default: `() => new Date()`; tests pass their own. */
  now?: () => Date;
};

/** A session just created: `token` goes in the cookie and is not kept anywhere else. */
export type NewSession = {
  token: string;
  expiresAt: Date;
};

/**
 * Logins, keyed by a random cookie token. Only the token's SHA-256 is stored,
 * so a leaked sessions table cannot be replayed as cookies.
 *
 * @example
 * const sessions = createSessionStore(db, { ttlSeconds: config.sessionTtlSeconds });
 * const { token, expiresAt } = await sessions.create(user.id);
 * const user = await sessions.lookup(cookies.get(SESSION_COOKIE)); // SessionUser | null
 */
export type SessionStore = {
  /** Starts a session for a user. */
  create(userId: string): Promise<NewSession>;
  /** The session's user; null for a missing, malformed, unknown or expired token. Never throws on bad input. */
  lookup(token: string | null | undefined): Promise<SessionUser | null>;
  /** Ends a session (logout). A no-op for unknown or malformed tokens. */
  destroy(token: string | null | undefined): Promise<void>;
  /**
   * The users of those sessions (ids from `sessionIdOf`) that are still live,
   * by session id: a session missing from the answer ended (logout, expiry,
   * its user deleted). One query per 1,000 ids; interface servers re-check
   * their sockets' sessions with it.
   */
  liveUsers(sessionIds: readonly string[]): Promise<Map<string, SessionUser>>;
  /** Deletes expired sessions; returns how many. Run it now and then: `lookup` already ignores them. */
  purgeExpired(): Promise<number>;
};

const TOKEN_BYTES = 32;
const LIVE_USERS_BATCH = 1000;
/** 32 bytes in base64url: 43 characters, no padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Creates a session store on the `sessions` table. */
export function createSessionStore(db: Database, { ttlSeconds, now = () => new Date() }: SessionStoreOptions): SessionStore {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new TypeError(`createSessionStore: ttlSeconds must be a positive whole number of seconds, got ${String(ttlSeconds)}`);
  }
  return {
    async create(userId) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + ttlSeconds * 1000);
      await db.session.create({ data: { id: hashToken(token), userId, createdAt, expiresAt } });
      return { token, expiresAt };
    },

    async lookup(token) {
      if (!isWellFormed(token)) return null;
      const session = await db.session.findUnique({
        where: { id: hashToken(token) },
        select: { expiresAt: true, user: { select: { id: true, username: true, isStaff: true } } },
      });
      if (!session || session.expiresAt <= now()) return null;
      return session.user;
    },

    async destroy(token) {
      if (!isWellFormed(token)) return;
      await db.session.deleteMany({ where: { id: hashToken(token) } });
    },

    async liveUsers(sessionIds) {
      const live = new Map<string, SessionUser>();
      for (let start = 0; start < sessionIds.length; start += LIVE_USERS_BATCH) {
        const rows = await db.session.findMany({
          where: { id: { in: sessionIds.slice(start, start + LIVE_USERS_BATCH) as string[] }, expiresAt: { gt: now() } },
          select: { id: true, user: { select: { id: true, username: true, isStaff: true } } },
        });
        for (const row of rows) live.set(row.id, row.user);
      }
      return live;
    },

    async purgeExpired() {
      const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now() } } });
      return count;
    },
  };
}

/**
 * The id a session token is stored under (its SHA-256), or null for a
 * malformed token: what sockets and reply tokens are bound to, so a session
 * can be revoked without keeping its token anywhere.
 */
export function sessionIdOf(token: string | null | undefined): string | null {
  return isWellFormed(token) ? hashToken(token) : null;
}

function isWellFormed(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
