/**
 * Recognises the errors PostgreSQL being down or restarting causes, whichever
 * layer raised them: Prisma (P1001 can't reach, P1002 timed out, P1017
 * connection closed), its pg driver adapter (`DatabaseNotReachable`,
 * `ConnectionClosed`, …, or a PostgreSQL error of class 08 "connection
 * exception" / 57P0x "shutting down"), or pg itself (a refused socket).
 * Such a failure is the service's, not the request's: it answers 503.
 */

const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const SQLSTATE = /^(08...|57P0[1-3])$/;

type Failure = { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };

/** True when `error` says PostgreSQL is unreachable, shutting down or dropped the connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const failure = error as Failure;
  const code = typeof failure.code === 'string' ? failure.code : '';
  if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code)) return true;
  const cause = failure.meta?.driverAdapterError?.cause;
  if (typeof cause?.kind === 'string' && ADAPTER_KINDS.has(cause.kind)) return true;
  if (typeof cause?.originalCode === 'string' && SQLSTATE.test(cause.originalCode)) return true;
  return typeof failure.message === 'string' && /Connection terminated/.test(failure.message);
}
