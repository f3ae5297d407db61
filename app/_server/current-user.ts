import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { createSessionStore, SESSION_COOKIE } from '../../server/auth/index.ts';
import type { SessionStore, SessionUser } from '../../server/auth/index.ts';
import { loadConfig } from '../../server/config.ts';
import { pageDatabase } from './page-database.ts';
import { pageLog } from './page-log.ts';

/** The logged-in user as pages see it. */
export type CurrentUser = SessionUser;

type PageServices = { sessions: SessionStore };

// Kept on globalThis for the same reason as the page database.
const holder = globalThis as typeof globalThis & { __switchyardPageServices?: PageServices };

function pageServices(): PageServices {
  if (!holder.__switchyardPageServices) {
    holder.__switchyardPageServices = { sessions: createSessionStore(pageDatabase(), { ttlSeconds: loadConfig().sessionTtlSeconds }) };
  }
  return holder.__switchyardPageServices;
}

/**
 * The user of the current request's session cookie, or null — the same
 * answer as `GET /api/session`. Cached per request, so the layout and the page
 * share one lookup. Reads cookies, so every page using it renders per request.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  try {
    return await pageServices().sessions.lookup(token);
  } catch (error) {
    // The page still works without knowing the user (the socket checks the cookie itself).
    pageLog.error({ err: error }, 'session lookup failed');
    return null;
  }
});
