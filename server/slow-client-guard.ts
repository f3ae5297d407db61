import type { Server } from 'socket.io';
import { logger } from './log/logger.ts';

const defaultLog = logger.child({ module: 'slow-client-guard' });

/**
 * The parts of engine.io's socket (6.x) and ws's WebSocket (8.x) the guard
 * reads: confined to this module, and pinned by `npm run drills` (slow-client).
 */
type EngineSocket = {
  readyState: string;
  writeBuffer: { data?: unknown }[];
  /** `writable` is false from a send until the kernel took all of it (the send's callback). */
  transport: { writable?: boolean; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
};

/** Options of the slow-client guard. */
export type SlowClientGuardOptions = {
  /** Unsent bytes a connection may have waiting before it is dropped (MAX_SOCKET_BUFFER_BYTES). */
  maxBytes: number;
  /** How often every connection is checked. Default 500 ms. */
  intervalMs?: number;
  /** Where drops are reported. Default: the log, as warnings. */
  log?: (message: string) => void;
  /** Called for each connection dropped (counted in /metrics). */
  onDrop?: () => void;
};

/** Bytes queued for one connection and not yet handed to the kernel: engine.io's write buffer plus ws's. */
export function unsentBytes(socket: EngineSocket): number {
  let bytes = socket.transport.socket?.bufferedAmount ?? 0;
  for (const packet of socket.writeBuffer) {
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  return bytes;
}

/** Every this many intervals the guard checks every connection, not only those written to since the last check. */
const FULL_SCAN_EVERY = 10;

/**
 * Disconnects clients that stop reading. Socket.IO queues whatever is sent to
 * a connection whose peer does not read (the kernel's socket buffer fills,
 * then ws's buffer, then engine.io's write buffer) without any limit, so one
 * stalled client in a busy group would hold ever more of the server's memory.
 * Every `intervalMs` this sums the unsent bytes of each connection engine.io
 * flushed to since the last check (a connection stays on that list while it
 * has data waiting) and drops those above `maxBytes` at once (the queued data
 * is discarded); every tenth check covers every connection, for a transport
 * that holds data without flushing (long polling). Idle connections cost the
 * guard nothing between full checks. Such a client, if it ever reads again,
 * reconnects and catches up like after any disconnect. Returns a function that
 * stops the checks.
 */
export function guardSlowClients(io: Server, options: SlowClientGuardOptions): () => void {
  const log = options.log ?? ((message: string) => defaultLog.warn(message));
  const engine = io.engine as unknown as { clients: Record<string, EngineSocket>; on(event: 'flush', listener: (socket: EngineSocket) => void): void };
  const written = new Set<EngineSocket>();
  engine.on('flush', (socket) => written.add(socket));
  const check = (socket: EngineSocket) => {
    // Nothing waits for a connection whose transport took everything (writable) and whose buffer is empty.
    if (socket.readyState === 'closed' || (socket.transport.writable !== false && socket.writeBuffer.length === 0)) {
      written.delete(socket);
      return;
    }
    const bytes = unsentBytes(socket);
    if (bytes <= options.maxBytes) return;
    written.delete(socket);
    options.onDrop?.();
    log(`dropped a connection that stopped reading: ${bytes} bytes unsent, more than MAX_SOCKET_BUFFER_BYTES (${options.maxBytes})`);
    // terminate() frees ws's buffer now; a polite close would wait for the peer to read it.
    socket.transport.socket?.terminate?.();
    socket.close(true);
  };
  let round = 0;
  const timer = setInterval(() => {
    round = (round + 1) % FULL_SCAN_EVERY;
    if (round === 0) for (const id in engine.clients) check(engine.clients[id]!);
    for (const socket of written) check(socket);
  }, options.intervalMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}
