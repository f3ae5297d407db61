import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../protocol/errors.ts';
import { RateLimited } from '../errors.ts';
import { toWireError } from '../wire.ts';
import { sendJson } from './send-json.ts';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_event: 404,
  payload_too_large: 413,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/** Answers an HTTP request with an error as `{ error: { code, message } }` and the status its code implies (429s say when to retry). */
export function sendError(response: ServerResponse, error: unknown, context: string): void {
  const wire = toWireError(error, context);
  const retryAfter: Record<string, string> = error instanceof RateLimited ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
  sendJson(response, STATUS[wire.code], { error: wire }, retryAfter);
}
