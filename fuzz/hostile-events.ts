import fc from 'fast-check';
import { systemClientEvents } from '../server/protocol/events.ts';
import type { Namespace } from '../server/protocol/events.ts';
import { arbitraryOf } from './schema-arbitrary.ts';
import { app } from '../server/features/index.ts';

/** What a hostile event does wrong (or, for "shaped", maybe nothing: those reach the handlers). */
export type HostileKind =
  | 'shaped'
  | 'mutated'
  | 'wrong-type'
  | 'unknown-event'
  | 'oversize'
  | 'deep'
  | 'binary'
  | 'arity'
  | 'unknown-namespace';

/** One hostile thing a client does on a namespace: emit an event, with or without an ack, or connect to a namespace that does not exist. */
export type HostileEvent = {
  kind: HostileKind;
  /** The packet data, `[event, ...args]`, as handed to socket.io-client (or, for "unknown-namespace", `[namespace]`). */
  data: unknown[];
  /** The packet data as JSON text, when it is input socket.io-client cannot encode (nesting too deep for JSON.stringify). */
  raw?: string;
  ack: boolean;
};

/** Options of `hostileEvent`. */
export type HostileEventOptions = {
  /** The server's MAX_MESSAGE_BYTES: oversize payloads go past it. */
  maxMessageBytes: number;
  /** Strings mixed into every string field: other clients' rooms, slugs, ids, forged tokens, awkward text. */
  hostileStrings: fc.Arbitrary<string>;
};

// socket.io-client refuses to emit these; a packet carrying one is a protocol violation (see hostile-frames.ts).
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const TRICKY_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'error', 'reply.assigned', 'event.rejected', 'server.draining'];

/**
 * Hostile events for one namespace: payloads shaped by the namespace's
 * schemas (so handlers run), the same with a key dropped, added or given a
 * value of the wrong type, payloads of any type, unknown event names (other
 * namespaces' events, Object.prototype members, numbers, long names),
 * payloads past MAX_MESSAGE_BYTES, nesting deeper than JSON.stringify can
 * walk, binary data, extra or missing arguments, and unknown namespaces;
 * each with or without an ack callback.
 */
export function hostileEvent(namespace: Namespace, options: HostileEventOptions): fc.Arbitrary<HostileEvent> {
  const specs = { ...app.index.clientEvents(namespace), ...systemClientEvents };
  const names = Object.keys(specs);
  const known = fc.constantFrom(...names);
  // One arbitrary per event, built once (building one compiles its schema's patterns).
  const shaped = fc.oneof(...names.map((name) => arbitraryOf(specs[name as keyof typeof specs].payload, options.hostileStrings).map((payload): Data => [name, payload])));
  const anything = fc.anything({ maxDepth: 3, maxKeys: 5 });
  const otherNamespacesEvents = app.namespaces.filter((n) => n !== namespace).flatMap((n) => Object.keys(app.index.clientEvents(n)));
  const unknownName = fc
    .oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...TRICKY_NAMES, ...otherNamespacesEvents), fc.string({ minLength: 100, maxLength: 2000 }), fc.integer())
    .filter((name) => typeof name === 'number' || (!Object.hasOwn(specs, name) && !RESERVED.has(name)));

  const kinds: { weight: number; arbitrary: fc.Arbitrary<Omit<HostileEvent, 'ack'>> }[] = [
    { weight: 30, arbitrary: shaped.map((data) => ({ kind: 'shaped', data })) },
    { weight: 15, arbitrary: fc.tuple(shaped, fc.constantFrom('drop', 'add', 'retype'), fc.string({ maxLength: 20 }), anything).map(mutated) },
    { weight: 10, arbitrary: fc.tuple(known, anything).map((data) => ({ kind: 'wrong-type', data })) },
    { weight: 10, arbitrary: fc.tuple(unknownName, anything).map((data) => ({ kind: 'unknown-event', data })) },
    { weight: 8, arbitrary: fc.tuple(shaped, fc.integer({ min: 1, max: options.maxMessageBytes }), fc.constantFrom('x', 'é', '😀')).map(oversize(options.maxMessageBytes)) },
    { weight: 4, arbitrary: fc.tuple(known, fc.oneof(fc.integer({ min: 2, max: 1000 }), fc.integer({ min: 1000, max: 100_000 })), fc.boolean()).map(deep) },
    { weight: 8, arbitrary: fc.tuple(shaped, fc.uint8Array({ maxLength: 64 }), fc.constantFrom('payload', 'field', 'extra')).map(binary) },
    { weight: 7, arbitrary: fc.tuple(known, fc.array(anything, { maxLength: 4 }).filter((args) => args.length !== 1)).map(([name, args]) => ({ kind: 'arity', data: [name, ...args] })) },
    { weight: 3, arbitrary: fc.stringMatching(/^\/[a-z0-9._-]{1,20}$/).filter((n) => !app.index.namespaces.includes(n)).map((n) => ({ kind: 'unknown-namespace', data: [n] })) },
  ];
  return fc.tuple(fc.oneof(...kinds), fc.boolean()).map(([event, ack]) => ({ ...event, ack }));
}

/**
 * The packet data as the server decodes it: JSON's view of what was sent
 * (undefined and NaN become null, …), Buffers kept as binary attachments.
 */
export function wireData(event: HostileEvent): unknown[] {
  if (event.raw !== undefined) return JSON.parse(event.raw) as unknown[];
  if (event.kind === 'binary') return event.data;
  return JSON.parse(JSON.stringify(event.data)) as unknown[];
}

type Data = unknown[];

function mutated([[name, payload], how, key, value]: [Data, 'drop' | 'add' | 'retype', string, unknown]): Omit<HostileEvent, 'ack'> {
  const object: Record<string, unknown> = { ...(payload as object) };
  const keys = Object.keys(object);
  if (how === 'drop' && keys.length > 0) delete object[keys[0] as string];
  else if (how === 'retype' && keys.length > 0) object[keys[0] as string] = value;
  else Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return { kind: 'mutated', data: [name, object] };
}

function oversize(maxBytes: number) {
  return ([[name, payload], extra, unit]: [Data, number, string]): Omit<HostileEvent, 'ack'> => {
    const padding = unit.repeat(Math.ceil((maxBytes + extra) / Buffer.byteLength(unit)));
    const keys = Object.keys(payload as object);
    return { kind: 'oversize', data: [name, { ...(payload as object), [keys[0] ?? 'padding']: padding }] };
  };
}

function deep([name, depth, asObject]: [string, number, boolean]): Omit<HostileEvent, 'ack'> {
  const nested = asObject ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const raw = `[${JSON.stringify(name)},{"nested":${nested}}]`;
  return { kind: 'deep', data: [name], raw };
}

function binary([[name, payload], bytes, where]: [Data, Uint8Array, 'payload' | 'field' | 'extra']): Omit<HostileEvent, 'ack'> {
  const buffer = Buffer.from(bytes);
  const keys = Object.keys(payload as object);
  if (where === 'payload') return { kind: 'binary', data: [name, buffer] };
  if (where === 'extra') return { kind: 'binary', data: [name, payload, buffer] };
  return { kind: 'binary', data: [name, { ...(payload as object), [keys[0] ?? 'data']: buffer }] };
}
