import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RedisClient } from '../layer/redis-connection.ts';
import { z } from 'zod';
import type { Database } from '../../prisma/client.ts';
import { createUser, UsernameTaken } from '../auth/index.ts';
import type { SessionStore } from '../auth/index.ts';
import { InvalidInput } from '../errors.ts';
import { readBody } from '../http/read-body.ts';
import { sendError } from '../http/send-error.ts';
import { sessionCookie } from '../http/session-cookie.ts';
import type { HttpRoute } from '../http/http-route.ts';
import { requireSameOrigin } from '../middleware/origin.ts';
import { needsFirstRun } from './needs-first-run.ts';
import { clearSetupCode, isSetupCode } from './setup-code.ts';
import { isFromThisMachine } from './this-machine.ts';

const SETUP_PATH = '/api/setup';
// One setup at a time across servers: two people racing would otherwise both become the "first" staff user.
const LOCK_MS = 10_000;

const formSchema = z.object({
  username: z.string().max(64).default(''),
  password: z.string().max(512).default(''),
  code: z.string().max(64).default(''),
});

/**
 * Why setup sent the form back (the `setup` query parameter of `/admin`):
 * `code` (not this machine, and no or a wrong setup code), `username`,
 * `password`, `taken`, `busy` (another setup is running), `done` (a staff
 * account exists: setup is closed); `welcome` after success.
 */
export type SetupOutcome = 'code' | 'username' | 'password' | 'taken' | 'busy' | 'done' | 'welcome';

/** Dependencies of the first-run route. */
export type FirstRunRouteOptions = {
  db: Database;
  sessions: SessionStore;
  redis: RedisClient;
  prefix: string;
  cookieName: string;
  ttlSeconds: number;
  allowedOrigins: readonly string[];
  /** See TRUST_PROXY: decides who is "this machine". */
  trustedProxies: number;
};

/**
 * `POST /api/setup` (a plain HTML form on `/admin`): while there is no staff
 * account, creates the first one and logs it in — from the server's own
 * machine as it is, from anywhere else only with the one-time setup code the
 * server printed in its log. Same-origin requests only (CSRF). Every answer
 * is a redirect back to `/admin` saying what happened (`SetupOutcome`), the
 * username kept for the form; never the password.
 */
export function firstRunRoute(options: FirstRunRouteOptions): HttpRoute {
  return async (request, response) => {
    if (new URL(request.url ?? '/', 'http://local').pathname !== SETUP_PATH) return false;
    try {
      if (request.method !== 'POST') {
        response.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' });
        response.end('use POST');
        return true;
      }
      requireSameOrigin(request, options.allowedOrigins, options.trustedProxies);
      await setUp(request, response);
    } catch (error) {
      sendError(response, error, 'first-run setup');
    }
    return true;
  };

  async function setUp(request: IncomingMessage, response: ServerResponse) {
    const parsed = formSchema.safeParse(await readBody(request));
    const form = parsed.success ? parsed.data : { username: '', password: '', code: '' };
    const back = (outcome: SetupOutcome, cookie?: string) => redirect(response, outcome, form.username, cookie);
    if (!(await needsFirstRun(options.db))) return back('done');
    if (!isFromThisMachine(request, options.trustedProxies) && !(await isSetupCode(options.redis, options.prefix, form.code))) return back('code');

    const lock = `${options.prefix}:first-run:lock`;
    if ((await options.redis.set(lock, '1', 'PX', LOCK_MS, 'NX')) === null) return back('busy');
    try {
      if (!(await needsFirstRun(options.db))) return back('done');
      const user = await createUser(options.db, { username: form.username, password: form.password, isStaff: true });
      await clearSetupCode(options.redis, options.prefix);
      const { token } = await options.sessions.create(user.id);
      back('welcome', sessionCookie(request, { name: options.cookieName, value: token, maxAge: options.ttlSeconds, trustedProxies: options.trustedProxies }));
    } catch (error) {
      if (error instanceof UsernameTaken) return back('taken');
      if (error instanceof InvalidInput) return back(error.issues.some((issue) => issue.path === 'username') ? 'username' : 'password');
      throw error;
    } finally {
      await options.redis.del(lock);
    }
  }
}

function redirect(response: ServerResponse, outcome: SetupOutcome, username: string, cookie?: string) {
  const keep = outcome === 'welcome' || outcome === 'done' ? '' : `&username=${encodeURIComponent(username)}`;
  response.writeHead(303, { location: `/admin?setup=${outcome}${keep}`, 'cache-control': 'no-store', ...(cookie ? { 'set-cookie': cookie } : {}) });
  response.end();
}
