import { createRequire } from 'node:module';
import type { TraceCarrier } from '../tracing/trace-context.ts';

// notepack.io is the MessagePack codec the Socket.IO Redis adapter and emitter use by default.
const notepack = createRequire(import.meta.url)('notepack.io') as { encode(value: unknown): Buffer; decode(buffer: Buffer): unknown };

/** A broadcast packet as it crosses Redis between Socket.IO processes. */
export type StampedPacket = { type?: number; data?: unknown[]; nsp?: string; publishedAt?: number; trace?: TraceCarrier };

// The trace of the publish under way (publishInTrace); Socket.IO builds the packet inside the emit call.
let publishing: TraceCarrier | undefined;

/**
 * Runs `emit` (a Socket.IO emit, to the adapter or the Redis emitter) so that
 * the broadcast packets it builds carry `trace`. A synchronous hand-off, not
 * an async context: Socket.IO builds and encodes the packet before `emit`
 * returns, and nothing else can run in between.
 */
export function publishInTrace<T>(trace: TraceCarrier | undefined, emit: () => T): T {
  const previous = publishing;
  publishing = trace;
  try {
    return emit();
  } finally {
    publishing = previous;
  }
}

/**
 * Marks a broadcast packet with the time it was published (ms since the
 * epoch) and, while tracing, the trace of its publish (publishInTrace), unless it has them. The field travels inside the packet object
 * between processes (the adapter's and emitter's MessagePack envelope) and is
 * never sent to clients: Socket.IO's encoder writes only type, namespace, id
 * and data. Interface servers read it when they emit (server/metrics/emit-timing.ts).
 */
export function stampPublish(packet: StampedPacket, now = Date.now()): void {
  packet.publishedAt ??= now;
  if (!packet.trace && publishing) packet.trace = publishing;
}

/**
 * The Redis emitter's parser (its `parser` option): MessagePack as by
 * default, with every broadcast stamped, so that publishes from workers and
 * scripts are timed on arrival like those of interface servers.
 */
export const stampingParser = {
  encode(message: unknown): Buffer {
    if (Array.isArray(message) && typeof message[1] === 'object' && message[1] !== null) stampPublish(message[1] as StampedPacket);
    return notepack.encode(message);
  },
  decode: (buffer: Buffer): unknown => notepack.decode(buffer),
};
