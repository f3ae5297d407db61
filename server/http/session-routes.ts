import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { authenticate, sessionIdOf } from '../auth/index.ts';
import type { HashGate, LoginThrottle, SessionStore } from '../auth/index.ts';
import type { Database } from '../../prisma/client.ts';
import { InvalidInput, RateLimited } from '../errors.ts';
import type { HttpRoute } from './http-route.ts';
import { requireSameOrigin } from '../middleware/origin.ts';
import { textSchema } from '../protocol/fields.ts';
import { readBody } from './read-body.ts';
import { sendError } from './send-error.ts';
import { sessionTokenOf } from './session-token.ts';
import { sendJson } from './send-json.ts';
import { clientAddress } from './client-address.ts';
import { sessionCookie } from './session-cookie.ts';

const LOGOUT_PATH = '/api/session/logout';

const credentialsSchema = z.object({
  username: textSchema.min(1, 'username is required').max(64),
  password: textSchema.min(1, 'password is required').max(256),
  next: z.string().optional(),
});

/** Dependencies of the session API. */
export type SessionRoutesOptions = {
  db: Database;
  sessions: SessionStore;
  /** Refuses logins after too many failures per username and address, per address, per username. */
  throttle: LoginThrottle;
  /** Bounds the password hashes running and waiting at once. */
  hashGate: HashGate;
  /** Disconnects a session's sockets on every interface server, once it has ended. */
  revokeSession: (sessionId: string) => void;
  cookieName: string;
  ttlSeconds: number;
  allowedOrigins: readonly string[];
  /** See TRUST_PROXY: the address failed logins are counted against. */
  trustedProxies: number;
};

/**
 * The session API on `/api/session`: GET says who is logged in, POST logs in
 * (JSON, or a form that is redirected to `next`), DELETE logs out; a form POST
 * to `/api/session/logout` logs out and is redirected home, so the page's
 * logout button needs no JavaScript. The cookie
 * it sets is the one the socket middleware reads. Writes require a same-origin
 * request (CSRF); a login always starts a new session (no fixation); too many
 * failed logins (per username and address, per address, per username), or
 * more logins than the hash gate admits, answer 429 (form: back to the login
 * page with `error=throttled`).
 */
export function sessionRoutes(options: SessionRoutesOptions): HttpRoute {
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    if (url.pathname !== '/api/session' && url.pathname !== LOGOUT_PATH) return false;
    try {
      if (url.pathname === LOGOUT_PATH && request.method === 'POST') {
        redirect(response, '/', [await logout(request)]);
      } else if (url.pathname === LOGOUT_PATH) {
        sendJson(response, 405, { error: { code: 'invalid_input', message: 'use POST' } }, { allow: 'POST' });
      } else if (request.method === 'GET') {
        const token = sessionTokenOf(request, options.cookieName);
        sendJson(response, 200, { user: token ? await options.sessions.lookup(token) : null });
      } else if (request.method === 'POST') {
        await login(request, response);
      } else if (request.method === 'DELETE') {
        sendJson(response, 200, { user: null }, { 'set-cookie': await logout(request) });
      } else {
        sendJson(response, 405, { error: { code: 'invalid_input', message: 'use GET, POST or DELETE' } }, { allow: 'GET, POST, DELETE' });
      }
    } catch (error) {
      sendError(response, error, 'session route');
    }
    return true;
  };

  async function login(request: IncomingMessage, response: ServerResponse) {
    checkOrigin(request);
    const parsed = credentialsSchema.safeParse(await readBody(request));
    if (!parsed.success) throw InvalidInput.fromZod('login form', parsed.error);
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const next = safeNext(parsed.data.next);
    const { username, password } = parsed.data;
    const address = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], options.trustedProxies);
    try {
      await options.throttle.attempt(username, address);
    } catch (error) {
      if (isForm && error instanceof RateLimited) return redirect(response, `/login?error=throttled&next=${encodeURIComponent(next)}`, []);
      throw error;
    }
    let user;
    try {
      user = await options.hashGate.run(() => authenticate(options.db, username, password));
    } catch (error) {
      if (isForm && error instanceof RateLimited) return redirect(response, `/login?error=throttled&next=${encodeURIComponent(next)}`, []);
      throw error;
    }
    if (!user) {
      if (isForm) return redirect(response, `/login?error=1&next=${encodeURIComponent(next)}`, []);
      return sendJson(response, 401, { error: { code: 'unauthorized', message: 'wrong username or password' } });
    }
    await options.throttle.succeeded(username, address);
    await endSession(sessionTokenOf(request, options.cookieName));
    const { token } = await options.sessions.create(user.id);
    const setCookie = cookie(request, token, options.ttlSeconds);
    if (isForm) return redirect(response, next, [setCookie]);
    sendJson(response, 200, { user }, { 'set-cookie': setCookie });
  }

  /** Ends the request's session; returns the Set-Cookie header that clears the cookie. */
  async function logout(request: IncomingMessage): Promise<string> {
    checkOrigin(request);
    await endSession(sessionTokenOf(request, options.cookieName));
    return cookie(request, '', 0);
  }

  /** Destroys a session and disconnects its sockets everywhere (which also retires their reply tokens). */
  async function endSession(token: string | undefined) {
    const sessionId = sessionIdOf(token);
    if (!token || !sessionId) return;
    await options.sessions.destroy(token);
    options.revokeSession(sessionId);
  }

  function checkOrigin(request: IncomingMessage) {
    requireSameOrigin(request, options.allowedOrigins, options.trustedProxies);
  }

  function cookie(request: IncomingMessage, value: string, maxAge: number) {
    return sessionCookie(request, { name: options.cookieName, value, maxAge, trustedProxies: options.trustedProxies });
  }
}

// Only same-site relative paths: an open redirect would turn the login form into a phishing tool.
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

function redirect(response: ServerResponse, location: string, cookies: string[]) {
  response.writeHead(303, { location, 'cache-control': 'no-store', ...(cookies.length ? { 'set-cookie': cookies } : {}) });
  response.end();
}

