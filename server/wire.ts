import type { Socket } from 'socket.io';
import type { Ack, WireError } from './protocol/errors.ts';
import { isDatabaseUnavailable } from './database-unavailable.ts';
import { SwitchyardError, Unavailable } from './errors.ts';
import { logger } from './log/logger.ts';
import type { Logger } from './log/logger.ts';

const wireLog = logger.child({ module: 'wire' });

/** An incoming Socket.IO packet split into its parts. */
export type IncomingEvent = { event: unknown; args: unknown[]; ack?: (response: Ack<unknown>) => void };

/** Splits a packet `[event, ...args, ack?]` into event name, arguments and ack callback. */
export function splitPacket(packet: unknown[]): IncomingEvent {
  const [event, ...args] = packet;
  const last = args.at(-1);
  if (typeof last === 'function') {
    args.pop();
    return { event, args, ack: last as IncomingEvent['ack'] };
  }
  return { event, args };
}

/**
 * The wire form of any error: SwitchyardErrors say what went wrong; PostgreSQL
 * being down is `unavailable` (retry later); anything else is logged and
 * reported as internal — on `log`, a connection's own logger when there is one
 * (its lines then name the connection, reply channel, user and event).
 */
export function toWireError(error: unknown, context: string, log: Logger = wireLog): WireError {
  if (error instanceof SwitchyardError) return error.toWire();
  if (isDatabaseUnavailable(error)) {
    log.error(`${context}: PostgreSQL is unavailable`);
    return new Unavailable('PostgreSQL').toWire();
  }
  log.error({ err: error }, `${context} failed`);
  return { code: 'internal', message: 'internal error; it has been logged' };
}

/**
 * Tells the client its event failed: through the ack when it sent one,
 * otherwise as an `event.rejected` event carrying the same error (its
 * `issues`, its `retryAfterMs`). Never throws, never disconnects.
 */
export function rejectEvent(socket: Socket, incoming: IncomingEvent, error: WireError): void {
  if (incoming.ack) {
    incoming.ack({ ok: false, error });
    return;
  }
  const event = typeof incoming.event === 'string' ? incoming.event.slice(0, 100) : String(typeof incoming.event);
  socket.emit('event.rejected', { event, error });
}
