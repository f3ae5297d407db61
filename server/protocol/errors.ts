import { z } from 'zod';

/**
 * Error codes a client can receive, in an ack (`{ ok: false, error }`) or in an
 * `event.rejected` event when it sent no ack callback.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_event',
  'payload_too_large',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error object sent on the wire. `issues` lists field problems for `invalid_input`; `retryAfterMs` comes with `rate_limited`. */
export const wireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** With `rate_limited`: how long to wait before retrying. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});

export type WireError = z.infer<typeof wireErrorSchema>;

/** What an ack callback receives. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };
