import { z } from 'zod';
import { bigdataResultSchema, MAX_CSV_BYTES } from './bigdata.ts';
import { wireErrorSchema } from './errors.ts';
import { publicUserSchema } from './events.ts';

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
const sameOrigin = 'the site’s own origin (browsers send it), or none from a client that sends no cookie either; another origin, or cookies without an origin, is refused with 403';
const error = (description: string): HttpAnswer => ({ description, body: httpErrorSchema });
const rateLimited = error('a limit was reached (docs/reliability.md#limits-and-abuse); `retryAfterMs` and the `Retry-After` header say when to retry');

/**
 * The HTTP routes a client needs besides the socket: health, the session,
 * CSV uploads for jobs and large job results. The protocol document
 * (docs/asyncapi.json, docs/protocol-reference.md) is generated from this
 * list and the event maps; the handlers in server/http/ implement it.
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
      401: error('wrong username or password'),
      403: error('another origin'),
      429: rateLimited,
    },
  },
  sessionLogout: {
    method: 'DELETE',
    path: '/api/session',
    summary: 'Logs out: the session is destroyed, the cookie cleared, and the user’s sockets of that session disconnected.',
    headers: { origin: sameOrigin },
    answers: { 200: { description: 'logged out', body: session }, 403: error('another origin') },
  },
  bigdataUpload: {
    method: 'POST',
    path: '/api/jobs/bigdata',
    summary: 'Uploads a CSV for the `bigdata.process` worker channel; progress and the outcome arrive on the reply channel named by `x-reply-token` (namespace `/jobs`).',
    headers: { 'x-reply-token': 'the token of `reply.assigned`; the job belongs to the user of the session cookie, else to the browser of the `sy_visitor` cookie, else to this reply channel', origin: sameOrigin },
    query: { name: 'the file’s name, shown in the job list' },
    body: { contentType: 'text/csv', description: `the CSV file as the raw body, at most ${MAX_CSV_BYTES} bytes` },
    answers: {
      202: { description: 'accepted: the job is queued', body: z.object({ jobId: z.string() }) },
      400: error('empty or binary file, or no valid reply token'),
      403: error('another origin'),
      413: error('the file is too large'),
      429: rateLimited,
    },
  },
  jobResult: {
    method: 'GET',
    path: '/api/jobs/{jobId}/result',
    summary: 'The result of one of the client’s completed jobs (or of one shared with it), when `job.completed` carried `resultBytes` instead of the result.',
    headers: {
      'x-reply-token': 'the token of `reply.assigned`; a user’s jobs also by the session cookie, a browser’s by its `sy_visitor` cookie',
      'x-share-token': 'for a job its owner shared by link (`job.share`): the link’s token',
    },
    answers: {
      200: { description: 'the result (for `bigdata.process`)', body: bigdataResultSchema },
      400: error('no valid reply token'),
      403: error('a page of another origin'),
      404: error('not one of the client’s completed jobs'),
      429: rateLimited,
    },
  },
};
