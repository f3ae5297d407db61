import { z } from 'zod';
import { wireErrorSchema } from './errors.ts';
import { publicUserSchema } from './kit-protocol.ts';

/** One answer of an HTTP route: what it means and, for JSON, its body. */
export type HttpAnswer = { description: string; body?: z.ZodType };

/** An HTTP route a client uses, as the protocol document states it. */
export type HttpRouteSpec = {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  summary: string;
  /** Request headers that matter, by name. */
  headers?: Record<string, string>;
  /** Query parameters, by name. */
  query?: Record<string, string>;
  /** The request body: its media type, what it is and (for JSON) its schema. */
  body?: { contentType: string; description: string; schema?: z.ZodType };
  /** Answers by status code. */
  answers: Record<number, HttpAnswer>;
};

/** An error answer: `{ error: { code, message, retryAfterMs? } }`. */
export const httpErrorSchema = z.object({ error: wireErrorSchema });

/** `GET /healthz`'s answer. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'draining']),
  redis: z.enum(['ok', 'down']),
  postgres: z.enum(['ok', 'down']),
});

const session = z.object({ user: publicUserSchema.nullable() });
const credentials = z.object({ username: z.string(), password: z.string(), next: z.string().optional() });
/** What the `origin` header of a state-changing request must be. */
export const sameOrigin = 'the site’s own origin (browsers send it), or none from a client that sends no cookie either; another origin, or cookies without an origin, is refused with 403';
/** An error answer with its meaning. */
export const errorAnswer = (description: string): HttpAnswer => ({ description, body: httpErrorSchema });
/** The answer of a request refused by a rate limit. */
export const rateLimitedAnswer = errorAnswer('a limit was reached (docs/reliability.md#limits-and-abuse); `retryAfterMs` and the `Retry-After` header say when to retry');

/**
 * The kit's HTTP routes a client needs besides the socket: health and the
 * session. Features add theirs (Feature.httpApi). The protocol document
 * (docs/asyncapi.json, docs/protocol-reference.md) is generated from these
 * lists and the event maps; the handlers in server/http/ implement them.
 */
export const httpApi: Record<string, HttpRouteSpec> = {
  health: {
    method: 'GET',
    path: '/healthz',
    summary: 'Whether this interface server can serve: Redis and PostgreSQL reachable, not draining.',
    answers: { 200: { description: 'serving', body: healthSchema }, 503: { description: 'a service is down, or the server is draining', body: healthSchema } },
  },
  sessionRead: {
    method: 'GET',
    path: '/api/session',
    summary: 'The user of the session cookie (`sy_session`), or null.',
    answers: { 200: { description: 'the session’s user', body: session } },
  },
  sessionLogin: {
    method: 'POST',
    path: '/api/session',
    summary: 'Logs in: sets the `sy_session` cookie (HttpOnly, SameSite=Lax). A form post answers 303 to `next` instead of JSON.',
    headers: { origin: sameOrigin },
    body: { contentType: 'application/json', description: 'the credentials (or the same fields as a form)', schema: credentials },
    answers: {
      200: { description: 'logged in', body: session },
      401: errorAnswer('wrong username or password'),
      403: errorAnswer('another origin'),
      429: rateLimitedAnswer,
    },
  },
  sessionLogout: {
    method: 'DELETE',
    path: '/api/session',
    summary: 'Logs out: the session is destroyed, the cookie cleared, and the user’s sockets of that session disconnected.',
    headers: { origin: sameOrigin },
    answers: { 200: { description: 'logged out', body: session }, 403: errorAnswer('another origin') },
  },
};
