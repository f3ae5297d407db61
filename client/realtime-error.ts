import type { ErrorCode, WireError } from '../server/protocol/index.ts';

/**
 * Why an emit failed: a code the server sent in its ack (see
 * server/protocol/errors.ts), or `timeout` when no ack arrived in time.
 */
export type RealtimeErrorCode = ErrorCode | 'timeout';

/**
 * The error `emit` rejects with. `message` is the server's, written for the
 * person using the page; `issues` names each bad field of an `invalid_input`.
 *
 * @example
 * try { await emit('announcement.post', { text }) }
 * catch (error) { if (error instanceof RealtimeError && error.code === 'forbidden') ... }
 */
export class RealtimeError extends Error {
  readonly code: RealtimeErrorCode;
  readonly issues: readonly { path: string; message: string }[];

  constructor(code: RealtimeErrorCode, message: string, issues: readonly { path: string; message: string }[] = []) {
    super(message);
    this.name = 'RealtimeError';
    this.code = code;
    this.issues = issues;
  }

  /** Builds the error from the `error` of a `{ ok: false }` ack. */
  static fromWire(error: WireError): RealtimeError {
    return new RealtimeError(error.code, error.message, error.issues ?? []);
  }
}
