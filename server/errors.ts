import type { z } from 'zod';
import type { ErrorCode, WireError } from './protocol/errors.ts';

/**
 * Base of every error Switchyard raises on purpose. Each carries a wire code
 * and a message meant for the person who has to act on it.
 */
export class SwitchyardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The form sent to a client. */
  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}

/** Input failed its schema; `issues` names each bad field. */
export class InvalidInput extends SwitchyardError {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super('invalid_input', message);
  }

  /** Builds an InvalidInput from a zod error, prefixing the message with what was being parsed. */
  static fromZod(what: string, error: z.ZodError): InvalidInput {
    const issues = error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return new InvalidInput(`${what} is invalid: ${summary}`, issues);
  }

  override toWire(): WireError {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

/** A client sent an event no consumer of its namespace handles. */
export class UnknownEvent extends SwitchyardError {
  constructor(event: string, namespace: string) {
    super('unknown_event', `"${event}" is not an event of namespace "${namespace}"; see docs/protocol.md for the events it accepts`);
  }
}

/** A payload is larger than the configured bound. */
export class PayloadTooLarge extends SwitchyardError {
  constructor(what: string, bytes: number, limit: number) {
    super('payload_too_large', `${what} is ${bytes} bytes; the limit is ${limit} bytes (MAX_MESSAGE_BYTES)`);
  }
}

/** A connection sent events faster than its rate limit allows. */
export class RateLimited extends SwitchyardError {
  constructor(
    readonly retryAfterMs: number,
    message = `too many events; slow down and retry in ${retryAfterMs} ms`,
  ) {
    super('rate_limited', message);
  }

  /** The wire form carries the wait, so clients need not parse the message. */
  override toWire(): WireError {
    return { code: this.code, message: this.message, retryAfterMs: Math.max(0, Math.ceil(this.retryAfterMs)) };
  }
}

/** The write would duplicate something that must be unique (a name, an address); the message says what to change. */
export class Conflict extends SwitchyardError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** A backing service (Redis, PostgreSQL) is not reachable right now; retrying later may succeed. */
export class Unavailable extends SwitchyardError {
  constructor(service: string) {
    super('unavailable', `${service} is not reachable right now; retry shortly`);
  }
}

/** The action needs a logged-in user. */
export class Unauthorized extends SwitchyardError {
  constructor(message = 'log in first') {
    super('unauthorized', message);
  }
}

/** The user is logged in but may not do this. */
export class Forbidden extends SwitchyardError {
  constructor(message = 'you are not allowed to do this') {
    super('forbidden', message);
  }
}

/** The thing asked for does not exist (or is not the caller's). */
export class NotFound extends SwitchyardError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/**
 * Raised by connection middleware to refuse a socket: the client gets
 * `connect_error` with this message and `data.code`.
 */
export class DenyConnection extends SwitchyardError {
  /** Sent to the client by Socket.IO alongside the message (for `rate_limited`, with `retryAfterMs`). */
  readonly data: { code: ErrorCode; retryAfterMs?: number };

  constructor(code: ErrorCode, message: string, extra: { retryAfterMs?: number } = {}) {
    super(code, message);
    this.data = { code, ...extra };
  }
}

/** A configuration value is missing or malformed; the message names the variable. */
export class ImproperlyConfigured extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImproperlyConfigured';
  }
}
